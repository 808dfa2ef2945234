import Foundation
import NIOSSL
import PostgresNIO
import SwitchyardDrivers

/// Turns postgres-nio's errors into `DriverError`s a client can read and act on. PSQLError's
/// own description is deliberately opaque, so the message is built from its parts: the
/// server's message for refusals, the socket's reason for failed connections. Every message
/// has the connection's secrets cut out before it leaves.
struct ErrorTranslator: Sendable {
    var secrets: [String]
    /// `host:port` (or the socket path), for messages about reaching the server.
    var target: String

    /// `error` as a `DriverError`, or as `CancellationError` when the statement was cancelled
    /// because its reader went away.
    func translate(_ error: any Error) -> any Error {
        switch error {
        case let error as DriverError: return error
        case is CancellationError: return error
        case let error as PSQLError: return translate(error)
        default: return DriverError.connectionFailed(scrub(describe(error)))
        }
    }

    /// Like `translate`, for failures that can only mean the server was not reached.
    func connectionFailure(_ error: any Error) -> DriverError {
        switch translate(error) {
        case let error as DriverError: if case .statementFailed(let text) = error { .connectionFailed(text) } else { error }
        default: .connectionFailed("the connection attempt was cancelled")
        }
    }

    private func translate(_ error: PSQLError) -> any Error {
        switch error.code {
        case .server:
            let message = scrub(error.serverInfo?[.message] ?? "the server reported an error")
            let state = error.serverInfo?[.sqlState] ?? ""
            // 57014 is any cancel; only statement_timeout's means "ran too long".
            if state == "57014", message.contains("statement timeout") { return DriverError.timedOut }
            // 08: connection exception, 28: authorization, 3D000: no such database, 53300: too
            // many connections, 57P0x: the server is shutting down or starting up.
            let refusal =
                state.hasPrefix("08") || state.hasPrefix("28") || state == "3D000" || state == "53300"
                || state.hasPrefix("57P")
            return refusal ? DriverError.connectionFailed(message) : DriverError.statementFailed(message)
        case .queryCancelled:
            return CancellationError()
        case .connectionError:
            return DriverError.connectionFailed(scrub("could not connect to \(target): \(describe(error.underlying))"))
        case .serverClosedConnection, .uncleanShutdown:
            return DriverError.connectionFailed("the server at \(target) closed the connection")
        case .clientClosedConnection, .poolClosed:
            return DriverError.connectionFailed("the connection to \(target) is closed (the driver was shut down)")
        case .sslUnsupported:
            return DriverError.connectionFailed("the server at \(target) does not accept TLS, which sslmode requires")
        case .failedToAddSSLHandler, .receivedUnencryptedDataAfterSSLRequest:
            return DriverError.connectionFailed(scrub("TLS with \(target) failed: \(describe(error.underlying))"))
        case .authMechanismRequiresPassword:
            return DriverError.connectionFailed("the server asks for a password, and none is set")
        case .unsupportedAuthMechanism:
            return DriverError.connectionFailed("the server asks for a sign-in method this driver does not support")
        case .saslError:
            return DriverError.connectionFailed(scrub("SCRAM sign-in failed: \(describe(error.underlying))"))
        default:
            return DriverError.statementFailed(scrub("\(error.code)"))
        }
    }

    /// A short reason: `Connection refused` rather than NIO's nested structure, and never an
    /// error's own description, which names internal types (`ConnectionPoolError(base: …)`).
    private func describe(_ error: (any Error)?) -> String {
        switch error {
        case nil: return "no reason given"
        case let error as NIOConnectionError:
            if let dns = error.dnsAError ?? error.dnsAAAAError { return "could not resolve \(error.host): \(describe(dns))" }
            return error.connectionErrors.first.map { describe($0.error) } ?? "no address to connect to"
        case let error as IOError:
            return String(cString: strerror(error.errnoCode))
        case let error as NIOSSLExtraError where error == .failedToValidateHostname:
            return "TLS: the server's certificate does not name the host connected to (sslmode=verify-full)"
        case let error as NIOSSLError:
            if case .handshakeFailed(let reason) = error, "\(reason)".contains("CERTIFICATE_VERIFY_FAILED") {
                return "TLS: the server's certificate is not signed by an authority this connection trusts (see sslrootcert)"
            }
            return "the TLS handshake failed"
        case let error as ChannelError:
            if case .connectTimeout(let amount) = error {
                return "no answer within \(amount.nanoseconds / 1_000_000_000) s"
            }
            return "the network connection failed"
        case .some:
            // Other errors describe themselves with internal type names: never shown.
            return "the connection failed unexpectedly"
        }
    }

    private func scrub(_ message: String) -> String { DriverError.scrub(message, removing: secrets) }
}
