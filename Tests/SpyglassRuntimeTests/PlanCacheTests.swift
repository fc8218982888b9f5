import SpyglassIR
import SpyglassRuntime
import XCTest

final class PlanCacheTests: XCTestCase {
    /// x [batch, 2, height, 3] → transpose → y: the symbolic dims bound from each input tensor.
    func graph() -> Graph {
        Graph(name: "g", inputs: [ValueInfo(name: "x", type: TensorType(.float32, Shape([.symbolic("batch"), .fixed(2), .symbolic("height"), .fixed(3)])))],
              outputs: ["y"],
              nodes: [Node(name: "t", op: .transpose(TransposeAttributes(permutation: [0, 2, 3, 1])), inputs: ["x"], outputs: ["y"])])
    }

    func testEachInputShapeIsPlannedOnceAndReused() throws {
        let cache = PlanCache(graph: graph(), capacity: 2)
        for (round, (batch, height)) in [(1, 4), (3, 5), (1, 4), (3, 5)].enumerated() {
            let count = batch * 2 * height * 3
            let x = Tensor(shape: [batch, 2, height, 3], data: (0..<count).map(Float.init))
            let y = try XCTUnwrap(cache.run(["x": x])["y"])
            XCTAssertEqual(y.shape, [batch, height, 3, 2])
            XCTAssertEqual(y.data[1], Float(height * 3), "y[0,0,0,1] = x[0,1,0,0]")
            XCTAssertEqual(cache.plansMade, min(round + 1, 2))
        }
        // A third shape evicts the least recently used; coming back to it plans again.
        _ = try cache.run(["x": Tensor(zeros: [2, 2, 1, 3])])
        _ = try cache.run(["x": Tensor(zeros: [1, 2, 4, 3])])
        XCTAssertEqual(cache.plansMade, 4)
    }

    func testAShapeThatContradictsAFixedDimIsRefusedNamingTheInput() {
        let cache = PlanCache(graph: graph())
        XCTAssertThrowsError(try cache.run(["x": Tensor(zeros: [1, 3, 4, 3])])) { error in
            XCTAssertEqual(error as? RuntimeError, .inputShape(name: "x", expected: [-1, 2, -1, 3], got: [1, 3, 4, 3]))
        }
        XCTAssertThrowsError(try cache.run([:])) { XCTAssertEqual($0 as? RuntimeError, .missingInput("x")) }
    }
}
