import ArgumentParser

/// The `switchyard` command: a connection server for data warehouses.
@main
struct Switchyard: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "switchyard",
        abstract: "Named connections to data warehouses, per project, behind one REST API.",
        discussion: """
            `switchyard serve` (the default) runs the server. The other commands are its client: they             reach the server at SWITCHYARD_URL with the token in SWITCHYARD_TOKEN (or the file             SWITCHYARD_TOKEN_FILE names). Shell completions: switchyard --generate-completion-script bash|zsh|fish.
            """,
        subcommands: [Serve.self, RotateKey.self, Projects.self, Connections.self, Schemas.self, Tables.self, Query.self],
        defaultSubcommand: Serve.self)
}
