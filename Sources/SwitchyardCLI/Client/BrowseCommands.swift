import ArgumentParser

/// `switchyard schemas PROJECT CONNECTION`.
struct Schemas: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List a connection's schemas.")
    @OptionGroup var client: ClientOptions
    @OptionGroup var connection: ConnectionAddress

    func run() async throws {
        Output.json(try await APIClient.with(client) { try await $0.get(connection.path + "/schemas") })
    }
}

/// `switchyard tables PROJECT CONNECTION SCHEMA`.
struct Tables: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List a schema's tables with their columns.")
    @OptionGroup var client: ClientOptions
    @OptionGroup var connection: ConnectionAddress
    @Argument(help: "The schema.") var schema: String

    func run() async throws {
        let path = connection.path + "/schemas/" + APIClient.escaped(schema) + "/tables"
        Output.json(try await APIClient.with(client) { try await $0.get(path) })
    }
}
