#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// An exclusive lock on a file beside the catalog, held while the catalog is open: the
/// catalog's reads come from memory, which is right only while no other process writes the
/// file. A second server (or a key rotation) on the same data directory is refused.
final class CatalogFileLock: Sendable {
    private let descriptor: Mutex<Int32?>

    /// How long a lock held elsewhere is waited for before the open is refused. A process
    /// forked from this one holds a copy of the descriptor until it execs, so a catalog closed
    /// and reopened at once (a restart in place) can find its own lock still held for a moment.
    static let patience: Duration = .seconds(1)

    private init(descriptor fd: Int32) { descriptor = Mutex(fd) }

    static func acquire(path: String, patience: Duration = patience) async throws -> CatalogFileLock {
        let fd = Glibc.open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw CatalogLockError(description: "cannot open \(path): \(systemError(errno))")
        }
        let clock = ContinuousClock()
        let deadline = clock.now + patience
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let failure = errno
            let heldElsewhere = failure == EWOULDBLOCK || failure == EINTR
            guard heldElsewhere, clock.now < deadline else {
                close(fd)
                throw CatalogLockError(description: heldElsewhere
                    ? "the data directory is in use by another server (\(path) is locked)"
                    : "cannot lock \(path): \(systemError(failure))")
            }
            do { try await Task.sleep(for: .milliseconds(5)) } catch {
                close(fd)
                throw error
            }
        }
        return CatalogFileLock(descriptor: fd)
    }

    /// The system's words for `code`, with the number, as `strerror` gives them.
    private static func systemError(_ code: Int32) -> String { "\(String(cString: strerror(code))) (errno \(code))" }

    func release() {
        descriptor.withLock { fd in
            if let open = fd { close(open) }
            fd = nil
        }
    }

    deinit { release() }
}

/// Why the catalog could not be opened for this process alone.
public struct CatalogLockError: Error, CustomStringConvertible {
    public let description: String
}
