import ArgumentParser
import Foundation

/// Where the server is and the token to show it, for the client commands. The token is read
/// from `SWITCHYARD_TOKEN` or a file, never from the command line, so it stays out of process
/// lists and shell history.
struct ClientOptions: ParsableArguments {
    @Option(help: "The server's URL (SWITCHYARD_URL; default http://127.0.0.1:4000).")
    var url: String?

    @Option(name: .customLong("token-file"), help: "A file holding the admin token (SWITCHYARD_TOKEN_FILE); SWITCHYARD_TOKEN wins.")
    var tokenFile: String?

    func server() throws -> (url: String, token: String) {
        let environment = ProcessInfo.processInfo.environment
        var base = url ?? environment["SWITCHYARD_URL"] ?? "http://127.0.0.1:4000"
        while base.hasSuffix("/") { base.removeLast() }
        if let token = environment["SWITCHYARD_TOKEN"], !token.isEmpty { return (base, token) }
        guard let file = tokenFile ?? environment["SWITCHYARD_TOKEN_FILE"] else {
            throw ValidationError("no token: set SWITCHYARD_TOKEN, or name a file with --token-file or SWITCHYARD_TOKEN_FILE")
        }
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
            throw ValidationError("cannot read the token file \(file)")
        }
        return (base, text.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
