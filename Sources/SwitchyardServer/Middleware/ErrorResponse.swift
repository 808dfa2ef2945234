import Foundation
import HTTPTypes
import Hummingbird
import Logging
import OpenAPIRuntime
import SwitchyardCore
import SwitchyardDrivers

/// The one place where failures become HTTP answers: a status and a JSON body
/// `{message, details?}`. Messages name fields and resources, never values a client sent.
enum ErrorResponse {
    static func status(of error: SwitchyardError) -> HTTPResponse.Status {
        switch error {
        case .invalidField, .wrongNumberOfTypeObjects: .badRequest
        case .projectNotFound, .connectionNotFound: .notFound
        case .projectExists, .connectionExists: .conflict
        case .revisionMismatch: .preconditionFailed
        case .frozen: .forbidden
        case .busy: .serviceUnavailable
        }
    }

    static func status(of error: QueryError) -> HTTPResponse.Status {
        switch error {
        case .tooManyRows, .tooManyBytes: .contentTooLarge
        case .timedOut: .gatewayTimeout
        case .tooManyQueries: .serviceUnavailable
        case .noDriver: .notImplemented
        }
    }

    static func status(of error: DriverError) -> HTTPResponse.Status {
        switch error {
        case .statementFailed: .badRequest
        case .connectionFailed: .badGateway
        case .unavailable: .notImplemented
        case .timedOut: .gatewayTimeout
        }
    }

    static func make(for error: any Error, logger: Logger) -> Response {
        switch error {
        case let error as SwitchyardError:
            return json(status(of: error), message: error.message)
        case let error as QueryError:
            return json(status(of: error), message: error.message)
        case let error as DriverError:
            return json(status(of: error), message: error.message)
        case let error as DataError:
            return json(.notFound, message: error.message)
        case is CancellationError:
            return json(.serviceUnavailable, message: "the request was cancelled")
        case let error as DecodingError:
            return make(for: SwitchyardError(error), logger: logger)
        case let error as ServerError:
            let underlying = error.underlyingError
            if underlying is SwitchyardError || underlying is DecodingError || underlying is QueryError
                || underlying is DriverError || underlying is DataError || underlying is CancellationError
            {
                return make(for: underlying, logger: logger)
            }
            if error.httpStatus.kind == .clientError {
                return json(error.httpStatus, message: error.causeDescription)
            }
            logger.error(
                "request failed",
                metadata: ["operation": "\(error.operationID)", "error": "\(type(of: error.underlyingError))"])
            return json(.internalServerError, message: "internal error")
        case let error as HTTPError:
            return json(error.status, message: error.body ?? error.status.reasonPhrase, headers: error.headers)
        case let error as any HTTPResponseError:
            return json(error.status, message: error.status.reasonPhrase)
        default:
            logger.error("request failed", metadata: ["error": "\(type(of: error))"])
            return json(.internalServerError, message: "internal error")
        }
    }

    private struct Body: Encodable {
        let message: String
    }

    static func json(_ status: HTTPResponse.Status, message: String, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        let data = (try? JSONEncoder().encode(Body(message: message))) ?? Data(#"{"message":"error"}"#.utf8)
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// Turns every thrown error into a JSON answer, so nothing reaches the client as an empty
/// 500 and no error description (which may embed the request) is logged by the framework.
struct ErrorResponseMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            return ErrorResponse.make(for: error, logger: context.logger)
        }
    }
}
