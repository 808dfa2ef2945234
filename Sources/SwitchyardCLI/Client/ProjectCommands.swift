import ArgumentParser
import Foundation

/// `switchyard projects list|create|delete`.
struct Projects: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List, create and delete projects.", subcommands: [List.self, Create.self, Delete.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the projects.")
        @OptionGroup var client: ClientOptions

        func run() async throws {
            let body = try await APIClient.with(client) { try await $0.get(APIClient.path("projects")) }
            Output.json(body)
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a project.")
        @OptionGroup var client: ClientOptions
        @Argument(help: "The project's name.") var name: String

        func run() async throws {
            let json = try JSONSerialization.data(withJSONObject: ["name": name])
            Output.json(try await APIClient.with(client) { try await $0.post(APIClient.path("projects"), json: json) })
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a project and its connections.")
        @OptionGroup var client: ClientOptions
        @Argument(help: "The project's name.") var name: String

        func run() async throws {
            try await APIClient.with(client) { try await $0.delete(APIClient.path("projects", name)) }
        }
    }
}
