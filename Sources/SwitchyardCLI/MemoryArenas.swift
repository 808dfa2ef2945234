#if canImport(CMalloc)
import CMalloc
#endif

/// glibc gives a thread that finds the allocator busy an arena of its own, up to eight per
/// core, and each arena keeps what was freed in it. A streamed result is read on whichever of
/// the blocking threads is free and encoded on another, so over one 10M-row DuckDB stream a
/// dozen arenas came to hold 73-77 MiB of heap. Two arenas per core hold 46 MiB at the same
/// speed; one per core held 41 MiB but slowed a PostgreSQL Arrow stream by a third, its reader
/// and encoder taking turns at one arena (`bench/stream-query`, `bench/arrow-out`). glibc's own
/// `MALLOC_ARENA_MAX`, when set, wins.
enum MemoryArenas {
    static func limit(to count: Int, environment: [String: String]) {
        #if canImport(CMalloc)
        guard environment["MALLOC_ARENA_MAX"] == nil else { return }
        _ = mallopt(M_ARENA_MAX, Int32(clamping: count))
        #endif
    }
}
