import Foundation
import XCTest
import SpyglassDarknet
import SpyglassIR
import SpyglassPasses
import SpyglassRuntime
import TestSupport

/// Every YOLO cfg Debian's darknet ships, against libdarknet (see `compareWithLibdarknet`).
final class DarknetConformanceTests: XCTestCase {
    /// Big 608×608 cfgs run at 320×320 in the default suite (same layers, a quarter of the work);
    /// `make test-full` runs them at their own size.
    func cfg(_ name: String, fastSize: Int? = nil) throws -> URL {
        let url = Fixtures.cfg(name)
        guard let size = fastSize, !Conformance.full else { return url }
        return try Conformance.resizedCfg(url, width: size, height: size, in: try Fixtures.temporaryDirectory("cfg"))
    }

    func testYoloV1TinyMatchesLibdarknet() throws { try compareWithLibdarknet(try cfg("yolov1-tiny")) }
    func testYoloV2TinyMatchesLibdarknet() throws { try compareWithLibdarknet(try cfg("yolov2-tiny")) }
    func testYoloV2TinyVocMatchesLibdarknet() throws { try compareWithLibdarknet(try cfg("yolov2-tiny-voc")) }
    func testYoloV2MatchesLibdarknet() throws { try compareWithLibdarknet(try cfg("yolov2", fastSize: 320)) }
    func testYoloV2VocMatchesLibdarknet() throws { try compareWithLibdarknet(try cfg("yolov2-voc", fastSize: 320)) }
    func testYoloV3TinyMatchesLibdarknet() throws { try compareWithLibdarknet(try cfg("yolov3-tiny")) }
    func testYoloV3MatchesLibdarknet() throws { try compareWithLibdarknet(try cfg("yolov3", fastSize: 320)) }
    func testYoloV3SppMatchesLibdarknet() throws { try compareWithLibdarknet(try cfg("yolov3-spp", fastSize: 320)) }
    func testYoloV3VocMatchesLibdarknet() throws { try compareWithLibdarknet(try cfg("yolov3-voc", fastSize: 320)) }
    func testDarknet53MatchesLibdarknet() throws { try compareWithLibdarknet(try cfg("darknet53")) }

    /// yolov1 (full): a [local] layer of 115 M weights and a 21 M-weight [connected] layer.
    func testYoloV1MatchesLibdarknet() throws {
        guard Conformance.full else { throw XCTSkip("yolov1 (560 MB of weights) runs in `make test-full`") }
        try compareWithLibdarknet(try cfg("yolov1"))
    }

    func testPretrainedYoloV3TinyMatchesLibdarknet() throws {
        try Conformance.requireFile(Fixtures.pretrainedYoloV3TinyWeights)
        try compareWithLibdarknet(Fixtures.cfg("yolov3-tiny"), weights: Fixtures.pretrainedYoloV3TinyWeights)
    }
}
