import Foundation
import Hummingbird

extension Routes {
    /// `GET /samples`: the JPEG/PNG files in `--samples`, by name.
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
