import SpyglassIR
@testable import SpyglassRuntime
import TestSupport
import XCTest

/// reduce, argMax, topK, gather, cast, compare, not and select: the optimised kernels against the
/// reference kernels on random inputs of every element type they take, plus hand-checked cases
/// for the rules the ONNX spec fixes (tie order, empty sets, cast rounding).
final class SelectionKernelTests: XCTestCase {
    /// A graph input of any element type: floats in −4…4 (with repeats, so ties occur), integers in
    /// −5…5, uint8 0…255, bool 0/1.
    struct Typed {
        var shape: [Int]
        var dtype: DType
        var values: [Double]? = nil

        func tensor(_ random: inout SeededRandom) -> Tensor {
            let n = shape.reduce(1, *)
            switch dtype {
            case .float32: return Tensor(shape: shape, data: values.map { $0.map(Float.init) } ?? (0..<n).map { _ in Float(random.int(-16...16)) / 4 })
            case .int64, .int32: return Tensor(shape: shape, integers: values.map { $0.map { Int64($0) } } ?? (0..<n).map { _ in Int64(random.int(-5...5)) }, dtype: dtype)
            case .uint8: return Tensor(shape: shape, integers: values.map { $0.map { Int64($0) } } ?? (0..<n).map { _ in Int64(random.int(0...255)) }, dtype: dtype)
            case .bool: return Tensor(shape: shape, integers: values.map { $0.map { Int64($0) } } ?? (0..<n).map { _ in random.bool() ? 1 : 0 }, dtype: dtype)
            }
        }
    }

    func run(_ op: Op, _ operands: [Typed], outputs: Int = 1, reference: Bool, threads: Int = 1, seed: UInt64 = 1) throws -> [Tensor] {
        var random = SeededRandom(seed: seed)
        var infos: [ValueInfo] = [], feed: [String: Tensor] = [:]
        for (i, o) in operands.enumerated() {
            infos.append(ValueInfo(name: "in\(i)", type: TensorType(o.dtype, Shape(o.shape))))
            feed["in\(i)"] = o.tensor(&random)
        }
        let names = (0..<outputs).map { "y\($0)" }
        let graph = Graph(name: "single", inputs: infos, outputs: names,
                          nodes: [Node(name: "op", op: op, inputs: infos.map(\.name), outputs: names)], constants: [:])
        let plan = try Plan(graph: graph, options: RuntimeOptions(threads: threads, useReferenceKernels: reference))
        let result = try plan.run(feed)
        return try names.map { name in
            guard let t = result[name] else { throw RuntimeError.notKept(name) }
            return t
        }
    }

    func assertAgree(_ op: Op, _ operands: [Typed], outputs: Int = 1, seed: UInt64 = 1, file: StaticString = #filePath, line: UInt = #line) throws {
        let reference = try run(op, operands, outputs: outputs, reference: true, seed: seed)
        let optimised = try run(op, operands, outputs: outputs, reference: false, threads: 2, seed: seed)
        for (o, r) in zip(optimised, reference) {
            XCTAssertEqual(o.shape, r.shape, "\(op)", file: file, line: line)
            XCTAssertEqual(o.dtype, r.dtype, "\(op)", file: file, line: line)
            if o.dtype == .float32 {
                let agree = zip(o.data, r.data).allSatisfy { a, b in a == b || (a.isNaN && b.isNaN) || abs(a - b) <= 1e-5 * max(1, abs(b)) }
                XCTAssertTrue(agree, "\(op) on \(operands.map(\.shape)): \(o.data) vs \(r.data)", file: file, line: line)
            } else {
                XCTAssertEqual(o.integers, r.integers, "\(op) on \(operands.map(\.shape))", file: file, line: line)
            }
        }
    }

    func testReduceMatchesReferenceForEveryOperatorAxesAndType() throws {
        let shape = [3, 4, 5, 2]
        for op in ReduceOperator.allCases {
            for axes in [[0], [1], [3], [0, 2], [1, 2, 3], [0, 1, 2, 3], []] {
                for keep in [true, false] {
                    for dtype in [DType.float32, .int64, .int32] {
                        try assertAgree(.reduce(ReduceAttributes(op, axes: axes, keepDims: keep)), [Typed(shape: shape, dtype: dtype)])
                    }
                }
            }
        }
        try assertAgree(.reduce(ReduceAttributes(.max, axes: [1], keepDims: true)), [Typed(shape: [4, 3], dtype: .bool)])
        try assertAgree(.reduce(ReduceAttributes(.min, axes: [0], keepDims: false)), [Typed(shape: [4, 3], dtype: .bool)])
    }

    func testReduceOverAnEmptyAxisGivesEachOperatorsIdentity() throws {
        let x = Typed(shape: [2, 0, 3], dtype: .float32, values: [])
        for (op, want) in [(ReduceOperator.sum, Float(0)), (.prod, 1), (.max, -.infinity), (.min, .infinity)] {
            for reference in [true, false] {
                let y = try run(.reduce(ReduceAttributes(op, axes: [1], keepDims: true)), [x], reference: reference)[0]
                XCTAssertEqual(y.shape, [2, 1, 3])
                XCTAssertEqual(y.data, [Float](repeating: want, count: 6), "\(op)")
            }
        }
        let b = Typed(shape: [2, 0], dtype: .bool, values: [])
        XCTAssertEqual(try run(.reduce(ReduceAttributes(.max, axes: [1], keepDims: false)), [b], reference: false)[0].integers, [0, 0])
        XCTAssertEqual(try run(.reduce(ReduceAttributes(.min, axes: [1], keepDims: false)), [b], reference: false)[0].integers, [1, 1])
    }

    func testArgMaxMatchesReferenceAndBreaksTiesByFirstOrLastIndex() throws {
        for axis in 0..<3 {
            for keep in [true, false] {
                for last in [true, false] {
                    for dtype in [DType.float32, .int64, .uint8] {
                        try assertAgree(.argMax(ArgMaxAttributes(axis: axis, keepDims: keep, selectLastIndex: last)), [Typed(shape: [3, 5, 4], dtype: dtype)])
                    }
                }
            }
        }
        let x = Typed(shape: [1, 4], dtype: .float32, values: [1, 3, 3, 2])
        XCTAssertEqual(try run(.argMax(ArgMaxAttributes(axis: 1, keepDims: false, selectLastIndex: false)), [x], reference: false)[0].integers, [1])
        XCTAssertEqual(try run(.argMax(ArgMaxAttributes(axis: 1, keepDims: false, selectLastIndex: true)), [x], reference: false)[0].integers, [2])
    }

    func testTopKMatchesReferenceAndOrdersEqualValuesBySmallerIndex() throws {
        for axis in 0..<3 {
            for largest in [true, false] {
                for dtype in [DType.float32, .int64, .int32] {
                    try assertAgree(.topK(TopKAttributes(k: 2, axis: axis, largest: largest)), [Typed(shape: [3, 5, 4], dtype: dtype)], outputs: 2)
                }
            }
        }
        let x = Typed(shape: [5], dtype: .int64, values: [0, 2, 1, 2, 1])
        for reference in [true, false] {
            let y = try run(.topK(TopKAttributes(k: 3, axis: 0, largest: true)), [x], outputs: 2, reference: reference)
            XCTAssertEqual(y[0].integers, [2, 2, 1])
            XCTAssertEqual(y[1].integers, [1, 3, 2])
            let s = try run(.topK(TopKAttributes(k: 3, axis: 0, largest: false)), [x], outputs: 2, reference: reference)
            XCTAssertEqual(s[1].integers, [0, 2, 4])
        }
    }

    func testGatherMatchesReferenceOnEveryAxisTypeAndIndexWidth() throws {
        for axis in 0..<3 {
            for dtype in [DType.float32, .int64, .uint8] {
                for indexType in [DType.int64, .int32] {
                    let indices = Typed(shape: [2, 2], dtype: indexType, values: [0, -1, 2, 1])
                    try assertAgree(.gather(GatherAttributes(axis: axis)), [Typed(shape: [3, 4, 5], dtype: dtype), indices])
                }
            }
        }
        let y = try run(.gather(GatherAttributes(axis: 0)), [Typed(shape: [3], dtype: .int64, values: [10, 20, 30]),
                                                            Typed(shape: [3], dtype: .int64, values: [-1, 0, 1])], reference: false)[0]
        XCTAssertEqual(y.integers, [30, 10, 20])
    }

    func testCastMatchesReferenceBetweenEveryPairOfTypes() throws {
        let specials: [Double] = [.nan, .infinity, -.infinity, 300.7, -1.5, 3e9, -3e9, 1e20, 2.5, -0.5, 0, 255.9]
        for from in DType.allCases {
            for to in DType.allCases {
                let x = from == .float32 ? Typed(shape: [specials.count], dtype: from, values: specials) : Typed(shape: [4, 6], dtype: from)
                try assertAgree(.cast(to), [x])
            }
        }
    }

    func testCastFromFloatTruncatesTowardZeroLikeONNXsReference() throws {
        let x = Typed(shape: [6], dtype: .float32, values: [.nan, 300.7, -1.5, 3e9, 2.9, -2.9])
        for reference in [true, false] {
            XCTAssertEqual(try run(.cast(.int64), [x], reference: reference)[0].integers, [Int64.min, 300, -1, 3_000_000_000, 2, -2])
            XCTAssertEqual(try run(.cast(.int32), [x], reference: reference)[0].integers, [Int64(Int32.min), 300, -1, Int64(Int32.min), 2, -2])
            XCTAssertEqual(try run(.cast(.uint8), [x], reference: reference)[0].integers, [0, 44, 255, 0, 2, 254])
            XCTAssertEqual(try run(.cast(.bool), [x], reference: reference)[0].integers, [1, 1, 1, 1, 1, 1])
        }
    }

    func testCompareMatchesReferenceWithBroadcasting() throws {
        for op in CompareOperator.allCases {
            for dtype in [DType.float32, .int64, .int32, .uint8] {
                try assertAgree(.compare(op), [Typed(shape: [3, 4, 5], dtype: dtype), Typed(shape: [4, 1], dtype: dtype)])
                try assertAgree(.compare(op), [Typed(shape: [1, 5], dtype: dtype), Typed(shape: [3, 1], dtype: dtype)])
            }
        }
        try assertAgree(.compare(.equal), [Typed(shape: [6], dtype: .bool), Typed(shape: [6], dtype: .bool)])
    }

    func testNotAndSelectMatchReference() throws {
        try assertAgree(.not, [Typed(shape: [3, 7], dtype: .bool)])
        for dtype in DType.allCases {
            try assertAgree(.select, [Typed(shape: [3, 1, 5], dtype: .bool), Typed(shape: [4, 5], dtype: dtype), Typed(shape: [3, 4, 1], dtype: dtype)])
        }
        let y = try run(.select, [Typed(shape: [3], dtype: .bool, values: [1, 0, 1]), Typed(shape: [3], dtype: .int64, values: [1, 2, 3]),
                                  Typed(shape: [1], dtype: .int64, values: [-7])], reference: false)[0]
        XCTAssertEqual(y.integers, [1, -7, 3])
    }
}
