import SpyglassDarknet
import SpyglassIR
import TestSupport
import XCTest

/// Exporting graphs that did not come straight from the importer.
final class ExporterTests: XCTestCase {
    func testOptimisedYoloV3TinyExportsFoldedConvolutionsWithTheSameLayers() throws {
        let text = try String(contentsOf: Fixtures.cfg("yolov3-tiny"), encoding: .utf8)
        let skeleton = try DarknetImporter.parse(cfgText: text, fileName: "yolov3-tiny.cfg", weights: nil)
        let model = try DarknetImporter.parse(cfgText: text, fileName: "yolov3-tiny.cfg",
                                              weights: randomDarknetWeights(for: skeleton, seed: 11))
        let optimised = HandOptimisations.all(model.graph)
        XCTAssertFalse(optimised.nodes.contains { $0.op.kind == .batchNorm || $0.op.kind == .activation || $0.op.kind == .identity })
        try Verifier.verify(optimised)

        let exported = try DarknetExporter.export(optimised)
        XCTAssertFalse(exported.cfg.contains("batch_normalize"))
        let again = try DarknetImporter.parse(cfgText: exported.cfg, fileName: "out.cfg", weights: exported.weights)
        // Same Darknet layers (the removed route identity comes back as a [route]).
        XCTAssertEqual(again.layers.map(\.section), model.layers.map(\.section))
        XCTAssertEqual(again.graph.outputs, model.graph.outputs)
        // Each folded convolution is stored exactly: biases then weights, activation in the cfg.
        for node in optimised.nodes {
            guard case .conv2d(let a) = node.op else { continue }
            let layer = node.name.split(separator: ".")[0]
            let back = try XCTUnwrap(again.graph.node(named: "\(layer).conv"))
            XCTAssertEqual(back.op, .conv2d(a), node.name)
            XCTAssertEqual(again.graph.constants[back.inputs[1]]?.floatArray, optimised.constants[node.inputs[1]]?.floatArray, node.name)
            XCTAssertEqual(again.graph.constants[back.inputs[2]]?.floatArray, optimised.constants[node.inputs[2]]?.floatArray, node.name)
        }
        // 1 conv with BN folded: header + per conv (filters biases + weights), no BN arrays.
        let convParams = optimised.nodes.reduce(0) { sum, n in
            guard case .conv2d = n.op else { return sum }
            return sum + n.inputs.dropFirst().reduce(0) { $0 + (optimised.constants[$1]?.elementCount ?? 0) }
        }
        XCTAssertEqual(exported.weights.count, 20 + 4 * convParams)
    }

    func testRemovedDropoutAndFusedActivationsExportAsFewerLayers() throws {
        let text = SampleCfgs.all[1].text  // local, local, connected+BN, dropout, connected, detection
        let skeleton = try DarknetImporter.parse(cfgText: text, fileName: "s.cfg", weights: nil)
        let model = try DarknetImporter.parse(cfgText: text, fileName: "s.cfg", weights: randomDarknetWeights(for: skeleton, seed: 5))
        var g = model.graph
        HandOptimisations.fuseActivations(&g)
        HandOptimisations.removeNoOps(&g)
        let exported = try DarknetExporter.export(g)
        let again = try DarknetImporter.parse(cfgText: exported.cfg, fileName: "out.cfg", weights: exported.weights)
        XCTAssertEqual(again.layers.map(\.section), ["local", "local", "connected", "connected", "detection"])
        // The connected layer keeps its BN (nothing folds it) with its activation after it.
        XCTAssertEqual(again.layers[2].nodes, ["L2.fc", "L2.bn", "L2.act"])
        // Same parameters, same order: the file only lacks nothing, since dropout has no weights.
        XCTAssertEqual(exported.weights, randomDarknetWeights(for: skeleton, seed: 5))
    }

    func testGraphsDarknetCannotExpressNameTheNode() throws {
        func graph(_ nodes: [Node], constants: [String: ConstantTensor] = [:]) -> Graph {
            Graph(name: "g", inputs: [ValueInfo(name: "x", type: .float32([1, 2, 4, 4]))], outputs: [nodes.last!.outputs[0]],
                  nodes: nodes, constants: constants)
        }
        let window = Pool2DAttributes(kernelH: 2, kernelW: 2, strideH: 2, strideW: 2)
        let cases: [(Graph, String)] = [
            (graph([Node(name: "pool", op: .avgPool(window), inputs: ["x"], outputs: ["y"])]), "node 'pool'"),
            (graph([Node(name: "relu", op: .activation(.relu), inputs: ["x"], outputs: ["y"])]), "node 'relu'"),
            (graph([Node(name: "bn", op: .batchNorm(BatchNormAttributes(epsilon: 1e-5, placement: .insideSqrt)),
                         inputs: ["x", "s", "b", "m", "v"], outputs: ["y"])],
                   constants: ["s": .init(floats: [1, 1], shape: [2]), "b": .init(floats: [0, 0], shape: [2]),
                               "m": .init(floats: [0, 0], shape: [2]), "v": .init(floats: [1, 1], shape: [2])]), "node 'bn'"),
        ]
        for (g, name) in cases {
            XCTAssertThrowsError(try DarknetExporter.export(g)) { error in
                guard case DarknetError.unsupportedGraph(let node, _) = error else { return XCTFail("\(error)") }
                XCTAssertTrue(node.contains(name), "\(node)")
            }
        }
    }

    func testConvolutionAfterBatchNormIsRejectedWhenItsEpsilonDiffers() throws {
        let w = ConstantTensor(floats: [1, 1], shape: [1, 2, 1, 1])
        let p = ConstantTensor(floats: [1], shape: [1])
        let g = Graph(name: "g", inputs: [ValueInfo(name: "x", type: .float32([1, 2, 4, 4]))], outputs: ["z"], nodes: [
            Node(name: "conv", op: .conv2d(Conv2DAttributes(outChannels: 1, kernelH: 1, kernelW: 1)), inputs: ["x", "w"], outputs: ["y"]),
            Node(name: "bn", op: .batchNorm(BatchNormAttributes(epsilon: 1e-5, placement: .insideSqrt)),
                 inputs: ["y", "s", "b", "m", "v"], outputs: ["z"]),
        ], constants: ["w": w, "s": p, "b": p, "m": p, "v": p])
        XCTAssertThrowsError(try DarknetExporter.export(g)) { error in
            XCTAssertTrue("\(error)".contains("node 'bn'"), "\(error)")
        }
    }

    func testAddExportsAsAShortcutAndAConstantlessGraphWithoutWeightsExports() throws {
        let g = Graph(name: "g", inputs: [ValueInfo(name: "x", type: .float32([1, 2, 4, 4]))], outputs: ["s"], nodes: [
            Node(name: "p", op: .maxPool(Pool2DAttributes(kernelH: 1, kernelW: 1, strideH: 1, strideW: 1)), inputs: ["x"], outputs: ["a"]),
            Node(name: "u", op: .upsample(UpsampleAttributes(factor: 1)), inputs: ["a"], outputs: ["b"]),
            Node(name: "add", op: .add, inputs: ["b", "a"], outputs: ["s"]),
        ])
        let exported = try DarknetExporter.export(g)
        XCTAssertEqual(exported.weights.count, 20)
        let again = try DarknetImporter.parse(cfgText: exported.cfg, fileName: "o.cfg", weights: exported.weights)
        XCTAssertEqual(again.layers.map(\.section), ["maxpool", "upsample", "shortcut"])
        XCTAssertEqual(again.graph.node(named: "L2.shortcut")?.op, .shortcut(ShortcutAttributes()))
        XCTAssertEqual(again.graph.node(named: "L2.shortcut")?.inputs, ["L1.upsample", "L0.maxpool"])
    }
}
