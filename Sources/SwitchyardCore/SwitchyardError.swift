/// Every outcome of the domain a client can be told about, other than success, with the HTTP
/// status each answers with. Messages name fields, never the values sent in them.
public enum SwitchyardError: HTTPStatusError, Equatable, Sendable {
    /// A field is missing, malformed or not allowed; the first value is its path in the body.
    case invalidField(String, String)
    /// A request carried none, or more than one, of the connection type objects.
    case wrongNumberOfTypeObjects([String])
    case projectNotFound(String)
    case connectionNotFound(project: String, connection: String)
    case projectExists(String)
    case connectionExists(project: String, connection: String)
    /// `If-Match` named a revision that is no longer current.
    case revisionMismatch
    /// The server runs with a frozen configuration.
    case frozen
    /// Too many writers raced for one connection; the client may try again.
    case busy(String)

    /// Describes a decoding failure by the path of the field, without the value.
    public init(_ error: DecodingError) {
        switch error {
        case .typeMismatch(let type, let context):
            self = .invalidField(context.codingPath.dottedPath, "must be \(Self.jsonKind(of: type))")
        case .valueNotFound(let type, let context):
            self = .invalidField(context.codingPath.dottedPath, "must be \(Self.jsonKind(of: type)), not null")
        case .keyNotFound(let key, let context):
            self = .invalidField((context.codingPath + [key]).dottedPath, "is required")
        case .dataCorrupted(let context):
            self =
                context.codingPath.isEmpty
                ? .invalidField("body", "is not valid JSON")
                : .invalidField(context.codingPath.dottedPath, Self.plain(context.debugDescription))
        @unknown default:
            self = .invalidField("body", "could not be read")
        }
    }

    private static func jsonKind(of type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Int64.Type: "an integer"
        case is Double.Type, is Float.Type: "a number"
        case is Bool.Type: "a boolean"
        case is [Any].Type: "an array"
        default: "an object"
        }
    }

    /// Decoder messages are kept only when they are our own short ones; parser messages can
    /// quote the input.
    private static func plain(_ description: String) -> String {
        description == "unknown field" ? "is not a known field" : "has a value of the wrong kind"
    }

    public var statusCode: Int {
        switch self {
        case .invalidField, .wrongNumberOfTypeObjects: 400
        case .frozen: 403
        case .projectNotFound, .connectionNotFound: 404
        case .projectExists, .connectionExists: 409
        case .revisionMismatch: 412
        case .busy: 503
        }
    }

    public var clientMessage: String { message }

    /// A short sentence for the client.
    public var message: String {
        switch self {
        case .invalidField(let path, let problem): "\(path) \(problem)"
        case .wrongNumberOfTypeObjects(let given) where given.isEmpty:
            "a connection needs one of \(ConnectionType.allCases.map(\.settingsKey).joined(separator: ", "))"
        case .wrongNumberOfTypeObjects(let given):
            "a connection takes exactly one type object, got \(given.joined(separator: " and "))"
        case .projectNotFound(let name): "project \(name) does not exist"
        case .connectionNotFound(let project, let name): "connection \(name) does not exist in project \(project)"
        case .projectExists(let name): "project \(name) already exists"
        case .connectionExists(let project, let name): "connection \(name) already exists in project \(project)"
        case .revisionMismatch: "If-Match does not name the current revision"
        case .frozen: "the server's configuration is frozen; it is read-only"
        case .busy(let what): "\(what) is being changed by other requests; try again"
        }
    }
}
