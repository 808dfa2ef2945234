/// A body that does not decode is the client's to fix: 400, naming the field by its path
/// and never quoting the value (`SwitchyardError.init(_:)`).
extension DecodingError: HTTPStatusError {
    public var statusCode: Int { SwitchyardError(self).statusCode }
    public var clientMessage: String { SwitchyardError(self).message }
}
