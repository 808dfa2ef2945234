import Foundation
import SwitchyardAPI
import SwitchyardCore

/// The `/api/v0` routes: each maps its input to the workspace (projects, connections) or the
/// query service (tests, browsing, statements) and the result back to the wire. Failures are
/// thrown and turned into responses in one place, `ErrorResponse`.
struct APIHandlers: APIProtocol {
    let workspace: Workspace
    let queries: QueryService
    let metrics: ServerMetrics
    let isFrozen: Bool

    /// Open to monitors without a token; only a caller with the token sees the projects
    /// (their connections name hosts, users and databases).
    func getStatus(_ input: Operations.GetStatus.Input) async throws -> Operations.GetStatus.Output {
        let projects = Caller.isAuthenticated ? try await workspace.projects() : []
        return .ok(.init(body: .json(.init(
            timestamp: (Date().timeIntervalSince1970 * 1000).rounded(),
            projects: projects.map(Components.Schemas.Project.init),
            initialized: true, operationalState: .serving, frozenConfig: isFrozen))))
    }

    // MARK: Projects

    func listProjects(_ input: Operations.ListProjects.Input) async throws -> Operations.ListProjects.Output {
        .ok(.init(body: .json(try await workspace.projects().map(Components.Schemas.Project.init))))
    }

    func createProject(_ input: Operations.CreateProject.Input) async throws -> Operations.CreateProject.Output {
        guard case .json(let body) = input.body, let name = body.name else {
            throw SwitchyardError.invalidField("name", "is required")
        }
        let project = try await metrics.catalogWrite("create_project") { try await workspace.createProject(name: name, readme: body.readme, location: body.location) }
        return .created(.init(body: .json(.init(project))))
    }

    func getProject(_ input: Operations.GetProject.Input) async throws -> Operations.GetProject.Output {
        .ok(.init(body: .json(.init(try await workspace.project(input.path.projectName)))))
    }

    func updateProject(_ input: Operations.UpdateProject.Input) async throws -> Operations.UpdateProject.Output {
        guard case .json(let body) = input.body else { throw SwitchyardError.invalidField("body", "is required") }
        let name = input.path.projectName
        if let sent = body.name, sent != name {
            throw SwitchyardError.invalidField("name", "must equal the project name in the path")
        }
        let project = try await metrics.catalogWrite("update_project") { try await workspace.updateProject(name, readme: body.readme, location: body.location) }
        return .ok(.init(body: .json(.init(project))))
    }

    func deleteProject(_ input: Operations.DeleteProject.Input) async throws -> Operations.DeleteProject.Output {
        .ok(.init(body: .json(.init(try await metrics.catalogWrite("delete_project") { try await workspace.deleteProject(input.path.projectName) }))))
    }

    /// Always empty: there are no packages here, but the platform's clients list them.
    func listPackages(_ input: Operations.ListPackages.Input) async throws -> Operations.ListPackages.Output {
        _ = try await workspace.project(input.path.projectName)
        return .ok(.init(body: .json([])))
    }

    // MARK: Connections

    func listConnections(_ input: Operations.ListConnections.Input) async throws -> Operations.ListConnections.Output {
        let connections = try await workspace.connections(in: input.path.projectName)
        return .ok(.init(body: .json(connections.map(Components.Schemas.Connection.init))))
    }

    func getConnection(_ input: Operations.GetConnection.Input) async throws -> Operations.GetConnection.Output {
        let connection = try await workspace.connection(input.path.connectionName, in: input.path.projectName)
        return .ok(.init(headers: .init(eTag: ETag.of(connection.revision)), body: .json(.init(connection))))
    }

    func createConnection(_ input: Operations.CreateConnection.Input) async throws -> Operations.CreateConnection.Output {
        guard case .json(let body) = input.body else { throw SwitchyardError.invalidField("body", "is required") }
        let (project, name) = (input.path.projectName, input.path.connectionName)
        if let sent = body.name, sent != name {
            throw SwitchyardError.invalidField("name", "must equal the connection name in the path")
        }
        let config = try body.config()
        if let type = body._type, type.rawValue != config.type.rawValue {
            throw SwitchyardError.invalidField("type", "must be \(config.type.rawValue), the type of the object sent")
        }
        let revision = try await metrics.catalogWrite("create_connection") { try await workspace.createConnection(name, in: project, config: config) }
        return .created(.init(
            headers: .init(eTag: ETag.of(revision)),
            body: .json(.init(message: "connection \(name) created in project \(project)"))))
    }

    func updateConnection(_ input: Operations.UpdateConnection.Input) async throws -> Operations.UpdateConnection.Output {
        guard case .json(let body) = input.body else { throw SwitchyardError.invalidField("body", "is required") }
        let (project, name) = (input.path.projectName, input.path.connectionName)
        let revision = try await metrics.catalogWrite("update_connection") { try await workspace.updateConnection(name, in: project, body: body, ifMatch: input.headers.ifMatch) }
        await queries.registry.evict(.init(project: project, connection: name))
        return .ok(.init(
            headers: .init(eTag: ETag.of(revision)),
            body: .json(.init(message: "connection \(name) updated in project \(project)"))))
    }

    func deleteConnection(_ input: Operations.DeleteConnection.Input) async throws -> Operations.DeleteConnection.Output {
        let (project, name) = (input.path.projectName, input.path.connectionName)
        try await metrics.catalogWrite("delete_connection") { try await workspace.deleteConnection(name, in: project, ifMatch: input.headers.ifMatch) }
        await queries.registry.evict(.init(project: project, connection: name))
        return .ok(.init(body: .json(.init(message: "connection \(name) deleted from project \(project)"))))
    }
}
