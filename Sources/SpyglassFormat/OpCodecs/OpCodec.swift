import SpyglassIR

/// Attributes as written in the header, in the order they are written.
typealias JSONMembers = [(key: String, value: JSONValue)]

/// How one op's attributes are written to and read from a node's `attributes` object.
/// `encode` is only called with an op of `kind`; `decode` reads every attribute it needs
/// (the caller rejects leftovers).
struct OpCodec {
    let kind: OpKind
    let encode: (Op) -> JSONMembers
    let decode: (inout AttributeReader) throws -> Op
}

/// The codec of every op, keyed by the op name used in headers (`OpKind.rawValue`).
enum OpCodecs {
    static let all: [OpCodec] = [
        conv2d, fullyConnected, locallyConnected,
        batchNorm, biasAdd, activation, softmax, dropout, identity, add,
        maxPool, avgPool, globalAvgPool,
        concat, slice, shortcut, upsample, reorg,
        yolo, region, detection,
        reshape, transpose, binary, unary,
        nonMaxSuppression, roiAlign, maxRoiPool,
        pad, stridedSlice, tile, expand,
        matMul, convTranspose, pool,
        reduce, argMax, topK, gather, cast, compare, not, select,
        resize,
    ]

    static let byName: [String: OpCodec] = Dictionary(uniqueKeysWithValues: all.map { ($0.kind.rawValue, $0) })

    static func codec(for kind: OpKind) -> OpCodec? { byName[kind.rawValue] }

    /// A codec for an op without attributes.
    static func plain(_ kind: OpKind, _ op: Op) -> OpCodec {
        OpCodec(kind: kind, encode: { _ in [] }, decode: { _ in op })
    }
}

extension JSONValue {
    static func int(_ i: Int) -> JSONValue { .int(Int64(i)) }
    static func ints(_ xs: [Int]) -> JSONValue { .array(xs.map { .int(Int64($0)) }) }
    static func floats(_ xs: [Float]) -> JSONValue { .array(xs.map { .float($0) }) }
    static func doubles(_ xs: [Double]) -> JSONValue { .array(xs.map { .double($0) }) }
    static func padding(_ p: Padding2D) -> JSONValue {
        .object([("top", .int(p.top)), ("left", .int(p.left)), ("bottom", .int(p.bottom)), ("right", .int(p.right))])
    }
}
