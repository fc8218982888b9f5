import Foundation
import SpyglassIR

/// pad, stridedSlice, tile and expand: Pad, Slice (with steps), Tile and Expand.
enum IndexingOpExport {
    static func pad(_ a: PadAttributes, _ s: NodeScope) throws {
        if a.mode == .wrap, s.opset < 19 { throw s.fail("Pad in wrap mode needs opset 19 or later, exporting at \(s.opset)") }
        let x = try s.input(0)
        var inputs = [x, s.int64s(a.begins + a.ends, step: "pads")]
        if a.mode == .constant {
            let dtype = (try? TypeInference.infer(s.builder.graph))?[s.node.inputs[0]] ?? .float32
            let name = s.builder.uniqueName("\(s.node.name)/constant_value")
            s.builder.addInitializer(ONNXTensor(name: name, dataType: ONNXDataType(dtype), dims: [], rawData: scalarBytes(a.value, dtype)))
            inputs.append(name)
        }
        s.emit("Pad", inputs, ["mode": .string(a.mode.rawValue)], step: "pad", final: true)
    }

    static func stridedSlice(_ a: StridedSliceAttributes, _ s: NodeScope) throws {
        let rank = a.starts.count
        var starts: [Int] = [], ends: [Int] = []
        for d in 0..<rank {
            if a.sizes[d] == 0 { starts.append(0); ends.append(0); continue }
            let end = a.starts[d] + a.sizes[d] * a.steps[d]
            starts.append(a.starts[d])
            // A backward slice through index 0 ends "before the start": −1 would mean the last element.
            ends.append(end < 0 ? Int(Int64.min) : end)
        }
        let steps = zip(a.sizes, a.steps).map { $0 == 0 ? 1 : $1 }
        s.slice(try s.input(0), starts: starts, ends: ends, axes: Array(0..<rank), steps: steps, step: "slice", final: true)
    }

    static func tile(_ a: TileAttributes, _ s: NodeScope) throws {
        s.emit("Tile", [try s.input(0), s.int64s(a.repeats, step: "repeats")], step: "tile", final: true)
    }

    static func expand(_ a: ExpandAttributes, _ s: NodeScope) throws {
        s.emit("Expand", [try s.input(0), s.int64s(a.shape, step: "shape")], step: "expand", final: true)
    }


    /// `value` as one little-endian element of `dtype`.
    private static func scalarBytes(_ value: Double, _ dtype: DType) -> Data {
        func bytes<T: FixedWidthInteger>(_ v: T) -> Data { withUnsafeBytes(of: v.littleEndian) { Data($0) } }
        let i = value.isNaN ? 0 : Int64(max(min(value, 9.2e18), -9.2e18))
        switch dtype {
        case .float32: return bytes(Float(value).bitPattern)
        case .int64: return bytes(i)
        case .int32: return bytes(Int32(clamping: i))
        case .uint8: return bytes(UInt8(clamping: i))
        case .bool: return bytes(UInt8(value != 0 ? 1 : 0))
        }
    }
}
