import Foundation
import XCTest
import TestSupport

/// A small cfg that exercises what the Debian YOLO cfgs do not: [local], [connected] with batch-norm,
/// [softmax] groups, [avgpool], grouped convolution, a [shortcut] across different sizes and channel
/// counts, [reorg] in the middle of a net, and Darknet's other activations. (`stair` is left out:
/// its jumps turn a last-bit difference into a different step, and the IR tests pin its formula.)
final class LayerZooConformanceTests: XCTestCase {

    func testLayerZooMatchesLibdarknetLayerByLayer() throws {
        let dir = try Fixtures.temporaryDirectory("zoo")
        defer { try? FileManager.default.removeItem(at: dir) }
        let cfg = dir.appendingPathComponent("zoo.cfg")
        try DarknetZoo.layerZoo.write(to: cfg, atomically: true, encoding: .utf8)
        try compareWithLibdarknet(cfg)
    }
}
