import Hummingbird
import NIOCore
import Synchronization
import SwitchyardCore

/// Answers a `GET` of one connection with the bytes of its last answer while the catalog has
/// not changed since. The connection already comes from memory; what such a `GET` costs is
/// the generated layer's work around it (decoding the path, encoding the view as JSON and the
/// `ETag` header), more than everything else on the route together. Any committed write moves
/// the catalog's generation, which retires every kept answer at once, so an answer is never
/// older than the catalog it is read against.
///
/// It runs after the token check, so only an authorised request sees a kept answer.
struct ConnectionAnswerCache<Context: RequestContext>: RouterMiddleware {
    static var route: String { "/api/v0/projects/{projectName}/connections/{connectionName}" }

    let catalog: any CatalogStore
    let answers: KeptAnswers

    init(catalog: any CatalogStore, capacity: Int = 4096) {
        self.catalog = catalog
        answers = KeptAnswers(capacity: capacity)
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .get, context.endpointPath == Self.route else { return try await next(request, context) }
        // Read before the answer is built: a write that lands meanwhile makes this entry stale.
        let generation = catalog.generation
        let key = request.uri.path
        if let kept = answers.answer(for: key, at: generation) {
            return Response(status: .ok, headers: kept.headers, body: .init(byteBuffer: kept.body))
        }
        let response = try await next(request, context)
        guard response.status == .ok, response.body.contentLength != nil else { return response }
        let body = try await Self.bytes(of: response.body)
        answers.keep(KeptAnswers.Answer(generation: generation, headers: response.headers, body: body), for: key)
        return Response(status: .ok, headers: response.headers, body: .init(byteBuffer: body))
    }

    /// The whole of a body of known length, as one buffer.
    static func bytes(of body: ResponseBody) async throws -> ByteBuffer {
        let collector = BodyCollector()
        try await body.write(collector)
        return collector.collected.buffer
    }
}

/// The kept answers by request path, each with the catalog generation it was built at.
final class KeptAnswers: Sendable {
    struct Answer: Sendable {
        let generation: UInt64
        let headers: HTTPFields
        let body: ByteBuffer
    }

    /// At most this many are kept; past it, all are dropped (most are stale by then anyway).
    let capacity: Int
    private let answers = Mutex<[String: Answer]>([:])

    init(capacity: Int) { self.capacity = capacity }

    func answer(for path: String, at generation: UInt64) -> Answer? {
        answers.withLock { answers in
            guard let answer = answers[path], answer.generation == generation else { return nil }
            return answer
        }
    }

    func keep(_ answer: Answer, for path: String) {
        answers.withLock { answers in
            if answers.count >= capacity, answers[path] == nil { answers.removeAll(keepingCapacity: true) }
            answers[path] = answer
        }
    }
}

/// Gathers what a response body writes into one buffer.
private struct BodyCollector: ResponseBodyWriter {
    final class Collected {
        var buffer = ByteBuffer()
    }

    let collected = Collected()

    mutating func write(_ buffer: ByteBuffer) async throws {
        var buffer = buffer
        collected.buffer.writeBuffer(&buffer)
    }

    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
