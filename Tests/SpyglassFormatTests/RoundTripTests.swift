import Foundation
@testable import SpyglassFormat
import SpyglassIR
import TestSupport
import XCTest

final class RoundTripTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws { directory = try Fixtures.temporaryDirectory("format-roundtrip") }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

    func testHandBuiltGraphUsesEveryOpKind() {
        let kinds = Set(AllOpsGraph.make().nodes.map(\.op.kind))
        XCTAssertEqual(kinds, Set(OpKind.allCases), "missing: \(Set(OpKind.allCases).subtracting(kinds))")
    }

    func testEveryOpKindHasACodec() {
        for kind in OpKind.allCases { XCTAssertNotNil(OpCodecs.codec(for: kind), "\(kind)") }
        XCTAssertEqual(OpCodecs.all.count, OpKind.allCases.count)
    }

    func testEveryOpAttributeAndConstantByteSurvivesWriteAndRead() throws {
        let graph = AllOpsGraph.make()
        XCTAssertNoThrow(try Verifier.verify(graph, bindings: ["batch": 1]))
        let url = directory.appendingPathComponent("all-ops.spyglass")
        try SpyglassFile.write(graph, to: url)
        let read = try SpyglassFile.read(url)
        assertSameGraph(graph, read)
        XCTAssertNoThrow(try Verifier.verify(read, bindings: ["batch": 1]))
    }

    func testWritingTheReadGraphAgainGivesIdenticalBytes() throws {
        let url = directory.appendingPathComponent("a.spyglass")
        let first = try SpyglassFile.encode(AllOpsGraph.make())
        try first.write(to: url)
        let second = try SpyglassFile.encode(try SpyglassFile.read(url))
        XCTAssertEqual(first, second)
    }

    func testFloatAttributesAreWrittenInShortestFormAndReadBackExactly() throws {
        let header = try String(decoding: SpyglassFile.encode(AllOpsGraph.make()), as: UTF8.self)
        XCTAssertNotNil(header.range(of: #""probability": 0\.1\s"#, options: .regularExpression), "dropout probability should read 0.1")
        XCTAssertTrue(header.contains("\"epsilon\": 1e-05"))
        XCTAssertTrue(header.contains("0.677385"))
    }

    func testOverwritingTheFileAGraphWasMappedFromKeepsItsConstantsValid() throws {
        let url = directory.appendingPathComponent("same.spyglass")
        let graph = AllOpsGraph.make()
        try SpyglassFile.write(graph, to: url)
        let mapped = try SpyglassFile.read(url)
        var other = graph
        other.constants = [:]
        other.nodes = []
        other.outputs = ["x"]
        try SpyglassFile.write(other, to: url)
        assertSameGraph(graph, mapped)
    }

    func testConstantsStartAt64ByteAlignedFileOffsets() throws {
        let data = try SpyglassFile.encode(AllOpsGraph.make())
        let json = try JSONC.parse(headerText(of: data))
        let headerLength = data.subdata(in: 12..<20).withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
        let blobStart = (20 + Int(headerLength) + 63) / 64 * 64
        guard case .array(let tensors)? = json["tensors"] else { return XCTFail("no tensor table") }
        XCTAssertEqual(tensors.count, AllOpsGraph.make().constants.count)
        for t in tensors {
            guard case .int(let offset)? = t["offset"] else { return XCTFail("no offset") }
            XCTAssertEqual((blobStart + Int(offset)) % 64, 0)
        }
        XCTAssertTrue(data[(20 + Int(headerLength))..<blobStart].allSatisfy { $0 == 0 }, "padding must be zeros")
    }

    func testGraphWithNaNAttributeIsRefusedNamingTheNode() {
        var graph = AllOpsGraph.make()
        graph.nodes[1].op = .batchNorm(BatchNormAttributes(epsilon: .nan, placement: .afterSqrt))
        XCTAssertThrowsError(try SpyglassFile.encode(graph)) { e in
            guard case FormatError.unencodable(let node, let message)? = e as? FormatError else { return XCTFail("\(e)") }
            XCTAssertEqual(node, "bn")
            XCTAssertTrue(message.contains("epsilon"), message)
        }
    }

    func testConstantWhoseBytesDisagreeWithItsShapeIsRefused() {
        var graph = AllOpsGraph.make()
        graph.constants["conv.b"] = ConstantTensor(type: .float32([9]), storage: TensorStorage(copying: [Float](repeating: 0, count: 8)))
        XCTAssertThrowsError(try SpyglassFile.encode(graph)) { e in
            XCTAssertTrue("\(e)".contains("conv.b"), "\(e)")
        }
    }
}

/// The header text of an encoded container (layout read independently of the reader).
func headerText(of data: Data) -> String {
    let length = data.subdata(in: 12..<20).withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
    return String(decoding: data.subdata(in: 20..<(20 + Int(length))), as: UTF8.self)
}
