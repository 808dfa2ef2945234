import SwitchyardCore

/// Browsing found nothing under the name asked for: 404.
extension DataError: HTTPStatusError {
    var statusCode: Int { 404 }
    var clientMessage: String { message }
}
