#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// An exclusive lock on a file beside the catalog, held while the catalog is open: the
/// catalog's reads come from memory, which is right only while no other process writes the
/// file. A second server (or a key rotation) on the same data directory is refused at once.
final class CatalogFileLock: Sendable {
    private let descriptor: Mutex<Int32?>

    init(path: String) throws {
        let fd = Glibc.open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw CatalogLockError(description: "cannot open \(path): errno \(errno)") }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            throw CatalogLockError(description: "the data directory is in use by another server (\(path) is locked)")
        }
        descriptor = Mutex(fd)
    }

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
