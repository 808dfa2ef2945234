#if canImport(CMalloc)
import CMalloc
#endif

/// glibc gives a thread that finds the allocator busy an arena of its own, up to eight per
/// core, and each arena keeps what was freed in it. A streamed result is read on whichever of
/// the blocking threads is free and encoded on another, so over one large DuckDB stream a
/// dozen arenas each came to hold a share of its batches: 73 MiB of heap where two arenas hold
/// 41 MiB, at the same speed (`bench/stream-query`). glibc's own `MALLOC_ARENA_MAX`, when set,
/// wins.
enum MemoryArenas {
    static func limit(to count: Int, environment: [String: String]) {
        #if canImport(CMalloc)
        guard environment["MALLOC_ARENA_MAX"] == nil else { return }
        _ = mallopt(M_ARENA_MAX, Int32(clamping: count))
        #endif
    }
}
