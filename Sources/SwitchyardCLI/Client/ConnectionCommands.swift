import ArgumentParser
import Foundation

/// `switchyard connections list|get|create|patch|delete|test`.
struct Connections: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage a project's connections.",
        subcommands: [List.self, Get.self, Create.self, Patch.self, Delete.self, Test.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a project's connections.")
        @OptionGroup var client: ClientOptions
        @Argument(help: "The project.") var project: String

        func run() async throws {
            Output.json(try await APIClient.with(client) { try await $0.get(APIClient.path("projects", project, "connections")) })
        }
    }

    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a connection (secrets are never shown, only whether they are set).")
        @OptionGroup var client: ClientOptions
        @OptionGroup var connection: ConnectionAddress

        func run() async throws {
            Output.json(try await APIClient.with(client) { try await $0.get(connection.path) })
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a connection from a JSON body.",
            discussion: """
                The body is the API's: e.g. {"postgresConnection": {"host": "db", "databaseName": "sales", \
                "userName": "reporter"}}. Secrets go in the body file, or with --secret, which asks for \
                the value at a prompt (or reads one line of standard input when it is not a terminal).
                """)
        @OptionGroup var client: ClientOptions
        @OptionGroup var body: BodyOptions
        @OptionGroup var connection: ConnectionAddress

        func run() async throws {
            let json = try body.json()
            Output.json(try await APIClient.with(client) { try await $0.post(connection.path, json: json) })
        }
    }

    struct Patch: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change a connection with a JSON merge patch: what is left out keeps its value, null clears it.")
        @OptionGroup var client: ClientOptions
        @OptionGroup var body: BodyOptions
        @OptionGroup var connection: ConnectionAddress

        func run() async throws {
            let json = try body.json()
            Output.json(try await APIClient.with(client) { try await $0.patch(connection.path, json: json) })
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a connection.")
        @OptionGroup var client: ClientOptions
        @OptionGroup var connection: ConnectionAddress

        func run() async throws {
            try await APIClient.with(client) { try await $0.delete(connection.path) }
        }
    }

    struct Test: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Test that a connection's database answers; exits 1 when it does not.")
        @OptionGroup var client: ClientOptions
        @OptionGroup var connection: ConnectionAddress

        func run() async throws {
            let body = try await APIClient.with(client) { try await $0.post(connection.path + "/test") }
            Output.json(body)
            let answer = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any]
            if answer?["status"] as? String != "ok" { throw ExitCode.failure }
        }
    }
}

/// PROJECT CONNECTION, the two arguments that name a connection.
struct ConnectionAddress: ParsableArguments {
    @Argument(help: "The project.") var project: String
    @Argument(help: "The connection.") var name: String

    var path: String { APIClient.path("projects", project, "connections", name) }
}

/// A request body read from a file or standard input, with secrets added from a prompt.
struct BodyOptions: ParsableArguments {
    @Option(name: .customLong("body"), help: "A file holding the JSON body, or - for standard input.")
    var file: String

    @Option(name: .customLong("secret"), help: "A dotted field (postgresConnection.password) whose value is asked for, never given on the command line.")
    var secretFields: [String] = []

    func json() throws -> Data {
        let text: Data
        if file == "-" {
            guard secretFields.isEmpty || Output.inputIsTerminal else {
                throw ValidationError("--secret reads standard input, which --body - already takes: put the body in a file")
            }
            text = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("cannot read \(file)") }
            text = data
        }
        guard var object = try? JSONSerialization.jsonObject(with: text) as? [String: Any] else {
            throw ValidationError("the body is not a JSON object")
        }
        for field in secretFields {
            object = try Self.setting(field.split(separator: ".").map(String.init)[...], to: try SecretInput.read(field), in: object)
        }
        return try JSONSerialization.data(withJSONObject: object)
    }

    /// `object` with `value` at the path, making the objects on the way.
    private static func setting(_ path: ArraySlice<String>, to value: String, in object: [String: Any]) throws -> [String: Any] {
        guard let key = path.first else { throw ValidationError("--secret needs a field name") }
        var object = object
        if path.count == 1 {
            object[key] = value
        } else {
            object[key] = try setting(path.dropFirst(), to: value, in: object[key] as? [String: Any] ?? [:])
        }
        return object
    }
}

/// A secret's value: at a prompt that does not echo when a person is typing, otherwise one
/// line of standard input (for scripts that pipe it in).
enum SecretInput {
    static func read(_ field: String) throws -> String {
        if Output.inputIsTerminal {
            guard let typed = getpass("\(field): ") else { throw ValidationError("no value for \(field)") }
            return String(cString: typed)
        }
        guard let line = Swift.readLine(strippingNewline: true) else { throw ValidationError("no value for \(field) on standard input") }
        return line
    }
}
