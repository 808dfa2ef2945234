import CMariaDB

/// Connector/C's process-wide set-up. `mysql_library_init` is not thread-safe and must run
/// before the first `mysql_init`; a `static let` initialiser runs exactly once, whichever
/// thread gets there first, which is the guard the library asks for.
enum MariaDBLibrary {
    private static let initStatus: Int32 = mysql_server_init(0, nil, nil)

    /// Makes the library, and the calling thread, ready for Connector/C calls. Called before
    /// each handle is opened; later calls on the handle need nothing more (Connector/C 3
    /// keeps no per-thread state, and `mysql_thread_init` is cheap and idempotent).
    static func prepareCurrentThread() {
        precondition(initStatus == 0, "mysql_library_init failed")
        _ = mysql_thread_init()
    }
}
