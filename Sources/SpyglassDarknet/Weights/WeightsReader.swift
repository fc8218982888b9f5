import Foundation
import SpyglassIR

/// Fills each layer's parameters from a .weights file, in Darknet's load order, checking that the
/// file holds exactly what the cfg needs.
enum WeightsReader {
    static func constants(for layers: [LayerPlan], file: String, weights: Data?,
                          progress: ((Int, Int) -> Void)?) throws -> (constants: [String: ConstantTensor], header: DarknetWeightsHeader?) {
        var constants: [String: ConstantTensor] = [:]
        guard let weights else {
            for layer in layers {
                for slot in layer.slots {
                    constants[slot.name] = ConstantAllocation.filled(slot.fill, shape: slot.shape)
                }
            }
            return (constants, nil)
        }
        let header = try DarknetWeightsHeader.read(weights)
        var offset = header.byteCount
        try weights.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            for (n, layer) in layers.enumerated() {
                progress?(n, layers.count)
                let needed = layer.slots.reduce(0) { $0 + $1.count } * 4
                let remaining = raw.count - offset
                guard needed <= remaining else {
                    throw DarknetError.truncatedWeights(layer: layer.index, section: layer.kind.rawValue, file: file, line: layer.line,
                                                       expectedBytes: needed, actualBytes: remaining)
                }
                for slot in layer.slots {
                    let stored = UnsafeRawBufferPointer(rebasing: raw[offset..<(offset + slot.count * 4)])
                    offset += slot.count * 4
                    var transposeAs: (rows: Int, cols: Int)?
                    switch slot.layout {
                    case .direct: break
                    case .transposed(let rows, let cols): transposeAs = (rows, cols)
                    case .transposedByHeader(let rows, let cols): if header.transposesConnected { transposeAs = (rows, cols) }
                    }
                    constants[slot.name] = ConstantAllocation.make(shape: slot.shape) { dst in
                        UnsafeMutableRawBufferPointer(dst).copyMemory(from: stored)
                        if let t = transposeAs, t.rows * t.cols == dst.count {
                            let copy = Array(dst)
                            for r in 0..<t.rows { for c in 0..<t.cols { dst[c * t.rows + r] = copy[r * t.cols + c] } }
                        }
                    }
                }
            }
            progress?(layers.count, layers.count)
            if offset != raw.count { throw DarknetError.trailingBytes(count: raw.count - offset) }
        }
        return (constants, header)
    }

    /// `a` is rows×cols row-major; returns cols×rows (Darknet's transpose_matrix).
    static func transpose(_ a: [Float], rows: Int, cols: Int) -> [Float] {
        guard rows * cols == a.count else { return a }
        var t = [Float](repeating: 0, count: a.count)
        for r in 0..<rows { for c in 0..<cols { t[c * rows + r] = a[r * cols + c] } }
        return t
    }
}
