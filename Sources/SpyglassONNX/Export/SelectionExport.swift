import SpyglassIR

/// reduce, argMax, topK, gather, cast, compare, not, select: their ONNX namesakes, in the form of
/// the target opset (ReduceSum takes axes as an input from 13, the other reductions from 18).
enum SelectionExport {
    static func reduce(_ a: ReduceAttributes, _ s: NodeScope) throws {
        let x = try s.input(0)
        guard !a.axes.isEmpty else {
            s.emit("Identity", [x], step: "reduce", final: true)
            return
        }
        let opType: String
        switch a.op {
        case .sum: opType = "ReduceSum"
        case .mean: opType = "ReduceMean"
        case .max: opType = "ReduceMax"
        case .min: opType = "ReduceMin"
        case .prod: opType = "ReduceProd"
        }
        let axesAsInput = s.opset >= (a.op == .sum ? 13 : 18)
        var attributes: [String: ONNXAttribute] = ["keepdims": .int(a.keepDims ? 1 : 0)]
        if axesAsInput {
            s.emit(opType, [x, s.int64s(a.axes, step: "axes")], attributes, step: a.op.rawValue, final: true)
        } else {
            attributes["axes"] = .ints(a.axes.map(Int64.init))
            s.emit(opType, [x], attributes, step: a.op.rawValue, final: true)
        }
    }

    static func argMax(_ a: ArgMaxAttributes, _ s: NodeScope) throws {
        s.emit("ArgMax", [try s.input(0)], ["axis": .int(Int64(a.axis)), "keepdims": .int(a.keepDims ? 1 : 0),
                                            "select_last_index": .int(a.selectLastIndex ? 1 : 0)], step: "argmax", final: true)
    }

    static func topK(_ a: TopKAttributes, _ s: NodeScope) throws {
        let k = s.int64s([a.k], step: "k")
        s.builder.append(ONNXNode(name: s.node.name, opType: "TopK", inputs: [try s.input(0), k], outputs: s.node.outputs,
                                  attributes: ["axis": .int(Int64(a.axis)), "largest": .int(a.largest ? 1 : 0), "sorted": .int(1)]))
    }

    static func gather(_ a: GatherAttributes, _ s: NodeScope) throws {
        s.emit("Gather", [try s.input(0), try s.input(1)], ["axis": .int(Int64(a.axis))], step: "gather", final: true)
    }

    static func cast(_ to: DType, _ s: NodeScope) throws {
        s.emit("Cast", [try s.input(0)], ["to": .int(Int64(ONNXDataType(to).rawValue))], step: "cast", final: true)
    }

    static func compare(_ op: CompareOperator, _ s: NodeScope) throws {
        let opType: String
        switch op {
        case .equal: opType = "Equal"
        case .greater: opType = "Greater"
        case .less: opType = "Less"
        case .greaterOrEqual: opType = "GreaterOrEqual"
        case .lessOrEqual: opType = "LessOrEqual"
        }
        s.emit(opType, [try s.input(0), try s.input(1)], step: op.rawValue, final: true)
    }

    static func not(_ s: NodeScope) throws {
        s.emit("Not", [try s.input(0)], step: "not", final: true)
    }

    static func select(_ s: NodeScope) throws {
        s.emit("Where", [try s.input(0), try s.input(1), try s.input(2)], step: "where", final: true)
    }
}

