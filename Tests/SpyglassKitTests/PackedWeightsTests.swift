import Foundation
import SpyglassFormat
import SpyglassIR
import SpyglassKit
import SpyglassPasses
import SpyglassRuntime
import TestSupport
import XCTest

/// Prepacked weights stored in `.spyglass` files (an opaque cache beside the graph) and the record of
/// applied passes: planning from stored blobs equals planning from the raw weights bit for bit, any
/// mismatch is repacked, and files without either still load.
final class PackedWeightsTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws { directory = try Fixtures.temporaryDirectory("packed-weights") }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

    /// x [1, 64, 20, 20] → 3×3 conv 64→128 (Winograd: 100 output tiles) → 1×1 conv 128→4 (fewer rows than a
    /// GEMM panel: OpenBLAS, no packing on any machine).
    private func model(seed: UInt32 = 1) -> Graph {
        var state = seed
        func values(_ n: Int) -> [Float] {
            (0..<n).map { _ in state = state &* 1_664_525 &+ 1_013_904_223; return Float(state >> 8) / Float(1 << 24) - 0.5 }
        }
        let conv = Node(name: "conv", op: .conv2d(Conv2DAttributes(outChannels: 128, kernelH: 3, kernelW: 3, padding: .symmetric(1), activation: .leaky)),
                        inputs: ["x", "conv.w", "conv.b"], outputs: ["h"])
        let head = Node(name: "head", op: .conv2d(Conv2DAttributes(outChannels: 4, kernelH: 1, kernelW: 1)), inputs: ["h", "head.w"], outputs: ["y"])
        return Graph(name: "packed", inputs: [ValueInfo(name: "x", type: .float32([1, 64, 20, 20]))], outputs: ["y"], nodes: [conv, head],
                     constants: ["conv.w": ConstantTensor(floats: values(128 * 64 * 9), shape: [128, 64, 3, 3]),
                                 "conv.b": ConstantTensor(floats: values(128), shape: [128]),
                                 "head.w": ConstantTensor(floats: values(4 * 128), shape: [4, 128, 1, 1])])
    }

    private func input() -> [String: Tensor] {
        ["x": Tensor(shape: [1, 64, 20, 20], data: (0..<(64 * 400)).map { Float(($0 * 7919) % 1000) / 1000 - 0.5 })]
    }

    private func output(_ graph: Graph) throws -> (values: [Float], plan: Plan) {
        let plan = try Plan(graph: graph)
        let y = try plan.run(input())["y"]
        return (try XCTUnwrap(y).data, plan)
    }

    private func written(_ graph: Graph, _ name: String, prepack: Bool = true) throws -> URL {
        let url = directory.appendingPathComponent("\(name).spyglass")
        try ModelWriter.writeSpyglass(graph, to: url, prepack: prepack)
        return url
    }

    func testPlanningFromStoredPackedWeightsIsBitIdenticalToPackingAtPlanTime() throws {
        let url = try written(model(), "packed")
        let loaded = try SpyglassFile.read(url)
        let blob = try XCTUnwrap(loaded.packedWeights["conv"])
        let geometry = ConvGeometry(input: [1, 64, 20, 20], output: [1, 128, 20, 20],
                                    attributes: Conv2DAttributes(outChannels: 128, kernelH: 3, kernelW: 3, padding: .symmetric(1)))
        XCTAssertEqual(blob.layout, WinogradConvolution.packedLayout(geometry))
        XCTAssertEqual(blob.weights, "conv.w")
        XCTAssertEqual(blob.storage.bytes.count, WinogradConvolution.packedCount(geometry) * 4)
        XCTAssertEqual(Int(bitPattern: blob.storage.bytes.baseAddress) % 64, 0)
        XCTAssertNil(loaded.packedWeights["head"], "a 1×1 GEMM conv has nothing to pack")

        let fromBlobs = try output(loaded)
        XCTAssertEqual(fromBlobs.plan.prepacking.reused, ["conv"])
        XCTAssertEqual(fromBlobs.plan.prepacking.packed, [])
        let fromRaw = try output(try SpyglassFile.read(try written(model(), "raw", prepack: false)))
        XCTAssertEqual(fromRaw.plan.prepacking.packed, ["conv"])
        XCTAssertEqual(fromBlobs.values, fromRaw.values)
        XCTAssertEqual(fromBlobs.values, try output(model()).values)
    }

    func testGEMMConvolutionsStoreTheirPanelsWhereThePackedGEMMRuns() throws {
        // A stride-2 3×3 conv goes to the tiled GEMM: on AVX-512 it computes from packed panels, which the
        // file stores; elsewhere OpenBLAS reads the weights as stored and there is nothing to store.
        let attributes = Conv2DAttributes(outChannels: 16, kernelH: 3, kernelW: 3, strideH: 2, strideW: 2,
                                          padding: .symmetric(1), activation: .swish)
        let weights = model(seed: 4).constants["conv.w"].map { ConstantTensor(floats: Array($0.floatArray.prefix(16 * 64 * 9)), shape: [16, 64, 3, 3]) }
        let graph = Graph(name: "gemm", inputs: [ValueInfo(name: "x", type: .float32([1, 64, 20, 20]))], outputs: ["y"],
                          nodes: [Node(name: "down", op: .conv2d(attributes), inputs: ["x", "down.w"], outputs: ["y"])],
                          constants: ["down.w": try XCTUnwrap(weights)])
        let loaded = try SpyglassFile.read(try written(graph, "gemm"))
        let geometry = ConvGeometry(input: [1, 64, 20, 20], output: [1, 16, 10, 10], attributes: attributes)
        let packing = ConvolutionAlgorithms.algorithm(for: geometry) as? PrepackingConvolution.Type
        guard let layout = packing?.packedLayout(geometry) else {
            XCTAssertNil(loaded.packedWeights["down"])
            return
        }
        XCTAssertEqual(try XCTUnwrap(loaded.packedWeights["down"]).layout, layout)
        let fromBlobs = try output(loaded)
        XCTAssertEqual(fromBlobs.plan.prepacking.reused, ["down"])
        XCTAssertEqual(fromBlobs.values, try output(graph).values)
        let reference = try XCTUnwrap(try Plan(graph: graph, options: RuntimeOptions(useReferenceKernels: true)).run(input())["y"]).data
        for (a, b) in zip(fromBlobs.values, reference) { XCTAssertEqual(a, b, accuracy: 1e-4 * max(1, abs(b))) }
    }

    func testMismatchedStoredBlobsAreRepackedNotUsed() throws {
        let expected = try output(model()).values
        let loaded = try SpyglassFile.read(try written(model(), "stale"))
        let blob = try XCTUnwrap(loaded.packedWeights["conv"])
        func with(_ change: (inout PackedWeight) -> Void) -> Graph {
            var g = loaded, b = blob
            change(&b)
            g.packedWeights.insert(b)
            return g
        }
        let stale: [(String, Graph)] = [
            ("layout id", with { $0.layout = "winograd23.v0" }),
            ("geometry", with { $0.geometry = "o=128 c=32 k=3x3 g=1" }),
            ("size", with { $0.storage = TensorStorage(bytes: UnsafeRawBufferPointer(rebasing: blob.storage.bytes.dropLast(64)), owner: blob.storage) }),
            ("weights name", with { $0.weights = "head.w" }),
        ]
        for (label, graph) in stale {
            let run = try output(graph)
            XCTAssertEqual(run.plan.prepacking.packed, ["conv"], "\(label): should repack")
            XCTAssertEqual(run.plan.prepacking.reused, [], "\(label)")
            XCTAssertEqual(run.values, expected, "\(label)")
        }
    }

    func testBlobIsNotUsedOnceItsWeightsAreReplaced() throws {
        // Same names, shapes and geometry: only the binding to the weight storage it was made from tells.
        let newWeights = model(seed: 2).constants["conv.w"]
        var edited = try SpyglassFile.read(try written(model(), "replaced"))
        edited.constants["conv.w"] = newWeights
        var expected = model()
        expected.constants["conv.w"] = newWeights
        let run = try output(edited)
        XCTAssertEqual(run.plan.prepacking.packed, ["conv"])
        XCTAssertEqual(run.values, try output(expected).values)
        XCTAssertNotEqual(run.values, try output(model()).values)
    }

    func testStaleBlobInTheFileHeaderIsRepacked() throws {
        let url = try written(model(), "edited")
        var bytes = try Data(contentsOf: url)
        // Same length, so the header length and offsets stay valid: only the geometry key is wrong.
        let from = Data("o=128 c=64 k=3x3 g=1".utf8), to = Data("o=128 c=64 k=3x3 g=2".utf8)
        let range = try XCTUnwrap(bytes.range(of: from))
        bytes.replaceSubrange(range, with: to)
        try bytes.write(to: url)
        let run = try output(try SpyglassFile.read(url))
        XCTAssertEqual(run.plan.prepacking.packed, ["conv"])
        XCTAssertEqual(run.values, try output(model()).values)
    }

    func testWriterDropsBlobsWhoseWeightsChanged() throws {
        var graph = ModelWriter.withPackedWeights(model())
        XCTAssertEqual(graph.packedWeights.count, 1)
        graph.constants["conv.w"] = model(seed: 3).constants["conv.w"]
        let header = try SpyglassFile.readHeaderJSON(try written(graph, "dropped", prepack: false))
        XCTAssertFalse(header.contains("packed_weights"), "a blob made from replaced weights must not be written")
    }

    func testFilesWithoutPackedWeightsOrPassRecordStillLoad() throws {
        let url = try written(model(), "plain", prepack: false)
        let header = try SpyglassFile.readHeaderJSON(url)
        XCTAssertFalse(header.contains("packed_weights"))
        XCTAssertFalse(header.contains("passes_applied"))
        let loaded = try SpyglassFile.read(url)
        XCTAssertTrue(loaded.packedWeights.isEmpty)
        XCTAssertEqual(loaded.appliedPasses, [])
        XCTAssertEqual(try output(loaded).values, try output(model()).values)
    }

    func testAppliedPassesRoundTripAndAreNotRunAgain() throws {
        var graph = model()
        let manager = PassManager(passes: PassManager.defaultPasses)
        XCTAssertFalse(manager.isApplied(to: graph))
        XCTAssertFalse(try manager.runUnlessApplied(on: &graph).isEmpty)
        XCTAssertEqual(graph.appliedPasses, PassManager.defaultPasses.map(\.name))
        var loaded = try SpyglassFile.read(try written(graph, "optimised"))
        XCTAssertEqual(loaded.appliedPasses, graph.appliedPasses)
        XCTAssertTrue(try manager.runUnlessApplied(on: &loaded).isEmpty, "recorded passes are skipped")
        XCTAssertEqual(loaded.packedWeights.count, 1)
    }

    func testAPassThatChangesTheGraphForgetsPassesItDoesNotCover() throws {
        var graph = model()
        graph.appliedPasses = ["fold-batchnorm", "fuse-activation"]
        // keep-outputs prunes the head: the graph changed, so only keep-outputs is known to be applied.
        _ = try PassManager(passes: [KeepOutputs(["h"])]).run(on: &graph)
        XCTAssertEqual(graph.appliedPasses, ["keep-outputs"])
        // A run that changes nothing keeps the record and adds to it.
        _ = try PassManager(passes: [FuseActivation()]).run(on: &graph)
        XCTAssertEqual(graph.appliedPasses, ["keep-outputs", "fuse-activation"])
    }

    func testMisplacedPackedBlobIsRejectedOnLoad() throws {
        let url = try written(model(), "corrupt")
        let header = try SpyglassFile.readHeaderJSON(url)
        // The blob's offset plus one: same number of digits (offsets are multiples of 64, so even),
        // so the header keeps its size and only the blob is misplaced.
        let packed = try XCTUnwrap(header.range(of: "packed_weights"))
        let key = try XCTUnwrap(header.range(of: "\"offset\"", range: packed.upperBound..<header.endIndex))
        let digitsStart = try XCTUnwrap(header[key.upperBound...].firstIndex { $0.isNumber })
        let digits = header[digitsStart...].prefix { $0.isNumber }
        let offset = try XCTUnwrap(Int(digits))
        let broken = header.replacingCharacters(in: digits.startIndex..<digits.endIndex, with: String(offset + 1))
        var bytes = try Data(contentsOf: url)
        bytes.replaceSubrange(try XCTUnwrap(bytes.range(of: Data(header.utf8))), with: Data(broken.utf8))
        try bytes.write(to: url)
        XCTAssertThrowsError(try SpyglassFile.read(url)) { error in
            XCTAssertTrue("\(error)".contains("packed weights of 'conv'"), "\(error)")
        }
    }

    /// Pages of `bytes` mapped into this process (present bit of /proc/self/pagemap), or nil without pagemap.
    private func presentPages(_ bytes: UnsafeRawBufferPointer) -> Int? {
        guard let handle = FileHandle(forReadingAtPath: "/proc/self/pagemap"), let base = bytes.baseAddress else { return nil }
        defer { try? handle.close() }
        let page = UInt(sysconf(Int32(_SC_PAGESIZE)))
        let first = UInt(bitPattern: base) / page, last = (UInt(bitPattern: base) + UInt(bytes.count) - 1) / page
        guard (try? handle.seek(toOffset: UInt64(first * 8))) != nil else { return nil }
        let entries = handle.readData(ofLength: Int(last - first + 1) * 8)
        return entries.withUnsafeBytes { raw in
            (0..<(raw.count / 8)).filter { raw.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self) >> 63 == 1 }.count
        }
    }

    func testRawWeightsWithAStoredPackedFormAreNeverReadIntoMemory() throws {
        let loaded = try SpyglassFile.read(try written(model(), "cold"))
        let run = try output(loaded)
        XCTAssertEqual(run.plan.prepacking.reused, ["conv"])
        let raw = try XCTUnwrap(loaded.constants["conv.w"]).storage.bytes
        guard let present = presentPages(raw) else { throw XCTSkip("no /proc/self/pagemap") }
        XCTAssertEqual(present, 0, "conv.w is only kept for export: planning and running from its packed form must not fault it in")
        XCTAssertGreaterThan(presentPages(try XCTUnwrap(loaded.packedWeights["conv"]).storage.bytes) ?? 0, 0, "the packed form is what runs")
    }

    func testRawWeightsReadOnlyToPackThemAreReleasedAfterPlanning() throws {
        let loaded = try SpyglassFile.read(try written(model(), "unpacked", prepack: false))
        let run = try output(loaded)
        XCTAssertEqual(run.plan.prepacking.packed, ["conv"])
        let raw = try XCTUnwrap(loaded.constants["conv.w"]).storage.bytes
        guard let present = presentPages(raw) else { throw XCTSkip("no /proc/self/pagemap") }
        // Only the two pages it may share with its neighbours (conv.b, head.w, both in use) can stay.
        XCTAssertLessThanOrEqual(present, 2, "of \(raw.count / 4096) pages")
        XCTAssertEqual(try XCTUnwrap(loaded.constants["conv.w"]).floatArray, try XCTUnwrap(model().constants["conv.w"]).floatArray,
                       "released pages read back from the file")
    }
}
