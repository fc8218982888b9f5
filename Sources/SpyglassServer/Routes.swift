import Foundation
import Hummingbird
import SpyglassDetection
import SpyglassImage
import SpyglassRuntime

/// The HTTP surface. Handlers parse and validate on the event loop, run the heavy work (image
/// decoding, inference) on the inference queue, and answer JSON.
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

    func detect(_ request: Request, model: ServedModel) async throws -> Response {
        try server.queue.checkCapacity()
        let body = try await collectBody(request)
        var query: [String: String] = [:]
        for (k, v) in request.uri.queryParameters { query[String(k)] = String(v) }
        let detectRequest = try DetectRequest(body: body, contentType: request.headers[.contentType], query: query)
        let maxPixels = server.configuration.maxPixels
        let name = model.name
        let result = try await server.queue.submit { worker -> DetectResponse in
            guard let detector = worker.detectors[name] else { throw ServerError.unknownModel(name) }
            let start = DispatchTime.now().uptimeNanoseconds
            let image: Image
            do {
                image = try ImageIO.decode(detectRequest.imageBytes, name: "uploaded image", maxPixels: maxPixels)
            } catch let error as ImageError {
                if case .tooLarge = error { throw ServerError.imageTooLarge(error.description) }
                throw ServerError.badRequest(error.description)
            }
            let detections: [Detection]
            do {
                detections = try detector.detect(image, threshold: detectRequest.threshold, nms: detectRequest.nms,
                                                 nmsThreshold: detectRequest.nmsThreshold)
            } catch {
                throw ServerError.internalError("\(error)")
            }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            server.metrics.recordInference(model: name, seconds: seconds)
            return DetectResponse(model: name, width: image.width, height: image.height, ms: seconds * 1000, detections: detections)
        }
        return JSONBody.response(result)
    }

    func infer(_ request: Request, model: ServedModel) async throws -> Response {
        try server.queue.checkCapacity()
        let body = try await collectBody(request)
        let v2 = try V2InferRequest.decode(body)
        let (input, outputNames) = try V2InferValidation.validate(v2, for: model)
        let name = model.name, inputName = model.inputName
        let outputs = try await server.queue.submit { worker -> [(name: String, tensor: Tensor)] in
            guard let detector = worker.detectors[name] else { throw ServerError.unknownModel(name) }
            let start = DispatchTime.now().uptimeNanoseconds
            // This worker is the only thread that touches its detector's plan.
            let all: [String: Tensor]
            do { all = try detector.plan.run([inputName: input]) } catch { throw ServerError.internalError("\(error)") }
            server.metrics.recordInference(model: name, seconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            return try outputNames.map { n in
                guard let t = all[n] else { throw ServerError.internalError("output '\(n)' missing after the run") }
                return (n, t)
            }
        }
        return JSONBody.bytesResponse(V2InferResponse.encode(id: v2.id, modelName: name, outputs: outputs))
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

    func sampleNames() -> [String] {
        guard let dir = server.configuration.samplesDirectory,
              let files = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return [] }
        return files.filter { ["jpg", "jpeg", "png"].contains(URL(fileURLWithPath: $0).pathExtension.lowercased()) }.sorted()
    }

    /// A sample image, only by a name from the listing (no path is ever built from raw input).
    func sample(_ name: String) throws -> Response {
        guard let dir = server.configuration.samplesDirectory, sampleNames().contains(name),
              let data = FileManager.default.contents(atPath: (dir as NSString).appendingPathComponent(name)) else {
            throw ServerError.noRoute(method: "GET", path: "/samples/\(name)")
        }
        let type = name.lowercased().hasSuffix(".png") ? "image/png" : "image/jpeg"
        return JSONBody.bytesResponse(data, contentType: type)
    }
}
