import CONNXProto
import Foundation

/// Builds libprotobuf-c structs from Swift values (memory owned by a `CArena`) so
/// `onnx__model_proto__pack` can serialise them.
struct ProtoEncoder {
    let arena: CArena

    func model(_ m: ONNXModel) -> UnsafeMutablePointer<Onnx__ModelProto> {
        let p = arena.allocate(Onnx__ModelProto.self)
        onnx__model_proto__init(p)
        p.pointee.has_ir_version = 1
        p.pointee.ir_version = m.irVersion
        let opsets = m.opsetImports.map { o -> UnsafeMutablePointer<Onnx__OperatorSetIdProto>? in
            let q = arena.allocate(Onnx__OperatorSetIdProto.self)
            onnx__operator_set_id_proto__init(q)
            q.pointee.domain = arena.cString(o.domain)
            q.pointee.has_version = 1
            q.pointee.version = o.version
            return q
        }
        p.pointee.n_opset_import = opsets.count
        p.pointee.opset_import = arena.array(opsets)
        p.pointee.producer_name = arena.optionalString(m.producerName)
        p.pointee.producer_version = arena.optionalString(m.producerVersion)
        p.pointee.domain = arena.optionalString(m.domain)
        if m.modelVersion != 0 { p.pointee.has_model_version = 1; p.pointee.model_version = m.modelVersion }
        p.pointee.doc_string = arena.optionalString(m.docString)
        p.pointee.graph = graph(m.graph)
        p.pointee.n_metadata_props = m.metadata.count
        p.pointee.metadata_props = arena.array(m.metadata.map(entry))
        return p
    }

    func graph(_ g: ONNXGraph) -> UnsafeMutablePointer<Onnx__GraphProto> {
        let p = arena.allocate(Onnx__GraphProto.self)
        onnx__graph_proto__init(p)
        p.pointee.name = arena.cString(g.name)
        p.pointee.n_node = g.nodes.count
        p.pointee.node = arena.array(g.nodes.map { Optional(node($0)) })
        p.pointee.n_initializer = g.initializers.count
        p.pointee.initializer = arena.array(g.initializers.map { Optional(tensor($0)) })
        p.pointee.doc_string = arena.optionalString(g.docString)
        p.pointee.n_input = g.inputs.count
        p.pointee.input = arena.array(g.inputs.map { Optional(valueInfo($0)) })
        p.pointee.n_output = g.outputs.count
        p.pointee.output = arena.array(g.outputs.map { Optional(valueInfo($0)) })
        p.pointee.n_value_info = g.valueInfo.count
        p.pointee.value_info = arena.array(g.valueInfo.map { Optional(valueInfo($0)) })
        return p
    }

    func node(_ n: ONNXNode) -> UnsafeMutablePointer<Onnx__NodeProto> {
        let p = arena.allocate(Onnx__NodeProto.self)
        onnx__node_proto__init(p)
        p.pointee.n_input = n.inputs.count
        p.pointee.input = arena.array(n.inputs.map { Optional(arena.cString($0)) })
        p.pointee.n_output = n.outputs.count
        p.pointee.output = arena.array(n.outputs.map { Optional(arena.cString($0)) })
        p.pointee.name = arena.optionalString(n.name)
        p.pointee.op_type = arena.cString(n.opType)
        p.pointee.domain = arena.optionalString(n.domain)
        p.pointee.doc_string = arena.optionalString(n.docString)
        // Sorted by name so the same model always serialises to the same bytes.
        let attributes = n.attributes.sorted { $0.key < $1.key }.map { Optional(attribute(name: $0.key, $0.value)) }
        p.pointee.n_attribute = attributes.count
        p.pointee.attribute = arena.array(attributes)
        return p
    }

    func attribute(name: String, _ value: ONNXAttribute) -> UnsafeMutablePointer<Onnx__AttributeProto> {
        let p = arena.allocate(Onnx__AttributeProto.self)
        onnx__attribute_proto__init(p)
        p.pointee.name = arena.cString(name)
        p.pointee.has_type = 1
        p.pointee.type = Onnx__AttributeProto__AttributeType(rawValue: numericCast(value.typeCode))
        switch value {
        case .float(let f): p.pointee.has_f = 1; p.pointee.f = f
        case .int(let i): p.pointee.has_i = 1; p.pointee.i = i
        case .string(let s): p.pointee.has_s = 1; p.pointee.s = binaryData(s)
        case .tensor(let t): p.pointee.t = tensor(t)
        case .graph(let g): p.pointee.g = graph(g)
        case .floats(let v): p.pointee.n_floats = v.count; p.pointee.floats = arena.array(v)
        case .ints(let v): p.pointee.n_ints = v.count; p.pointee.ints = arena.array(v)
        case .strings(let v): p.pointee.n_strings = v.count; p.pointee.strings = arena.array(v.map(binaryData))
        case .tensors(let v): p.pointee.n_tensors = v.count; p.pointee.tensors = arena.array(v.map { Optional(tensor($0)) })
        case .graphs(let v): p.pointee.n_graphs = v.count; p.pointee.graphs = arena.array(v.map { Optional(graph($0)) })
        }
        return p
    }

    func tensor(_ t: ONNXTensor) -> UnsafeMutablePointer<Onnx__TensorProto> {
        let p = arena.allocate(Onnx__TensorProto.self)
        onnx__tensor_proto__init(p)
        p.pointee.name = arena.optionalString(t.name)
        p.pointee.n_dims = t.dims.count
        p.pointee.dims = arena.array(t.dims.map(Int64.init))
        p.pointee.has_data_type = 1
        p.pointee.data_type = t.dataType.rawValue
        if t.dataType == .string {
            p.pointee.n_string_data = t.strings.count
            p.pointee.string_data = arena.array(t.strings.map(binaryData))
        } else {
            p.pointee.has_raw_data = 1
            p.pointee.raw_data = binaryData(t.rawData)
        }
        return p
    }

    func valueInfo(_ v: ONNXValueInfo) -> UnsafeMutablePointer<Onnx__ValueInfoProto> {
        let p = arena.allocate(Onnx__ValueInfoProto.self)
        onnx__value_info_proto__init(p)
        p.pointee.name = arena.cString(v.name)
        guard v.elementType != nil || v.shape != nil else { return p }
        let tensorType = arena.allocate(Onnx__TypeProto__Tensor.self)
        onnx__type_proto__tensor__init(tensorType)
        if let e = v.elementType { tensorType.pointee.has_elem_type = 1; tensorType.pointee.elem_type = e.rawValue }
        if let shape = v.shape {
            let s = arena.allocate(Onnx__TensorShapeProto.self)
            onnx__tensor_shape_proto__init(s)
            let dims = shape.map { d -> UnsafeMutablePointer<Onnx__TensorShapeProto__Dimension>? in
                let q = arena.allocate(Onnx__TensorShapeProto__Dimension.self)
                onnx__tensor_shape_proto__dimension__init(q)
                switch d {
                case .value(let v): q.pointee.value_case = ONNX__TENSOR_SHAPE_PROTO__DIMENSION__VALUE_DIM_VALUE; q.pointee.dim_value = v
                case .param(let name): q.pointee.value_case = ONNX__TENSOR_SHAPE_PROTO__DIMENSION__VALUE_DIM_PARAM; q.pointee.dim_param = arena.cString(name)
                case .unknown: break
                }
                return q
            }
            s.pointee.n_dim = dims.count
            s.pointee.dim = arena.array(dims)
            tensorType.pointee.shape = s
        }
        let type = arena.allocate(Onnx__TypeProto.self)
        onnx__type_proto__init(type)
        type.pointee.value_case = ONNX__TYPE_PROTO__VALUE_TENSOR_TYPE
        type.pointee.tensor_type = tensorType
        p.pointee.type = type
        return p
    }

    private func entry(_ e: ONNXMetadataEntry) -> UnsafeMutablePointer<Onnx__StringStringEntryProto>? {
        let p = arena.allocate(Onnx__StringStringEntryProto.self)
        onnx__string_string_entry_proto__init(p)
        p.pointee.key = arena.cString(e.key)
        p.pointee.value = arena.cString(e.value)
        return p
    }

    private func binaryData(_ d: Data) -> ProtobufCBinaryData {
        ProtobufCBinaryData(len: d.count, data: arena.bytes(d))
    }
}
