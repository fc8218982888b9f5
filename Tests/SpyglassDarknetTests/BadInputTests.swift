import SpyglassDarknet
import SpyglassIR
import TestSupport
import XCTest

/// Each kind of bad input gives its own error, with the location.
final class BadInputTests: XCTestCase {
    static let header = "[net]\nwidth=8\nheight=8\nchannels=3\n"

    /// The problems of a cfg that must fail to import.
    func problems(_ cfg: String, file: StaticString = #filePath, line: UInt = #line) -> [DarknetProblem] {
        do {
            _ = try DarknetImporter.parse(cfgText: cfg, fileName: "bad.cfg", weights: nil)
            XCTFail("import succeeded", file: file, line: line)
        } catch DarknetError.compatibility(let problems) {
            return problems
        } catch {
            XCTFail("unexpected error \(error)", file: file, line: line)
        }
        return []
    }

    func testTruncatedWeightsNameTheLayerAndTheMissingBytes() throws {
        let model = try DarknetImporter.load(cfg: Fixtures.cfg("yolov3-tiny"), weights: nil)
        let full = randomDarknetWeights(for: model, seed: 1)
        let text = try String(contentsOf: Fixtures.cfg("yolov3-tiny"), encoding: .utf8)
        // Layer 22 (line 167) is the last with weights: 255 biases + 255·256 weights (1×1 on 256 channels).
        let cut = full.prefix(full.count - 100)
        XCTAssertThrowsError(try DarknetImporter.parse(cfgText: text, fileName: "yolov3-tiny.cfg", weights: Data(cut))) { error in
            guard case DarknetError.truncatedWeights(let layer, let section, let file, let line, let expected, let actual) = error else {
                return XCTFail("\(error)")
            }
            XCTAssertEqual(layer, 22)
            XCTAssertEqual(section, "convolutional")
            XCTAssertEqual(file, "yolov3-tiny.cfg")
            XCTAssertEqual(line, 167)
            XCTAssertEqual(expected, 4 * (255 + 255 * 256))
            XCTAssertEqual(actual, 4 * (255 + 255 * 256) - 100)
            XCTAssertTrue("\(error)".contains("layer 22"))
        }
    }

    func testTrailingBytesAreCounted() throws {
        let model = try DarknetImporter.load(cfg: Fixtures.cfg("yolov3-tiny"), weights: nil)
        var data = randomDarknetWeights(for: model, seed: 1)
        data.append(contentsOf: [0, 0, 0, 0, 0, 0, 0])
        let text = try String(contentsOf: Fixtures.cfg("yolov3-tiny"), encoding: .utf8)
        XCTAssertThrowsError(try DarknetImporter.parse(cfgText: text, fileName: "yolov3-tiny.cfg", weights: data)) { error in
            guard case DarknetError.trailingBytes(let count) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(count, 7)
        }
    }

    func testAWeightsFileShorterThanItsHeaderIsReported() {
        XCTAssertThrowsError(try DarknetImporter.parse(cfgText: Self.header + "[maxpool]\n", fileName: "a.cfg", weights: Data([0, 0, 0]))) { error in
            guard case DarknetError.badWeightsHeader = error else { return XCTFail("\(error)") }
        }
    }

    func testUnknownSectionIsReportedWithItsLine() {
        let p = problems(Self.header + "[maxpool]\n[frobnicate]\nsize=2\n")
        XCTAssertEqual(p.count, 1)
        XCTAssertEqual(p.first?.kind, .unknownSection)
        XCTAssertEqual(p.first?.line, 6)
        XCTAssertEqual(p.first?.section, "frobnicate")
        XCTAssertEqual(p.first?.description, "bad.cfg:6 [frobnicate] unknown section [frobnicate]")
    }

    func testKnownButUnsupportedDarknetSectionSaysSo() {
        let p = problems(Self.header + "[lstm]\noutput=4\n")
        XCTAssertEqual(p.first?.kind, .unknownSection)
        XCTAssertEqual(p.first?.message, "Darknet layer [lstm] is not supported by Spyglass yet")
    }

    func testUnknownOptionNamesKeyLineAndSection() {
        let p = problems(Self.header + "[convolutional]\nfilters=4\nsizee=3\n")
        XCTAssertEqual(p.count, 1)
        XCTAssertEqual(p.first?.kind, .unknownOption)
        XCTAssertEqual(p.first?.line, 7)
        XCTAssertEqual(p.first?.section, "convolutional")
        XCTAssertEqual(p.first?.key, "sizee")
    }

    func testBadOptionValueNamesTheLine() {
        let p = problems(Self.header + "[convolutional]\nfilters=four\n")
        XCTAssertEqual(p.count, 1)
        XCTAssertEqual(p.first?.kind, .badValue)
        XCTAssertEqual(p.first?.line, 6)
        XCTAssertEqual(p.first?.key, "filters")
        XCTAssertEqual(p.first?.description, "bad.cfg:6 [convolutional] filters: expected an integer, got 'four'")
    }

    func testUnknownActivationIsReported() {
        let p = problems(Self.header + "[convolutional]\nfilters=4\nactivation=sparkle\n")
        XCTAssertEqual(p.count, 1)
        XCTAssertEqual(p.first?.kind, .unknownActivation)
        XCTAssertEqual(p.first?.line, 7)
        XCTAssertTrue(p.first?.message.contains("'sparkle'") ?? false)
    }

    func testEmptyCfgIsReported() {
        let p = problems("# nothing but a comment\n\n")
        XCTAssertEqual(p.map(\.message), ["the cfg has no sections"])
        let onlyNet = problems(Self.header)
        XCTAssertEqual(onlyNet.map(\.message), ["the cfg has no layers after [net]"])
    }

    func testFirstSectionMustBeNet() {
        let p = problems("[convolutional]\nfilters=2\n")
        XCTAssertEqual(p.first?.message, "the first section must be [net] or [network]")
        XCTAssertEqual(p.first?.line, 1)
    }

    func testRouteOutOfRangeNamesTheCfgLine() {
        let p = problems(Self.header + "[maxpool]\n[route]\nlayers=-3\n[route]\nlayers=5\n")
        XCTAssertEqual(p.count, 2)
        XCTAssertEqual(p.map(\.line), [7, 9])
        XCTAssertEqual(p.map(\.kind), [.structure, .structure])
        XCTAssertEqual(p.first?.message, "layers=-3 refers to layer -2, but only layers 0…0 come before layer 1")
    }

    func testSeveralProblemsInOneCfgAreAllReported() {
        let cfg = Self.header + """
        [convolutional]
        filters=x
        activation=sparkle
        colour=blue
        [mystery]
        [upsample]
        stride=-2
        [route]
        layers=99
        """
        let p = problems(cfg)
        XCTAssertEqual(p.map(\.kind), [.badValue, .unknownActivation, .unknownOption, .unknownSection, .unsupported, .structure])
        XCTAssertEqual(p.map(\.line), [6, 7, 8, 9, 11, 13])
    }

    func testYolo9000SoftmaxTreeIsClearlyUnsupported() {
        let p = problems((try? String(contentsOf: Fixtures.cfg("yolo9000"), encoding: .utf8)) ?? "")
        let tree = p.filter { $0.key == "tree" }
        XCTAssertEqual(tree.count, 1)
        XCTAssertEqual(tree.first?.kind, .unsupported)
        XCTAssertEqual(tree.first?.section, "region")
        XCTAssertTrue(tree.first?.message.contains("softmax tree not supported yet") ?? false)
    }

    func testDownsamplingUpsampleAndBinaryConvolutionsAreUnsupported() {
        let p = problems(Self.header + "[convolutional]\nfilters=2\nxnor=1\n[upsample]\nstride=-2\n")
        XCTAssertEqual(p.map(\.kind), [.unsupported, .unsupported])
        XCTAssertEqual(p.map(\.key), ["xnor", "stride"])
    }

    func testReorgFlattenAndExtraAreUnsupported() {
        let p = problems(Self.header + "[reorg]\nstride=2\nextra=1\n")
        XCTAssertEqual(p.map(\.key), ["extra"])
    }

    func testImageLayerAfterSoftmaxIsReported() {
        let p = problems(Self.header + "[softmax]\n[convolutional]\nfilters=2\n")
        XCTAssertEqual(p.map(\.kind), [.structure])
        XCTAssertEqual(p.first?.line, 6)
    }

    func testShapeErrorsFromTheIRCarryTheCfgLine() {
        // [yolo] with 3 masks of 80 classes needs 255 channels; the conv gives 10.
        let p = problems(Self.header + "[convolutional]\nfilters=10\n[yolo]\nmask=0,1,2\nanchors=1,1,2,2,3,3\nclasses=80\nnum=3\n")
        XCTAssertEqual(p.map(\.line), [7])
        XCTAssertTrue(p.first?.message.contains("255") ?? false)
    }

    func testMissingFilesGiveIOErrors() {
        let missing = URL(fileURLWithPath: "/nonexistent/x.cfg")
        XCTAssertThrowsError(try DarknetImporter.load(cfg: missing, weights: nil)) { error in
            guard case DarknetError.io(let path, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(path, missing.path)
        }
    }

    func testMalformedLinesAreSyntaxProblems() {
        let p = problems(Self.header + "[maxpool]\njust words\n=3\n[broken\n")
        XCTAssertEqual(p.map(\.kind), [.syntax, .syntax, .syntax])
        XCTAssertEqual(p.map(\.line), [6, 7, 8])
    }

    func testAbsurdSizesAreReportedInsteadOfCrashing() {
        let huge = problems(Self.header + "[convolutional]\nfilters=65536\nsize=65536\n[upsample]\nstride=65536\n")
        XCTAssertEqual(huge.map(\.line), [5])
        XCTAssertTrue(huge.first?.message.contains("too large") ?? false, "\(huge)")
        let overflow = problems(Self.header + "[maxpool]\nsize=99999999999999999999999\n")
        XCTAssertEqual(overflow.map(\.kind), [.badValue])
        let upsampled = problems(Self.header + String(repeating: "[upsample]\nstride=65536\n", count: 4))
        XCTAssertEqual(upsampled.map(\.kind), [.structure])
    }
}
