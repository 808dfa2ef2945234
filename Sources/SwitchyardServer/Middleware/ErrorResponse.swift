import Foundation
import HTTPTypes
import Hummingbird
import Logging
import OpenAPIRuntime
import SwitchyardCore

/// The one place where failures become HTTP answers: a status and a JSON body
/// `{"code": "404", "message": "…"}`, `code` being the status as a string. An error that
/// states its status (`HTTPStatusError`) is answered with it; the framework's own errors with
/// theirs; anything else is a 500 with a generic message, logged by type, never described to
/// the client (descriptions name internal types and can embed requests).
enum ErrorResponse {
    /// What a client is told about a failure.
    struct Answer: Equatable {
        var status: HTTPResponse.Status
        var message: String
        var headers: HTTPFields = [:]
    }

    static func make(for error: any Error, logger: Logger) -> Response {
        let answer = answer(for: error, logger: logger)
        return json(answer.status, message: answer.message, headers: answer.headers)
    }

    static func answer(for error: any Error, logger: Logger) -> Answer {
        switch error {
        case let error as any HTTPStatusError:
            return Answer(status: HTTPResponse.Status(code: error.statusCode), message: error.clientMessage)
        case let error as ServerError:
            if error.underlyingError is any HTTPStatusError {
                return answer(for: error.underlyingError, logger: logger)
            }
            if error.httpStatus.kind == .clientError {
                return Answer(status: error.httpStatus, message: error.causeDescription)
            }
            return internalError(logger, metadata: [
                "operation": "\(error.operationID)", "error": "\(type(of: error.underlyingError))",
            ])
        case let error as HTTPError:
            return Answer(status: error.status, message: error.body ?? error.status.reasonPhrase, headers: error.headers)
        case let error as any HTTPResponseError:
            return Answer(status: error.status, message: error.status.reasonPhrase)
        default:
            return internalError(logger, metadata: ["error": "\(type(of: error))"])
        }
    }

    private static func internalError(_ logger: Logger, metadata: Logger.Metadata) -> Answer {
        logger.error("request failed", metadata: metadata)
        return Answer(status: .internalServerError, message: "internal error")
    }

    /// The error body the contract's `Error` schema describes.
    private struct Body: Encodable {
        let code: String
        let message: String
    }

    static func json(_ status: HTTPResponse.Status, message: String, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        let body = Body(code: String(status.code), message: message)
        let data = (try? JSONEncoder().encode(body)) ?? Data(#"{"code":"500","message":"error"}"#.utf8)
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
