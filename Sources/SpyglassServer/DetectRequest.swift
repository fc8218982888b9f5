import Foundation
import Hummingbird
import SpyglassDetection

/// What a detect request asks for: the image bytes (raw body or a multipart file field) and the
/// optional `threshold`, `nms`, `nms_threshold` query parameters.
struct DetectRequest {
    var imageBytes: [UInt8]
    var threshold: Float?
    /// nil: the plugin's default.
    var nms: NMSMethod?
    var nmsThreshold: Float?

    init(body: [UInt8], contentType: String?, query: [String: String]) throws {
        if let contentType, let boundary = MultipartForm.boundary(fromContentType: contentType) {
            let form = try MultipartForm(body: body, boundary: boundary)
            guard let file = form.file else {
                throw ServerError.badRequest("multipart body has no file field (send the image as -F file=@image.jpg)")
            }
            imageBytes = Array(file.body)
        } else {
            imageBytes = body
        }
        guard !imageBytes.isEmpty else {
            throw ServerError.badRequest("empty body: send a JPEG or PNG image as the body or as a multipart file field")
        }
        threshold = try DetectRequest.probability(query["threshold"], name: "threshold")
        nmsThreshold = try DetectRequest.probability(query["nms_threshold"], name: "nms_threshold")
        do {
            nms = try query["nms"].map { try NMSMethod(parsing: $0) }
        } catch {
            throw ServerError.badRequest("\(error)")
        }
    }

    static func probability(_ text: String?, name: String) throws -> Float? {
        guard let text else { return nil }
        guard let value = Float(text), value.isFinite, (0...1).contains(value) else {
            throw ServerError.badRequest("query parameter \(name) must be a number between 0 and 1, got '\(text)'")
        }
        return value
    }
}
