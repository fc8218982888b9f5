import Foundation
import Hummingbird
import SpyglassDetection
import SpyglassImage
import SpyglassRuntime

/// The HTTP surface. Handlers check cheap things (model, limits, capacity) and read the body; the
/// CPU-heavy work (image or JSON decoding, inference) runs on the inference queue's workers.
struct Routes: Sendable {
    let server: SpyglassServer

    func register(on router: Router<BasicRequestContext>) {
        router.get("/") { _, _ in WebPage.response() }
        router.get("/metrics") { _, _ in
            JSONBody.bytesResponse(server.metrics.exposition(), contentType: "text/plain; version=0.0.4; charset=utf-8")
        }

        router.get("/v1/models") { _, _ in listModels() }
        router.post("/v1/models/{name}/detect") { request, context in
            try await detect(request, model: server.model(named: context.parameters.require("name")))
        }

        // KServe / Open Inference Protocol v2.
        router.get("/v2") { _, _ in
            JSONBody.response(V2ServerMetadata(name: "spyglass", version: "1", extensions: []))
        }
        router.get("/v2/health/live") { _, _ in JSONBody.response(V2Live(live: true)) }
        router.get("/v2/health/ready") { _, _ in JSONBody.response(V2Ready(ready: true)) }
        for prefix in ["/v2/models/{name}", "/v2/models/{name}/versions/{version}"] {
            router.get(RouterPath(prefix)) { _, context in
                JSONBody.response(V2ModelMetadata(try model(context)))
            }
            router.get(RouterPath(prefix + "/ready")) { _, context in
                JSONBody.response(V2ModelReady(name: try model(context).name, ready: true))
            }
            router.post(RouterPath(prefix + "/infer")) { request, context in
                try await infer(request, model: model(context))
            }
        }

        if server.configuration.samplesDirectory != nil {
            router.get("/samples") { _, _ in JSONBody.response(["samples": sampleNames()]) }
            router.get("/samples/{file}") { _, context in try sample(context.parameters.require("file")) }
        }
    }

    /// The model named in the path, checking the version segment when there is one.
    func model(_ context: BasicRequestContext) throws -> ServedModel {
        let m = try server.model(named: context.parameters.require("name"))
        if let version = context.parameters.get("version"), version != V2.modelVersion {
            throw ServerError.unknownVersion(model: m.name, version: version)
        }
        return m
    }

    func listModels() -> Response {
        JSONBody.response(ModelListResponse(models: server.models.map {
            .init(name: $0.name, plugin: $0.pluginName, source: $0.sourceDescription, classes: $0.classNames.count,
                  input_width: $0.inputShape.count == 4 ? $0.inputShape[3] : 0,
                  input_height: $0.inputShape.count == 4 ? $0.inputShape[2] : 0)
        }))
    }

    /// The whole body, refusing more than `--max-body` bytes (by Content-Length up front, else while reading).
    func collectBody(_ request: Request) async throws -> [UInt8] {
        let limit = server.configuration.maxBodyBytes
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            throw ServerError.bodyTooLarge(limit: limit)
        }
        do {
            let buffer = try await request.body.collect(upTo: limit)
            return Array(buffer.readableBytesView)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw ServerError.bodyTooLarge(limit: limit)
        }
    }
}
