import AsyncHTTPClient
import NIOCore

/// How the server's one `HTTPClient` is set up for database services reached over HTTP:
/// TLS verified (the library's default), no redirects (a redirect could carry credentials
/// elsewhere), and a failed connection reported at once instead of retried until the request's
/// deadline, so that an unreachable host fails a connection test quickly.
public enum HTTPClientDefaults {
    public static func configuration(connectTimeout: TimeAmount = .seconds(10)) -> HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.timeout = .init(connect: connectTimeout, read: .seconds(120))
        configuration.connectionPool.retryConnectionEstablishment = false
        return configuration
    }
}
