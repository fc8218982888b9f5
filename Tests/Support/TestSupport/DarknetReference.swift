import CDarknetReference
import Foundation

/// The reference Darknet (Debian's libdarknet.so), loaded at run time. Tests compare Spyglass
/// against it; nothing outside the tests touches it.
public final class DarknetReference {
    public struct Detection: Equatable {
        public var classIndex: Int
        public var prob: Float
        /// Centre and size relative to the image.
        public var x: Float, y: Float, w: Float, h: Float
    }

    private let handle: OpaquePointer

    /// nil plus a reason when libdarknet.so cannot be loaded.
    public static func unavailableReason() -> String? {
        var buf = [CChar](repeating: 0, count: 512)
        if dnref_available(&buf, Int32(buf.count)) == 1 { return nil }
        return String(cString: buf)
    }

    public init(cfg: String, weights: String?) throws {
        if let r = DarknetReference.unavailableReason() { throw ReferenceError(message: r) }
        guard let h = dnref_load(cfg, weights) else { throw ReferenceError(message: "libdarknet could not load \(cfg)") }
        handle = h
    }

    deinit { dnref_free(handle) }

    public var inputShape: [Int] { [1, Int(dnref_input_c(handle)), Int(dnref_input_h(handle)), Int(dnref_input_w(handle))] }
    public var layerCount: Int { Int(dnref_num_layers(handle)) }

    /// Runs network_predict on a CHW input.
    public func predict(_ input: [Float]) {
        input.withUnsafeBufferPointer { dnref_predict(handle, $0.baseAddress) }
    }

    /// Output of darknet layer `i` after the last predict, with its (c, h, w).
    public func layerOutput(_ i: Int) -> (shape: [Int], values: [Float]) {
        var w: Int32 = 0, h: Int32 = 0, c: Int32 = 0
        let n = Int(dnref_layer_out(handle, Int32(i), &w, &h, &c))
        guard let p = dnref_layer_output(handle, Int32(i)) else { return ([], []) }
        return ([Int(c), Int(h), Int(w)], Array(UnsafeBufferPointer(start: p, count: n)))
    }

    /// Darknet's own detector path on an image file.
    public func detect(image: String, thresh: Float, nms: Float, classes: Int) -> [Detection] {
        var out = [dnref_detection](repeating: dnref_detection(), count: 4096)
        let n = Int(dnref_detect(handle, image, thresh, nms, Int32(classes), &out, Int32(out.count)))
        return out.prefix(min(n, out.count)).map {
            Detection(classIndex: Int($0.cls), prob: $0.prob, x: $0.x, y: $0.y, w: $0.w, h: $0.h)
        }
    }

    /// Darknet's load_image_color + letterbox_image, CHW floats.
    public static func letterbox(image: String, width: Int, height: Int) throws -> [Float] {
        if let r = unavailableReason() { throw ReferenceError(message: r) }
        var out = [Float](repeating: 0, count: 3 * width * height)
        guard dnref_letterbox(image, Int32(width), Int32(height), &out) == 0 else { throw ReferenceError(message: "letterbox failed") }
        return out
    }

    /// Darknet's load_image_color, CHW floats.
    public static func loadImage(_ image: String) throws -> (width: Int, height: Int, data: [Float]) {
        if let r = unavailableReason() { throw ReferenceError(message: r) }
        var w: Int32 = 0, h: Int32 = 0
        guard dnref_load_image(image, &w, &h, nil, 0) == 0 else { throw ReferenceError(message: "load failed") }
        var out = [Float](repeating: 0, count: Int(3 * w * h))
        _ = dnref_load_image(image, &w, &h, &out, Int32(out.count))
        return (Int(w), Int(h), out)
    }
}

extension DarknetReference {
    /// The layer table libdarknet prints while loading `cfg` (its stderr), e.g. for BFLOPs.
    public static func loadLog(cfg: String) throws -> String {
        if let r = unavailableReason() { throw ReferenceError(message: r) }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("dnlog-\(UUID().uuidString).txt").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        guard dnref_load_log(cfg, path) == 0 else { throw ReferenceError(message: "libdarknet could not load \(cfg)") }
        return try String(contentsOfFile: path, encoding: .utf8)
    }

    /// Per-layer BFLOPs as libdarknet prints them ("... 0.150 BFLOPs"), keyed by layer index.
    public static func printedBFLOPs(cfg: String) throws -> [Int: String] {
        var out: [Int: String] = [:]
        for line in try loadLog(cfg: cfg).split(separator: "\n") where line.contains("BFLOPs") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard let idx = fields.first.flatMap({ Int($0) }), let bf = fields.firstIndex(of: "BFLOPs"), bf > 0 else { continue }
            out[idx] = String(fields[bf - 1])
        }
        return out
    }
}

public struct ReferenceError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
