import Foundation
import Hummingbird
import SpyglassDetection
import SpyglassImage

extension Routes {
    /// `POST /v1/models/{name}/detect`: image in, detections in pixels out.
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
            let image: PackedImage
            do {
                image = try ImageIO.decodePacked(detectRequest.imageBytes, name: "uploaded image", maxPixels: maxPixels)
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
}
