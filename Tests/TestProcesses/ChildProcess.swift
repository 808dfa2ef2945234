import Foundation
import Synchronization

/// A program run by the tests (curl, openssl, a Python client), started with `posix_spawn` and
/// reaped by `waitpid` on a thread of its own. Not Foundation's `Process`: on Linux its exit
/// notice can be lost when several are started at once from different threads, which leaves
/// a test waiting for ever; and waiting here never blocks one of Swift's cooperative threads,
/// which an in-process server under test needs.
public final class ChildProcess: Sendable {
    public let pid: pid_t
    private let state = Mutex(State())

    private struct State {
        var status: Int32?
        var waiters: [CheckedContinuation<Int32, Never>] = []
    }

    /// Starts `executable` with `arguments`, standard input from the file `input` (or
    /// /dev/null), standard output into the file `output` and standard error into `errors`
    /// (or /dev/null), in `directory` with `environment` (default: the tests' own). The child
    /// starts with no signal blocked or ignored, so that a signal sent to it takes effect.
    public init(
        _ executable: String, _ arguments: [String], input: String? = nil, output: String? = nil, errors: String? = nil,
        environment: [String: String]? = nil, directory: String? = nil
    ) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, input ?? "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output ?? "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errors ?? "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        // In another directory through env(1): glibc's posix_spawn chdir action is not exported to Swift.
        let command = directory.map { ["/usr/bin/env", "-C", $0, executable] } ?? [executable]
        let argv = (command + arguments).map { strdup($0) } + [nil]
        let envp = (environment ?? ProcessInfo.processInfo.environment).map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var child = pid_t()
        let result = posix_spawn(&child, command[0], &actions, &attributes, argv, envp)
        guard result == 0 else { throw POSIXError(POSIXErrorCode(rawValue: result) ?? .EINVAL) }
        pid = child
        let reaper = Thread { [self, child] in
            var status: Int32 = 0
            while waitpid(child, &status, 0) == -1, errno == EINTR {}
            let waiters = state.withLock { state in
                state.status = status
                defer { state.waiters = [] }
                return state.waiters
            }
            for waiter in waiters { waiter.resume(returning: status) }
        }
        reaper.start()
    }

    public var isRunning: Bool { state.withLock { $0.status == nil } }

    /// The raw wait status once the child has ended.
    public func wait() async -> Int32 {
        await withCheckedContinuation { (waiter: CheckedContinuation<Int32, Never>) in
            let ended = state.withLock { state in
                if state.status == nil { state.waiters.append(waiter) }
                return state.status
            }
            if let ended { waiter.resume(returning: ended) }
        }
    }

    /// The exit code, or nil while running or after a signal ended it.
    public var exitCode: Int32? {
        state.withLock { state in
            guard let status = state.status, status & 0x7F == 0 else { return nil }
            return (status >> 8) & 0xFF
        }
    }

    public func kill(_ signal: Int32 = SIGKILL) {
        if isRunning { _ = Foundation.kill(pid, signal) }
    }

    /// Runs `executable` to its end and returns what it wrote to standard output.
    public static func output(_ executable: String, _ arguments: [String]) async throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("switchyard-child-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: file) }
        _ = await (try ChildProcess(executable, arguments, output: file.path)).wait()
        return String(decoding: (try? Data(contentsOf: file)) ?? Data(), as: UTF8.self)
    }
}
