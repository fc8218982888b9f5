import Foundation
import Hummingbird
import SpyglassRuntime

extension Routes {
    /// `POST /v2/models/{name}/infer`: v2 JSON tensors in, the graph's output tensors out.
    func infer(_ request: Request, model: ServedModel) async throws -> Response {
        try server.queue.checkCapacity()
        let body = try await collectBody(request)
        let name = model.name, inputName = model.inputName
        let json = try await server.queue.submit { worker -> [UInt8] in
            guard let detector = worker.detectors[name] else { throw ServerError.unknownModel(name) }
            // Decoding and encoding megabytes of JSON is CPU work too, so it runs here like inference.
            let v2 = try V2InferRequest.decode(body)
            let (input, outputNames) = try V2InferValidation.validate(v2, for: model)
            let start = DispatchTime.now().uptimeNanoseconds
            // This worker is the only thread that touches its detector's plan.
            let all: [String: Tensor]
            do { all = try detector.plan.run([inputName: input]) } catch { throw ServerError.internalError("\(error)") }
            server.metrics.recordInference(model: name, seconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            let outputs = try outputNames.map { n -> (name: String, tensor: Tensor) in
                guard let t = all[n] else { throw ServerError.internalError("output '\(n)' missing after the run") }
                return (n, t)
            }
            return V2InferResponse.encode(id: v2.id, modelName: name, outputs: outputs)
        }
        return JSONBody.bytesResponse(json)
    }
}
