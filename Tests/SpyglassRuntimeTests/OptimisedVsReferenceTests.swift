import TestSupport
import SpyglassIR
import SpyglassRuntime
import XCTest

/// Every optimised kernel against its plain reference kernel on seeded random shapes and attributes.
final class OptimisedVsReferenceTests: XCTestCase {
    private let seeds: [UInt64] = Array(1...8)

    private func randomActivation(_ r: inout SeededRandom) -> Activation {
        Activation.allCases[r.int(0...(Activation.allCases.count - 1))]
    }

    func testConv2DMatchesReferenceOnRandomGeometries() throws {
        for seed in seeds + [101, 102, 103, 104, 105, 106, 107, 108] {
            var r = SeededRandom(seed: seed)
            let groups = [1, 1, 2, 3][r.int(0...3)]
            let c = groups * r.int(1...3), o = groups * r.int(1...3)
            let kh = r.int(1...3), kw = r.int(1...3), dh = r.int(1...2), dw = r.int(1...2)
            let pad = Padding2D(top: r.int(0...2), left: r.int(0...2), bottom: r.int(0...2), right: r.int(0...2))
            let h = max(r.int(1...9), dh * (kh - 1) + 1), w = max(r.int(1...9), dw * (kw - 1) + 1)
            let a = Conv2DAttributes(outChannels: o, kernelH: kh, kernelW: kw, strideH: r.int(1...2), strideW: r.int(1...2),
                                     dilationH: dh, dilationW: dw, padding: pad, groups: groups, activation: randomActivation(&r))
            var operands: [Operand] = [.input([r.int(1...2), c, h, w]), .constant([o, c / groups, kh, kw])]
            if r.bool() { operands.append(.constant([o])) }
            try assertOptimisedMatchesReference(.conv2d(a), operands, seed: seed)
        }
    }

    func testPointwiseConv2DMatchesReference() throws {
        for (seed, groups) in [(UInt64(11), 1), (12, 2), (13, 4)] {
            let a = Conv2DAttributes(outChannels: 8, kernelH: 1, kernelW: 1, groups: groups, activation: .leaky)
            try assertOptimisedMatchesReference(.conv2d(a), [.input([2, 8, 5, 7]), .constant([8, 8 / groups, 1, 1]), .constant([8])], seed: seed)
        }
        // 1×1 with stride 2 must not take the pointwise path.
        let strided = Conv2DAttributes(outChannels: 3, kernelH: 1, kernelW: 1, strideH: 2, strideW: 2)
        try assertOptimisedMatchesReference(.conv2d(strided), [.input([1, 4, 7, 7]), .constant([3, 4, 1, 1])], seed: 14)
    }

    func testLargerConv2DWithTwoThreadsMatchesReference() throws {
        let a = Conv2DAttributes(outChannels: 16, kernelH: 3, kernelW: 3, padding: .symmetric(1), activation: .leaky)
        try assertOptimisedMatchesReference(.conv2d(a), [.input([1, 16, 20, 20]), .constant([16, 16, 3, 3], -0.2...0.2), .constant([16])],
                                            seed: 21, threads: 2)
    }

    func testBatchNormMatchesReferenceForBothEpsilonPlacements() throws {
        for (seed, placement) in [(UInt64(1), EpsilonPlacement.afterSqrt), (2, .insideSqrt)] {
            let c = 5
            let op = Op.batchNorm(BatchNormAttributes(epsilon: 1e-3, placement: placement))
            try assertOptimisedMatchesReference(op, [.input([2, c, 4, 3], -3...3), .constant([c]), .constant([c]), .constant([c]),
                                                     .constant([c], 0.01...2)], seed: seed)
        }
    }

    func testBiasAddMatchesReference() throws {
        try assertOptimisedMatchesReference(.biasAdd, [.input([2, 3, 4, 5]), .constant([3])], seed: 1)
        try assertOptimisedMatchesReference(.biasAdd, [.input([3, 6]), .input([6])], seed: 2)
    }

    func testEveryActivationMatchesTheIRFormulaWithin1e5() throws {
        for (i, activation) in Activation.allCases.enumerated() {
            try assertOptimisedMatchesReference(.activation(activation), [.input([1, 3, 17, 19], -8...8)], seed: UInt64(i), tolerance: 1e-5)
            try assertOptimisedMatchesReference(.activation(activation), [.input([1, 1, 1, 64], -30...30)], seed: UInt64(100 + i), tolerance: 1e-5)
            let edges: [Float] = [-25, -20, -4, -3, -2.5, -1, -0.5, 0, 0.5, 1, 2, 3, 4, 4.5, 20, 25, -90, 90]
            try assertOptimisedMatchesReference(.activation(activation), [.values([edges.count], edges)], seed: 0, tolerance: 1e-5)
        }
    }

    func testPoolingMatchesReference() throws {
        for seed in seeds {
            var r = SeededRandom(seed: seed)
            let kh = r.int(1...3), kw = r.int(1...3)
            let pad = Padding2D(top: r.int(0...1), left: r.int(0...1), bottom: r.int(0...2), right: r.int(0...2))
            let a = Pool2DAttributes(kernelH: kh, kernelW: kw, strideH: r.int(1...2), strideW: r.int(1...2), padding: pad,
                                     countIncludePad: r.bool())
            let shape = [r.int(1...2), r.int(1...4), r.int(3...9), r.int(3...9)]
            try assertOptimisedMatchesReference(.maxPool(a), [.input(shape)], seed: seed)
            try assertOptimisedMatchesReference(.avgPool(a), [.input(shape)], seed: seed)
            try assertOptimisedMatchesReference(.globalAvgPool, [.input(shape)], seed: seed)
        }
    }

    func testTwoByTwoStrideTwoMaxPoolFastPathMatchesReference() throws {
        // YOLO's downsampling maxpool (Darknet pads size − 1 = 1 at the bottom/right), even and odd sizes.
        let a = Pool2DAttributes(kernelH: 2, kernelW: 2, strideH: 2, strideW: 2, padding: Padding2D(top: 0, left: 0, bottom: 1, right: 1))
        for (seed, shape) in [(UInt64(31), [1, 3, 8, 8]), (32, [2, 2, 7, 9]), (33, [1, 1, 1, 2])] {
            try assertOptimisedMatchesReference(.maxPool(a), [.input(shape)], seed: seed, threads: 2, tolerance: 0)
        }
    }

    func testConcatAndSliceOnEveryAxisMatchReference() throws {
        for axis in 0..<4 {
            var shapes = [[2, 3, 4, 5], [2, 3, 4, 5], [2, 3, 4, 5]]
            for i in shapes.indices { shapes[i][axis] = i + 1 }
            try assertOptimisedMatchesReference(.concat(ConcatAttributes(axis: axis)), shapes.map { .input($0) }, seed: UInt64(axis))
            let s = [3, 4, 5, 6]
            try assertOptimisedMatchesReference(.slice(SliceAttributes(axis: axis, start: 1, end: s[axis] - 1)), [.input(s)], seed: UInt64(axis))
        }
    }

    func testAddMatchesReference() throws {
        try assertOptimisedMatchesReference(.add, [.input([2, 3, 4, 5]), .input([2, 3, 4, 5])], seed: 1)
    }

    func testShortcutMatchesReferenceAcrossSizesAndChannels() throws {
        let cases: [([Int], [Int])] = [([1, 4, 6, 6], [1, 4, 6, 6]), ([2, 3, 4, 4], [2, 5, 8, 8]), ([1, 6, 8, 8], [1, 2, 4, 4]),
                                       ([1, 2, 3, 3], [1, 3, 3, 3])]
        for (i, (x, from)) in cases.enumerated() {
            var r = SeededRandom(seed: UInt64(i))
            let a = ShortcutAttributes(alpha: r.float(0...2), beta: r.float(0...2), activation: randomActivation(&r))
            try assertOptimisedMatchesReference(.shortcut(a), [.input(x), .input(from)], seed: UInt64(i))
        }
    }

    func testUpsampleMatchesReference() throws {
        try assertOptimisedMatchesReference(.upsample(UpsampleAttributes(factor: 2)), [.input([2, 3, 4, 5])], seed: 1)
        try assertOptimisedMatchesReference(.upsample(UpsampleAttributes(factor: 3, multiplier: 0.5)), [.input([1, 2, 3, 3])], seed: 2)
    }

    func testReorgMatchesReferenceBothWays() throws {
        try assertOptimisedMatchesReference(.reorg(ReorgAttributes(stride: 2)), [.input([2, 8, 6, 4])], seed: 1)
        try assertOptimisedMatchesReference(.reorg(ReorgAttributes(stride: 3)), [.input([1, 18, 6, 9])], seed: 2)
        try assertOptimisedMatchesReference(.reorg(ReorgAttributes(stride: 2, reverse: true)), [.input([2, 8, 3, 5])], seed: 3)
    }

    func testFullyConnectedMatchesReference() throws {
        let a = FullyConnectedAttributes(outputs: 7, activation: .leaky)
        try assertOptimisedMatchesReference(.fullyConnected(a), [.input([3, 2, 3, 4]), .constant([7, 24]), .constant([7])], seed: 1)
        try assertOptimisedMatchesReference(.fullyConnected(FullyConnectedAttributes(outputs: 5)), [.input([2, 9]), .constant([5, 9])], seed: 2)
    }

    func testLocallyConnectedMatchesReference() throws {
        for (seed, (k, stride, pad)) in [(UInt64(1), (3, 1, 1)), (2, (3, 2, 1)), (3, (2, 1, 0))] {
            let x = [2, 3, 6, 5]
            let oh = (x[2] + 2 * pad - k) / stride + 1, ow = (x[3] + 2 * pad - k) / stride + 1
            let a = LocallyConnectedAttributes(outChannels: 4, kernel: k, stride: stride, pad: pad, activation: .leaky)
            try assertOptimisedMatchesReference(.locallyConnected(a), [.input(x), .constant([oh * ow, 4, 3 * k * k]), .constant([4 * oh * ow])],
                                                seed: seed)
        }
    }

    func testDropoutAndIdentityCopy() throws {
        try assertOptimisedMatchesReference(.dropout(probability: 0.5), [.input([1, 2, 3, 4])], seed: 1)
        try assertOptimisedMatchesReference(.identity, [.input([1, 2, 3, 4])], seed: 2)
        let g = SingleOpGraph(.dropout(probability: 0.5), [.values([3], [1, -2, 3])], seed: 0)
        XCTAssertEqual(try g.run(reference: false).data, [1, -2, 3])
    }

    func testSoftmaxMatchesReference() throws {
        try assertOptimisedMatchesReference(.softmax(SoftmaxAttributes(axis: 1, groups: 3, temperature: 0.7)), [.input([2, 12], -5...5)], seed: 1)
        try assertOptimisedMatchesReference(.softmax(SoftmaxAttributes(axis: 2, groups: 2)), [.input([2, 3, 4, 5], -5...5)], seed: 2)
        try assertOptimisedMatchesReference(.softmax(SoftmaxAttributes()), [.input([1, 1000, 1, 1], -30...30)], seed: 3)
    }

    func testDetectorOutputsMatchReference() throws {
        let yolo = YoloAttributes(classes: 3, anchors: [10, 14, 23, 27, 37, 58], mask: [0, 2], networkWidth: 416, networkHeight: 416)
        try assertOptimisedMatchesReference(.yolo(yolo), [.input([2, 16, 5, 4], -4...4)], seed: 1)
        for (seed, softmax) in [(UInt64(2), true), (3, false)] {
            let region = RegionAttributes(classes: 4, coords: 4, num: 2, anchors: [1, 1, 2, 2], softmax: softmax, background: false,
                                          biasMatch: true, networkWidth: 416, networkHeight: 416)
            try assertOptimisedMatchesReference(.region(region), [.input([2, 18, 3, 4], -4...4)], seed: seed)
        }
        let detection = DetectionAttributes(classes: 3, coords: 4, side: 2, num: 2, sqrt: true, softmax: true, networkWidth: 448, networkHeight: 448)
        try assertOptimisedMatchesReference(.detection(detection), [.input([2, 4 * (10 + 3)], -4...4)], seed: 4)
    }
}
