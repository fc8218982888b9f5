import SpyglassIR

/// Graph structure, tensor table and metadata → header JSON. Attribute values that JSON cannot
/// hold (NaN, ±inf) are refused here, naming the node.
enum HeaderEncoder {
    static func header(for graph: Graph, tensors: [TensorEntry], packed: [PackedEntry] = []) throws -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            ("format_version", .int(Int(ContainerLayout.version))),
            ("producer", .string(SpyglassFile.producer)),
            ("graph", try encodeGraph(graph)),
            ("tensors", .array(tensors.map(encodeTensor))),
            ("metadata", encodeMetadata(graph.metadata)),
        ]
        // Optional sections, written only when present so files without them stay as they were.
        if !graph.appliedPasses.isEmpty { members.append(("passes_applied", .array(graph.appliedPasses.map(JSONValue.string)))) }
        if !packed.isEmpty { members.append(("packed_weights", .array(packed.map(encodePacked)))) }
        return .object(members)
    }

    private static func encodePacked(_ p: PackedEntry) -> JSONValue {
        .object([("node", .string(p.node)), ("weights", .string(p.weights)), ("layout", .string(p.layout)),
                 ("geometry", .string(p.geometry)), ("offset", .int(Int64(p.offset))), ("length", .int(Int64(p.length)))])
    }

    private static func encodeGraph(_ graph: Graph) throws -> JSONValue {
        .object([
            ("name", .string(graph.name)),
            ("inputs", .array(graph.inputs.map { .object([("name", .string($0.name)), ("dtype", .string($0.type.dtype.rawValue)),
                                                          ("shape", encodeShape($0.type.shape))]) })),
            ("outputs", .array(graph.outputs.map(JSONValue.string))),
            ("nodes", .array(try graph.nodes.map(encodeNode))),
        ])
    }

    private static func encodeNode(_ node: Node) throws -> JSONValue {
        guard let codec = OpCodecs.codec(for: node.op.kind) else {
            throw FormatError.unencodable(node: node.name, message: "no codec for op \(node.op.kind.rawValue)")
        }
        let attributes = codec.encode(node.op)
        try checkFinite(.object(attributes), path: "attributes", node: node.name)
        return .object([
            ("name", .string(node.name)),
            ("op", .string(node.op.kind.rawValue)),
            ("attributes", .object(attributes)),
            ("inputs", .array(node.inputs.map(JSONValue.string))),
            ("outputs", .array(node.outputs.map(JSONValue.string))),
            ("origin", node.origin.map(JSONValue.string) ?? .null),
        ])
    }

    private static func checkFinite(_ value: JSONValue, path: String, node: String) throws {
        switch value {
        case .float(let f) where !f.isFinite:
            throw FormatError.unencodable(node: node, message: "\(path) is \(f), which JSON cannot represent")
        case .double(let d) where !d.isFinite:
            throw FormatError.unencodable(node: node, message: "\(path) is \(d), which JSON cannot represent")
        case .array(let items):
            for (i, item) in items.enumerated() { try checkFinite(item, path: "\(path)[\(i)]", node: node) }
        case .object(let members):
            for m in members { try checkFinite(m.value, path: "\(path).\(m.key)", node: node) }
        default:
            break
        }
    }

    static func encodeShape(_ shape: Shape) -> JSONValue {
        .array(shape.dims.map { d in
            switch d {
            case .fixed(let v): return .int(v)
            case .symbolic(let s): return .string(s)
            }
        })
    }

    private static func encodeTensor(_ t: TensorEntry) -> JSONValue {
        .object([("name", .string(t.name)), ("dtype", .string(t.dtype.rawValue)), ("shape", .ints(t.shape)),
                 ("offset", .int(Int64(t.offset))), ("length", .int(Int64(t.length)))])
    }

    private static func encodeMetadata(_ m: ModelMetadata) -> JSONValue {
        .object([
            ("source", .string(m.source)),
            ("class_names", .array(m.classNames.map(JSONValue.string))),
            ("preprocessing", m.preprocessing.map { .string($0.rawValue) } ?? .null),
            ("plugin", m.plugin.map(JSONValue.string) ?? .null),
            ("ignored_options", .array(m.ignoredOptions.map(JSONValue.string))),
            ("properties", .object(m.properties.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
        ])
    }
}
