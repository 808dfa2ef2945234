import ArgumentParser

/// The `switchyard` command: a connection server for data warehouses.
@main
struct Switchyard: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "switchyard",
        abstract: "Named connections to data warehouses, per project, behind one REST API.",
        subcommands: [Serve.self, RotateKey.self],
        defaultSubcommand: Serve.self)
}
