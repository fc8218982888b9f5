import CONNXProto
import Foundation

/// Converts libprotobuf-c's unpacked structs into Swift values. Every pointer is checked; counts
/// come from protobuf-c (which sized the arrays from the bytes it parsed).
struct ProtoDecoder {
    let external: ExternalDataResolver

    func model(_ m: Onnx__ModelProto) throws -> ONNXModel {
        guard let g = m.graph else { throw ONNXError.missingGraph }
        let opsets = buffer(m.opset_import, m.n_opset_import).compactMap { $0?.pointee }.map {
            ONNXOpsetImport(domain: string($0.domain), version: $0.has_version != 0 ? $0.version : 1)
        }
        return ONNXModel(
            irVersion: m.has_ir_version != 0 ? m.ir_version : 0, opsetImports: opsets,
            producerName: string(m.producer_name), producerVersion: string(m.producer_version),
            domain: string(m.domain), modelVersion: m.has_model_version != 0 ? m.model_version : 0,
            docString: string(m.doc_string), graph: try graph(g.pointee),
            metadata: entries(m.metadata_props, m.n_metadata_props))
    }

    func graph(_ g: Onnx__GraphProto) throws -> ONNXGraph {
        ONNXGraph(
            name: string(g.name),
            nodes: try buffer(g.node, g.n_node).compactMap { $0 }.map { try node($0.pointee) },
            initializers: try buffer(g.initializer, g.n_initializer).compactMap { $0 }.map { try tensor($0.pointee) },
            inputs: buffer(g.input, g.n_input).compactMap { $0 }.map { valueInfo($0.pointee) },
            outputs: buffer(g.output, g.n_output).compactMap { $0 }.map { valueInfo($0.pointee) },
            valueInfo: buffer(g.value_info, g.n_value_info).compactMap { $0 }.map { valueInfo($0.pointee) },
            docString: string(g.doc_string))
    }

    func node(_ n: Onnx__NodeProto) throws -> ONNXNode {
        var result = ONNXNode(name: string(n.name), opType: string(n.op_type), domain: string(n.domain),
                              inputs: buffer(n.input, n.n_input).map { string($0) },
                              outputs: buffer(n.output, n.n_output).map { string($0) },
                              docString: string(n.doc_string))
        for case let a? in buffer(n.attribute, n.n_attribute) {
            let name = string(a.pointee.name)
            guard result.attributes[name] == nil else {
                throw ONNXError.attribute(node: result.label, attribute: name, message: "appears more than once")
            }
            result.attributes[name] = try attribute(a.pointee, name: name, node: result.label)
        }
        return result
    }

    func attribute(_ a: Onnx__AttributeProto, name: String, node: String) throws -> ONNXAttribute {
        func fail(_ m: String) -> ONNXError { .attribute(node: node, attribute: name, message: m) }
        guard a.has_type != 0 else { throw fail("has no type") }
        switch Int32(a.type.rawValue) {
        case 1: return .float(a.f)
        case 2: return .int(a.i)
        case 3: return .string(binary(a.s))
        case 4:
            guard let t = a.t else { throw fail("is a tensor attribute without a tensor") }
            return .tensor(try tensor(t.pointee))
        case 5:
            guard let g = a.g else { throw fail("is a graph attribute without a graph") }
            return .graph(try graph(g.pointee))
        case 6: return .floats(buffer(a.floats, a.n_floats))
        case 7: return .ints(buffer(a.ints, a.n_ints))
        case 8: return .strings(buffer(a.strings, a.n_strings).map { binary($0) })
        case 9: return .tensors(try buffer(a.tensors, a.n_tensors).compactMap { $0 }.map { try tensor($0.pointee) })
        case 10: return .graphs(try buffer(a.graphs, a.n_graphs).compactMap { $0 }.map { try graph($0.pointee) })
        case let code: throw fail("attribute type \(code) (sparse tensors, type protos) is not supported")
        }
    }

    func valueInfo(_ v: Onnx__ValueInfoProto) -> ONNXValueInfo {
        var info = ONNXValueInfo(name: string(v.name), elementType: nil, shape: nil)
        guard let type = v.type?.pointee, type.value_case == ONNX__TYPE_PROTO__VALUE_TENSOR_TYPE,
              let tensorType = type.tensor_type?.pointee else { return info }
        if tensorType.has_elem_type != 0 { info.elementType = ONNXDataType(rawValue: tensorType.elem_type) }
        if let shape = tensorType.shape?.pointee {
            info.shape = buffer(shape.dim, shape.n_dim).map { d -> ONNXDimension in
                guard let dim = d?.pointee else { return .unknown }
                switch dim.value_case {
                case ONNX__TENSOR_SHAPE_PROTO__DIMENSION__VALUE_DIM_VALUE: return .value(dim.dim_value)
                case ONNX__TENSOR_SHAPE_PROTO__DIMENSION__VALUE_DIM_PARAM: return .param(string(dim.dim_param))
                default: return .unknown
                }
            }
        }
        return info
    }

    func tensor(_ t: Onnx__TensorProto) throws -> ONNXTensor {
        let name = string(t.name)
        let code = t.has_data_type != 0 ? t.data_type : 0
        guard let dataType = ONNXDataType(rawValue: code) else { throw ONNXError.unknownDataType(tensor: name, code: code) }
        let dims = try buffer(t.dims, t.n_dims).map { d -> Int in
            guard d >= 0 else { throw ONNXError.tensorData(tensor: name, message: "dimension \(d) is invalid") }
            return Int(d)
        }
        let count = try checkedElementCount(dims, tensor: name)
        if dataType == .string {
            let strings = buffer(t.string_data, t.n_string_data).map { binary($0) }
            guard strings.count == count else {
                throw ONNXError.tensorData(tensor: name, message: "dims \(dims) say \(count) strings, string_data holds \(strings.count)")
            }
            return ONNXTensor(name: name, dataType: dataType, dims: dims, rawData: Data(), strings: strings)
        }
        let byteSize = dataType.byteSize ?? 1
        let (needed, overflow) = count.multipliedReportingOverflow(by: byteSize)
        guard !overflow else { throw ONNXError.tensorData(tensor: name, message: "dims \(dims) describe more bytes than can be addressed") }

        if t.has_data_location != 0, t.data_location == ONNX__TENSOR_PROTO__DATA_LOCATION__EXTERNAL {
            let entries = entries(t.external_data, t.n_external_data)
            let raw = try external.load(tensor: name, entries: entries, expectedBytes: needed)
            return ONNXTensor(name: name, dataType: dataType, dims: dims, rawData: raw)
        }
        if t.has_raw_data != 0 {
            let got = t.raw_data.len
            guard got == needed else {
                throw ONNXError.tensorData(tensor: name, message: "raw_data holds \(got) bytes, dims \(dims) of \(dataType.name) need \(needed)")
            }
            return ONNXTensor(name: name, dataType: dataType, dims: dims, rawData: binary(t.raw_data))
        }
        let raw = try TypedFieldDecoder.decode(t, dataType: dataType, count: count, tensor: name, dims: dims)
        return ONNXTensor(name: name, dataType: dataType, dims: dims, rawData: raw)
    }

    // MARK: helpers

    func entries(_ p: UnsafeMutablePointer<UnsafeMutablePointer<Onnx__StringStringEntryProto>?>?, _ n: Int) -> [ONNXMetadataEntry] {
        buffer(p, n).compactMap { $0?.pointee }.map { ONNXMetadataEntry(key: string($0.key), value: string($0.value)) }
    }
}

/// Elements of a C array as a Swift array (empty for NULL).
func buffer<T>(_ p: UnsafeMutablePointer<T>?, _ n: Int) -> [T] {
    guard let p, n > 0 else { return [] }
    return Array(UnsafeBufferPointer(start: p, count: n))
}

func string(_ p: UnsafeMutablePointer<CChar>?) -> String {
    guard let p else { return "" }
    return String(cString: p)
}

func binary(_ b: ProtobufCBinaryData) -> Data {
    guard let p = b.data, b.len > 0 else { return Data() }
    return Data(bytes: p, count: b.len)
}

/// Product of dims with overflow checks (a scalar has one element).
func checkedElementCount(_ dims: [Int], tensor: String) throws -> Int {
    var count = 1
    for d in dims {
        let (product, overflow) = count.multipliedReportingOverflow(by: d)
        guard !overflow else { throw ONNXError.tensorData(tensor: tensor, message: "dims \(dims) overflow the element count") }
        count = product
    }
    return count
}
