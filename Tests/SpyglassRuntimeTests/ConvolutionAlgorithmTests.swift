import CKernels
import SpyglassIR
@testable import SpyglassRuntime
import XCTest

/// Every convolution algorithm, run directly (not only the one the plan prefers), against the
/// reference kernel, on geometries that reach each of its code paths.
final class ConvolutionAlgorithmTests: XCTestCase {
    /// Runs `algorithm` on the op's operands and compares with the reference plan.
    private func check(_ algorithm: ConvolutionAlgorithm.Type, _ a: Conv2DAttributes, input: [Int], bias: Bool,
                       seed: UInt64, threads: Int, prepacked: Bool = false, chosen: Bool = true,
                       configure: (Kernel) -> Void = { _ in }, file: StaticString = #filePath, line: UInt = #line) throws {
        let c = input[1]
        var operands: [Operand] = [.input(input), .constant([a.outChannels, c / a.groups, a.kernelH, a.kernelW], -0.3...0.3)]
        if bias { operands.append(.constant([a.outChannels])) }
        let single = SingleOpGraph(.conv2d(a), operands, seed: seed)
        let reference = try single.run(reference: true)
        var geometry = ConvGeometry(input: input, output: reference.shape, attributes: a)
        geometry.threads = threads
        if chosen {
            XCTAssertTrue(algorithm.supports(geometry), "\(algorithm) should support \(geometry)", file: file, line: line)
        }
        let weights = single.graph.constants["in1"]?.floatArray ?? []
        let biasArray = single.graph.constants["in2"]?.floatArray
        var kernel: Kernel = algorithm.init(geometry: geometry, weights: weights, bias: biasArray)
        if prepacked, let packing = algorithm as? PrepackingConvolution.Type, packing.packedLayout(geometry) != nil {
            // As plans do when the packed form comes from a file: pack separately, hand the buffer in.
            let w = AlignedFloats(copying: weights), b = biasArray.map(AlignedFloats.init(copying:))
            let packed = AlignedFloats(count: packing.packedCount(geometry))
            packing.pack(geometry, weights: w.pointer, into: packed.pointer)
            kernel = packing.init(geometry: geometry, packed: packed, bias: b)
        } else if prepacked {
            // Only the OpenBLAS path (ConvGEMM.prefersPacked false) computes from the weights as stored.
            XCTAssertNotEqual(PackedGEMM.active, .avx512, "\(algorithm) should pack for \(geometry)", file: file, line: line)
        }
        configure(kernel)
        guard let x = single.inputs["in0"] else { return XCTFail("no input", file: file, line: line) }
        var y = [Float](repeating: .nan, count: reference.count)
        // The workspace the kernel asks for, then a guard band it must leave alone.
        let guardCount = 4096
        var scratch = [Float](repeating: .nan, count: kernel.workspaceCount + guardCount)
        x.data.withUnsafeBufferPointer { xp in
            y.withUnsafeMutableBufferPointer { yp in
                scratch.withUnsafeMutableBufferPointer { sp in
                    guard let xb = xp.baseAddress, let yb = yp.baseAddress, let sb = sp.baseAddress else { return }
                    kernel.run(KernelIO(inputs: [xb], outputs: [yb], workspace: sb, parallel: ParallelLoop(threads: threads)))
                }
            }
        }
        XCTAssertLessThanOrEqual(scaledError(y, reference.data), 1e-4, "\(algorithm) \(geometry)", file: file, line: line)
        XCTAssertTrue(scratch.suffix(guardCount).allSatisfy(\.isNaN), "\(algorithm) wrote past its workspace: \(geometry)", file: file, line: line)
    }

    func testWinogradMatchesReferenceOnOddSizesAsymmetricPaddingAndBatches() throws {
        let same = Conv2DAttributes(outChannels: 130, kernelH: 3, kernelW: 3, padding: .symmetric(1), activation: .leaky)
        // ≥ 100 output tiles each (`WinogradConvolution.minimumTiles`), odd sizes leave half tiles; C, O ≥ 64.
        try check(WinogradConvolution.self, same, input: [2, 128, 19, 21], bias: true, seed: 1, threads: 1)
        try check(WinogradConvolution.self, same, input: [1, 131, 20, 20], bias: false, seed: 2, threads: 2)
        let skewed = Conv2DAttributes(outChannels: 129, kernelH: 3, kernelW: 3, padding: Padding2D(top: 0, left: 2, bottom: 1, right: 0),
                                      activation: .logistic)
        try check(WinogradConvolution.self, skewed, input: [1, 128, 21, 19], bias: true, seed: 3, threads: 2)
        // Tiles away from the border take the vectorised path, the rest the padded one: no left
        // padding, and a map so narrow (5 wide) that one tile per row or none is inside.
        let rightOnly = Conv2DAttributes(outChannels: 128, kernelH: 3, kernelW: 3, padding: Padding2D(top: 1, left: 0, bottom: 0, right: 1),
                                         activation: .linear)
        try check(WinogradConvolution.self, rightOnly, input: [1, 128, 24, 36], bias: true, seed: 4, threads: 1)
        try check(WinogradConvolution.self, same, input: [1, 128, 80, 5], bias: true, seed: 5, threads: 1)
        try check(WinogradConvolution.self, same, input: [1, 128, 104, 4], bias: true, seed: 6, threads: 1)
        let sixtyFour = Conv2DAttributes(outChannels: 64, kernelH: 3, kernelW: 3, padding: .symmetric(1), activation: .swish)
        try check(WinogradConvolution.self, sixtyFour, input: [1, 128, 23, 20], bias: true, seed: 7, threads: 2)
    }

    func testWinogradWithManyTilesSplitsTileRowsBetweenThreadsAndMatchesReference() throws {
        let same = Conv2DAttributes(outChannels: 130, kernelH: 3, kernelW: 3, padding: .symmetric(1), activation: .leaky)
        var geometry = ConvGeometry(input: [1, 64, 46, 45], output: [1, 130, 46, 45], attributes: same)
        geometry.threads = 2
        let kernel = WinogradConvolution(geometry: geometry, weights: [Float](repeating: 0, count: 130 * 64 * 9), bias: nil)
        XCTAssertTrue(kernel.splitsTileRows, "23 × 23 tiles on 2 threads")
        // One item on 2 threads (23 tile rows: 11 + 12), 3 items on 2 (fewer than 2 per thread: tile rows
        // per item, a half tile at the bottom and right), and 3 threads (28 rows: 9 + 9 + 10).
        try check(WinogradConvolution.self, same, input: [1, 64, 46, 45], bias: true, seed: 6, threads: 2)
        let skewed = Conv2DAttributes(outChannels: 128, kernelH: 3, kernelW: 3, padding: Padding2D(top: 0, left: 2, bottom: 1, right: 0),
                                      activation: .logistic)
        try check(WinogradConvolution.self, skewed, input: [3, 64, 47, 44], bias: true, seed: 7, threads: 2, prepacked: true)
        try check(WinogradConvolution.self, same, input: [1, 64, 56, 56], bias: false, seed: 8, threads: 3)
    }

    func testWinogradRunsBigLayersInChunksOfTileRowsAndMatchesReference() throws {
        // 64 KiB chunks: the 128-tile floor, i.e. 8 tile rows of 16 (a 31×32 output, a half tile at the
        // bottom: 2 chunks) at 1 thread (whole item) and batch 4 on 2 (whole items per thread); 5 rows
        // of 23 on 2 threads (each share of 11 or 12 tile rows in 3 chunks).
        let same = Conv2DAttributes(outChannels: 128, kernelH: 3, kernelW: 3, padding: .symmetric(1), activation: .leaky)
        let small: (Kernel) -> Void = { kernel in
            guard let winograd = kernel as? WinogradConvolution else { return XCTFail("not Winograd") }
            winograd.chunkBytes = 64 * 1024
            XCTAssertEqual(winograd.chunkRows, 128 / winograd.tilesW)
        }
        try check(WinogradConvolution.self, same, input: [1, 64, 31, 32], bias: true, seed: 9, threads: 1, configure: small)
        try check(WinogradConvolution.self, same, input: [1, 64, 46, 45], bias: false, seed: 10, threads: 2, configure: small)
        try check(WinogradConvolution.self, same, input: [4, 64, 31, 32], bias: true, seed: 11, threads: 2, configure: small)
    }

    func testWinogradWithTwoItemsOrMorePerThreadRunsWholeItemsPerThreadAndMatchesReference() throws {
        let same = Conv2DAttributes(outChannels: 130, kernelH: 3, kernelW: 3, padding: .symmetric(1), activation: .leaky)
        var geometry = ConvGeometry(input: [5, 128, 19, 21], output: [5, 130, 19, 21], attributes: same)
        geometry.threads = 2
        XCTAssertTrue(WinogradConvolution(geometry: geometry, weights: [Float](repeating: 0, count: 130 * 128 * 9), bias: nil).splitsItems)
        // 5 items on 2 threads (one takes 3), and 4 on 2 with a padded, asymmetric window.
        try check(WinogradConvolution.self, same, input: [5, 128, 19, 21], bias: true, seed: 4, threads: 2)
        let skewed = Conv2DAttributes(outChannels: 129, kernelH: 3, kernelW: 3, padding: Padding2D(top: 0, left: 2, bottom: 1, right: 0),
                                      activation: .logistic)
        try check(WinogradConvolution.self, skewed, input: [4, 128, 21, 19], bias: true, seed: 5, threads: 2, prepacked: true)
    }

    func testDirectMatchesReferenceOnSmallMapsOddChannelCountsAndPadding() throws {
        try XCTSkipUnless(sg_conv_direct_supported() != 0, "the direct kernel needs AVX-512")
        // 13×13 3×3 (yolov3-tiny's), 37 output channels (a 5-channel tail block), one thread and two.
        let same = Conv2DAttributes(outChannels: 37, kernelH: 3, kernelW: 3, padding: .symmetric(1), activation: .leaky)
        try check(DirectConvolution.self, same, input: [1, 40, 13, 13], bias: true, seed: 20, threads: 1)
        try check(DirectConvolution.self, same, input: [3, 40, 13, 13], bias: false, seed: 21, threads: 2)
        // Rows cut into runs: 26 → 13 + 13, 20 → 10 + 10, 33 → 11 × 3; one-column and one-row maps.
        for (i, shape) in [[1, 17, 26, 26], [1, 9, 12, 20], [2, 5, 7, 33], [1, 8, 9, 1], [1, 8, 1, 9]].enumerated() {
            try check(DirectConvolution.self, same, input: shape, bias: true, seed: UInt64(22 + i), threads: 2)
        }
        // 1×1 (computed right, though not chosen: see below), 5×5 with asymmetric padding, and no padding
        // (the map shrinks), with fused logistic, swish and relu.
        let pointwise = Conv2DAttributes(outChannels: 33, kernelH: 1, kernelW: 1, activation: .logistic)
        try check(DirectConvolution.self, pointwise, input: [1, 64, 13, 13], bias: true, seed: 30, threads: 2, chosen: false)
        let wide = Conv2DAttributes(outChannels: 20, kernelH: 5, kernelW: 5, padding: Padding2D(top: 2, left: 1, bottom: 1, right: 3),
                                    activation: .swish)
        try check(DirectConvolution.self, wide, input: [2, 6, 11, 14], bias: true, seed: 31, threads: 2, prepacked: true)
        let valid = Conv2DAttributes(outChannels: 16, kernelH: 3, kernelW: 3, activation: .relu)
        try check(DirectConvolution.self, valid, input: [1, 24, 15, 15], bias: true, seed: 32, threads: 1)
        // Stride 2 (yolov3's 3×3/2 down to 26×26 and 13×13): even and odd inputs, Darknet's and asymmetric
        // padding, a row of 20 cut into two runs.
        let down = Conv2DAttributes(outChannels: 40, kernelH: 3, kernelW: 3, strideH: 2, strideW: 2, padding: .symmetric(1), activation: .leaky)
        try check(DirectConvolution.self, down, input: [1, 24, 26, 26], bias: true, seed: 33, threads: 2)
        try check(DirectConvolution.self, down, input: [2, 24, 27, 39], bias: false, seed: 34, threads: 2, prepacked: true)
        let skewedDown = Conv2DAttributes(outChannels: 17, kernelH: 3, kernelW: 3, strideH: 2, strideW: 2,
                                          padding: Padding2D(top: 0, left: 1, bottom: 1, right: 0), activation: .swish)
        try check(DirectConvolution.self, skewedDown, input: [1, 8, 14, 13], bias: true, seed: 35, threads: 1)
    }

    func testDirectIsChosenForSmallMapsOnlyAndDeclinesOtherStridesDilationAndGroups() throws {
        try XCTSkipUnless(sg_conv_direct_supported() != 0, "the direct kernel needs AVX-512")
        let same = Conv2DAttributes(outChannels: 1024, kernelH: 3, kernelW: 3, padding: .symmetric(1), activation: .leaky)
        let g13 = ConvGeometry(input: [1, 512, 13, 13], output: [1, 1024, 13, 13], attributes: same)
        XCTAssertTrue(ConvolutionAlgorithms.algorithm(for: g13) == DirectConvolution.self)
        // 1×1 convs read their input as the GEMM's B with no im2col to save, and ran slower direct
        // (yolov3-tiny 1024→256 @13 0.85 → 0.93 ms, 256→255 @26 0.83 → 0.94).
        let pointwise = Conv2DAttributes(outChannels: 256, kernelH: 1, kernelW: 1, activation: .leaky)
        XCTAssertFalse(DirectConvolution.supports(ConvGeometry(input: [1, 1024, 13, 13], output: [1, 256, 13, 13], attributes: pointwise)))
        // 32×32 = 1024 positions: the band GEMM's regime.
        XCTAssertFalse(DirectConvolution.supports(ConvGeometry(input: [1, 64, 32, 32], output: [1, 1024, 32, 32], attributes: same)))
        // A block's weights past L2 (16 × 2048·9 floats).
        XCTAssertFalse(DirectConvolution.supports(ConvGeometry(input: [1, 2048, 13, 13], output: [1, 1024, 13, 13], attributes: same)))
        let strided = Conv2DAttributes(outChannels: 64, kernelH: 3, kernelW: 3, strideH: 2, strideW: 2, padding: .symmetric(1))
        XCTAssertTrue(DirectConvolution.supports(ConvGeometry(input: [1, 64, 26, 26], output: [1, 64, 13, 13], attributes: strided)))
        let stride3 = Conv2DAttributes(outChannels: 64, kernelH: 3, kernelW: 3, strideH: 3, strideW: 3, padding: .symmetric(1))
        XCTAssertFalse(DirectConvolution.supports(ConvGeometry(input: [1, 64, 39, 39], output: [1, 64, 13, 13], attributes: stride3)))
        let uneven = Conv2DAttributes(outChannels: 64, kernelH: 3, kernelW: 3, strideH: 2, strideW: 1, padding: .symmetric(1))
        XCTAssertFalse(DirectConvolution.supports(ConvGeometry(input: [1, 64, 26, 13], output: [1, 64, 13, 13], attributes: uneven)))
        let dilated = Conv2DAttributes(outChannels: 64, kernelH: 3, kernelW: 3, dilationH: 2, dilationW: 2, padding: .symmetric(2))
        XCTAssertFalse(DirectConvolution.supports(ConvGeometry(input: [1, 64, 13, 13], output: [1, 64, 13, 13], attributes: dilated)))
        let grouped = Conv2DAttributes(outChannels: 64, kernelH: 3, kernelW: 3, padding: .symmetric(1), groups: 2)
        XCTAssertFalse(DirectConvolution.supports(ConvGeometry(input: [1, 64, 13, 13], output: [1, 64, 13, 13], attributes: grouped)))
    }

    func testWinogradDeclinesWhatItCannotCompute() {
        func geometry(_ a: Conv2DAttributes, _ input: [Int], _ output: [Int]) -> ConvGeometry {
            ConvGeometry(input: input, output: output, attributes: a)
        }
        let strided = Conv2DAttributes(outChannels: 64, kernelH: 3, kernelW: 3, strideH: 2, strideW: 2, padding: .symmetric(1))
        XCTAssertFalse(WinogradConvolution.supports(geometry(strided, [1, 64, 8, 8], [1, 64, 4, 4])))
        let dilated = Conv2DAttributes(outChannels: 64, kernelH: 3, kernelW: 3, dilationH: 2, dilationW: 2, padding: .symmetric(2))
        XCTAssertFalse(WinogradConvolution.supports(geometry(dilated, [1, 64, 8, 8], [1, 64, 8, 8])))
        let grouped = Conv2DAttributes(outChannels: 64, kernelH: 3, kernelW: 3, padding: .symmetric(1), groups: 2)
        XCTAssertFalse(WinogradConvolution.supports(geometry(grouped, [1, 64, 8, 8], [1, 64, 8, 8])))
        // Too few channels for the transforms to pay: fewer than 64 in or out.
        let narrow = Conv2DAttributes(outChannels: 32, kernelH: 3, kernelW: 3, padding: .symmetric(1))
        XCTAssertFalse(WinogradConvolution.supports(geometry(narrow, [1, 64, 80, 80], [1, 32, 80, 80])))
        let wide = Conv2DAttributes(outChannels: 64, kernelH: 3, kernelW: 3, padding: .symmetric(1))
        XCTAssertFalse(WinogradConvolution.supports(geometry(wide, [1, 32, 80, 80], [1, 64, 80, 80])))
        XCTAssertTrue(WinogradConvolution.supports(geometry(wide, [1, 128, 80, 80], [1, 64, 80, 80])))
    }

    func testWinogradLeavesLayersWithFewOutputTilesToGEMM() {
        // 13×13 outputs are 49 tiles: too few to pay for 16/9 of the weights in memory; 26×26 are 169.
        let same = Conv2DAttributes(outChannels: 1024, kernelH: 3, kernelW: 3, padding: .symmetric(1))
        XCTAssertFalse(WinogradConvolution.supports(ConvGeometry(input: [1, 512, 13, 13], output: [1, 1024, 13, 13], attributes: same)))
        XCTAssertTrue(WinogradConvolution.supports(ConvGeometry(input: [1, 512, 26, 26], output: [1, 1024, 26, 26], attributes: same)))
    }

    func testTiledColumnPathMatchesReference() throws {
        // With K = 48·9 a tile is 256 outputs, so ≥ 1024 outputs take the column-tile path.
        let a = Conv2DAttributes(outChannels: 4, kernelH: 3, kernelW: 3, padding: .symmetric(1), activation: .leaky)
        try check(TiledConvolution.self, a, input: [1, 48, 33, 35], bias: true, seed: 4, threads: 2)
        let strided = Conv2DAttributes(outChannels: 3, kernelH: 3, kernelW: 3, strideH: 2, strideW: 2,
                                       padding: Padding2D(top: 1, left: 0, bottom: 1, right: 1), activation: .relu)
        try check(TiledConvolution.self, strided, input: [2, 48, 65, 67], bias: false, seed: 5, threads: 1)
        // 1×1 with K = 384: the column path without packing.
        let pointwise = Conv2DAttributes(outChannels: 2, kernelH: 1, kernelW: 1, activation: .leaky)
        try check(TiledConvolution.self, pointwise, input: [1, 384, 32, 33], bias: true, seed: 6, threads: 2)
    }

    func testTiledChannelSplitPathMatchesReference() throws {
        let a = Conv2DAttributes(outChannels: 37, kernelH: 3, kernelW: 3, dilationH: 2, dilationW: 1, padding: .symmetric(1), activation: .leaky)
        try check(TiledConvolution.self, a, input: [2, 5, 9, 10], bias: true, seed: 7, threads: 2)
        let pointwise = Conv2DAttributes(outChannels: 20, kernelH: 1, kernelW: 1)
        try check(TiledConvolution.self, pointwise, input: [1, 6, 7, 7], bias: false, seed: 8, threads: 2)
        // Two items or more per thread: whole items per thread (5 items: one thread takes 3).
        try check(TiledConvolution.self, a, input: [5, 5, 9, 10], bias: true, seed: 9, threads: 2)
        try check(TiledConvolution.self, pointwise, input: [4, 6, 7, 7], bias: true, seed: 10, threads: 2)
    }

    /// Band convolution runs (and is tested) with every micro-kernel, though plans choose it only with
    /// the AVX-512 one; `chosen` asks `supports` only where a plan would pick it.
    func testBandMatchesReferenceOnStridesPaddingDilationTailsAndBatches() throws {
        let avx512 = PackedGEMM.active == .avx512
        // 3×3 stride 1, 13 output channels (a panel and a 5-row tail), 37 columns (rows joined with
        // AVX-512's 32-column strips, a 5-column tail per row with 8-column ones), batch 2, 2 threads:
        // 4 bands per item, the last one short.
        let same = Conv2DAttributes(outChannels: 13, kernelH: 3, kernelW: 3, padding: .symmetric(1), activation: .swish)
        try check(BandConvolution.self, same, input: [2, 5, 37, 37], bias: true, seed: 21, threads: 2, chosen: false)
        // Stride 2 with asymmetric padding: two column phases, the left one starting inside the image.
        let strided = Conv2DAttributes(outChannels: 9, kernelH: 3, kernelW: 3, strideH: 2, strideW: 2,
                                       padding: Padding2D(top: 1, left: 0, bottom: 1, right: 1), activation: .relu)
        try check(BandConvolution.self, strided, input: [1, 7, 129, 200], bias: false, seed: 22, threads: 1, chosen: avx512)
        // Dilation 2 and a 5×5 kernel.
        let dilated = Conv2DAttributes(outChannels: 8, kernelH: 3, kernelW: 3, dilationH: 2, dilationW: 2,
                                       padding: .symmetric(2), activation: .leaky)
        try check(BandConvolution.self, dilated, input: [1, 4, 36, 64], bias: true, seed: 23, threads: 2, chosen: avx512)
        let wide = Conv2DAttributes(outChannels: 16, kernelH: 5, kernelW: 5, padding: Padding2D(top: 2, left: 1, bottom: 2, right: 3),
                                    activation: .logistic)
        try check(BandConvolution.self, wide, input: [1, 3, 40, 96], bias: true, seed: 24, threads: 2, chosen: avx512)
        // Stride 3, no padding (three phases), mish (applied after the GEMM, not in registers).
        let thirds = Conv2DAttributes(outChannels: 8, kernelH: 3, kernelW: 3, strideH: 3, strideW: 3, activation: .mish)
        try check(BandConvolution.self, thirds, input: [2, 3, 100, 98], bias: true, seed: 25, threads: 2, chosen: avx512)
        // One input channel (K = 9), and 400 channels where one output row per band fills the budget
        // and K = 3600 runs in several K blocks.
        let single = Conv2DAttributes(outChannels: 16, kernelH: 3, kernelW: 3, padding: .symmetric(1))
        try check(BandConvolution.self, single, input: [1, 1, 64, 64], bias: true, seed: 26, threads: 1, chosen: avx512)
        let deep = Conv2DAttributes(outChannels: 8, kernelH: 3, kernelW: 3, padding: .symmetric(1), activation: .leaky)
        try check(BandConvolution.self, deep, input: [1, 400, 16, 64], bias: true, seed: 27, threads: 2, chosen: avx512)
        // Narrow rows (40 and 44 columns): joined into one run per band at stride 2 (row and column
        // phases) and with dilation 2.
        let narrow = Conv2DAttributes(outChannels: 24, kernelH: 3, kernelW: 3, strideH: 2, strideW: 2, padding: .symmetric(1),
                                      activation: .swish)
        try check(BandConvolution.self, narrow, input: [1, 6, 80, 80], bias: true, seed: 28, threads: 2, chosen: avx512)
        let narrowDilated = Conv2DAttributes(outChannels: 8, kernelH: 3, kernelW: 3, dilationH: 2, dilationW: 2,
                                             padding: .symmetric(2), activation: .relu)
        try check(BandConvolution.self, narrowDilated, input: [2, 4, 50, 44], bias: false, seed: 29, threads: 1, chosen: avx512)
    }

    func testBandStrideTwoCopyHandlesEveryRowTail() throws {
        // The stride-2 copy deinterleaves 32 floats into 16 per step and masks the last step:
        // widths 33…64 give every tail length, with padding on the left (phase 0 starts in it) or not.
        let padded = Conv2DAttributes(outChannels: 8, kernelH: 3, kernelW: 3, strideH: 2, strideW: 2, padding: .symmetric(1))
        let unpadded = Conv2DAttributes(outChannels: 8, kernelH: 3, kernelW: 3, strideH: 2, strideW: 2)
        for width in 33...64 {
            try check(BandConvolution.self, width % 2 == 0 ? padded : unpadded, input: [1, 2, 5, width], bias: true,
                      seed: UInt64(width), threads: 1, chosen: false)
        }
    }

    func testBandLeavesGroupsPointwiseAndSmallOutputsToOtherAlgorithms() throws {
        guard PackedGEMM.active == .avx512 else { throw XCTSkip("plans choose band convolution only with the AVX-512 micro-kernel") }
        func supports(_ a: Conv2DAttributes, _ input: [Int], _ output: [Int]) -> Bool {
            BandConvolution.supports(ConvGeometry(input: input, output: output, attributes: a))
        }
        let same = Conv2DAttributes(outChannels: 64, kernelH: 3, kernelW: 3, padding: .symmetric(1))
        XCTAssertTrue(supports(same, [1, 32, 160, 160], [1, 64, 160, 160]))
        XCTAssertTrue(supports(same, [1, 32, 80, 80], [1, 64, 80, 80]), "80 = 32 + 32 + 16 columns")
        XCTAssertTrue(supports(same, [1, 32, 40, 40], [1, 64, 40, 40]), "40 = 32 + 8 columns: rows joined")
        XCTAssertFalse(supports(same, [1, 32, 13, 13], [1, 64, 13, 13]), "too few output positions")
        let grouped = Conv2DAttributes(outChannels: 64, kernelH: 3, kernelW: 3, padding: .symmetric(1), groups: 2)
        XCTAssertFalse(supports(grouped, [1, 32, 160, 160], [1, 64, 160, 160]))
        let pointwise = Conv2DAttributes(outChannels: 64, kernelH: 1, kernelW: 1)
        XCTAssertFalse(supports(pointwise, [1, 32, 160, 160], [1, 64, 160, 160]))
        let narrow = Conv2DAttributes(outChannels: 4, kernelH: 3, kernelW: 3, padding: .symmetric(1))
        XCTAssertFalse(supports(narrow, [1, 32, 160, 160], [1, 4, 160, 160]), "fewer rows than a panel stay on OpenBLAS")
    }

    func testIm2colAndPointwiseStillMatchReference() throws {
        let grouped = Conv2DAttributes(outChannels: 6, kernelH: 3, kernelW: 3, padding: .symmetric(1), groups: 3, activation: .leaky)
        try check(Im2colConvolution.self, grouped, input: [1, 6, 9, 9], bias: true, seed: 9, threads: 2)
        let pointwise = Conv2DAttributes(outChannels: 8, kernelH: 1, kernelW: 1, groups: 2)
        try check(PointwiseConvolution.self, pointwise, input: [2, 8, 5, 7], bias: true, seed: 10, threads: 1)
    }

    func testEachAlgorithmMatchesReferenceWithEachGEMMMicroKernel() throws {
        // The portable kernel (and AVX2 on deep, wide weights) keeps OpenBLAS (ConvGEMM.prefersPacked): that path too.
        defer { PackedGEMM.force(nil) }
        for variant in PackedGEMM.Variant.allCases where PackedGEMM.isSupported(variant) {
            XCTAssertTrue(PackedGEMM.force(variant))
            try testWinogradMatchesReferenceOnOddSizesAsymmetricPaddingAndBatches()
            try testTiledColumnPathMatchesReference()
            try testTiledChannelSplitPathMatchesReference()
            try testBandMatchesReferenceOnStridesPaddingDilationTailsAndBatches()
            try testIm2colAndPointwiseStillMatchReference()
            try testPrepackedWeightsWorkInEveryGEMMAlgorithmWithGroupsBatchesAndTails()
            try testDeepWideWeightsMatchReferenceOnEitherSideOfTheAVX2Crossover()
        }
    }

    /// 128 output channels × 1026 deep (114 × 3 × 3): at the AVX2 crossover to OpenBLAS (`ConvGEMM.avx2DeepRows` ×
    /// `avx2DeepDepth`), so under AVX2 it runs OpenBLAS and 120 channels the packed kernel, each on the channel-split
    /// path with a misaligned 7 × 9 plane.
    func testDeepWideWeightsMatchReferenceOnEitherSideOfTheAVX2Crossover() throws {
        for channels in [ConvGEMM.avx2DeepRows, ConvGEMM.avx2DeepRows - 8] {
            let deep = Conv2DAttributes(outChannels: channels, kernelH: 3, kernelW: 3, padding: .symmetric(1), activation: .leaky)
            try check(TiledConvolution.self, deep, input: [1, 114, 7, 9], bias: true, seed: 16, threads: 2, prepacked: true)
        }
    }

    func testAVX2LeavesOnlyDeepWideWeightsToOpenBLAS() throws {
        defer { PackedGEMM.force(nil) }
        try XCTSkipUnless(PackedGEMM.force(.avx2), "this CPU has no AVX2")
        XCTAssertTrue(ConvGEMM.prefersPacked(rows: 64, depth: 4608), "few rows: packed however deep")
        XCTAssertTrue(ConvGEMM.prefersPacked(rows: 1024, depth: 1023), "shallow: packed however many rows")
        XCTAssertFalse(ConvGEMM.prefersPacked(rows: 128, depth: 1024))
        XCTAssertFalse(ConvGEMM.prefersPacked(rows: 7, depth: 27), "under a panel")
        XCTAssertTrue(PackedGEMM.force(.portable))
        XCTAssertFalse(ConvGEMM.prefersPacked(rows: 64, depth: 27), "the portable kernel leaves GEMMs to OpenBLAS")
    }

    func testPrepackedWeightsWorkInEveryGEMMAlgorithmWithGroupsBatchesAndTails() throws {
        // Column tiles over (batch item × tile), 13 channels: one full panel and a 5-row tail.
        let tiled = Conv2DAttributes(outChannels: 13, kernelH: 3, kernelW: 3, padding: .symmetric(1), activation: .swish)
        try check(TiledConvolution.self, tiled, input: [3, 40, 35, 37], bias: true, seed: 11, threads: 2, prepacked: true)
        // Channel split on panels.
        let deep = Conv2DAttributes(outChannels: 50, kernelH: 3, kernelW: 3, strideH: 2, strideW: 2, padding: .symmetric(1), activation: .mish)
        try check(TiledConvolution.self, deep, input: [2, 24, 9, 11], bias: true, seed: 12, threads: 2, prepacked: true)
        // Grouped, ≥ 8 output channels per group: per-group panels.
        let grouped = Conv2DAttributes(outChannels: 18, kernelH: 3, kernelW: 3, padding: .symmetric(1), groups: 2, activation: .relu)
        try check(Im2colConvolution.self, grouped, input: [2, 6, 10, 9], bias: true, seed: 13, threads: 2, prepacked: true)
        let winograd = Conv2DAttributes(outChannels: 133, kernelH: 3, kernelW: 3, padding: .symmetric(1), activation: .swish)
        try check(WinogradConvolution.self, winograd, input: [2, 128, 19, 21], bias: true, seed: 15, threads: 2, prepacked: true)
        let pointwise = Conv2DAttributes(outChannels: 22, kernelH: 1, kernelW: 1, groups: 2, activation: .logistic)
        try check(PointwiseConvolution.self, pointwise, input: [3, 10, 6, 7], bias: true, seed: 14, threads: 2, prepacked: true)
        let band = Conv2DAttributes(outChannels: 21, kernelH: 3, kernelW: 3, strideH: 2, strideW: 2, padding: .symmetric(1),
                                    activation: .leaky)
        try check(BandConvolution.self, band, input: [2, 6, 66, 64], bias: true, seed: 16, threads: 2, prepacked: true,
                  chosen: PackedGEMM.active == .avx512)
    }

    /// Output rows are joined into one run per band only where a row's tail strip wastes work, and the
    /// band height is the one (up to the budget's) that wastes least and shares the bands evenly among
    /// the threads. Strips of 32 columns; a tail of ≤ 16 costs half a strip.
    func testBandPlanJoinsRowsWhereTheTailStripWastesWorkAndSharesBandsEvenly() {
        func plan(channels: Int, size: Int, stride: Int, threads: Int32 = 1) -> sg_conv_band {
            let out = (size + 2 - 3) / stride + 1
            var g = sg_conv_band(channels: Int32(channels), height: Int32(size), width: Int32(size), outChannels: 64,
                                 outH: Int32(out), outW: Int32(out), kernelH: 3, kernelW: 3, strideH: Int32(stride), strideW: Int32(stride),
                                 dilationH: 1, dilationW: 1, padTop: 1, padLeft: 1, outRows: 0, bandRows: 0, phaseWidth: 0, joinRows: 0)
            sg_conv_band_plan(&g, 96 * 1024, threads, 1, 32)
            return g
        }
        let wide = plan(channels: 32, size: 160, stride: 1)  // 160 = 5 strips
        XCTAssertEqual(wide.joinRows, 0)
        XCTAssertEqual(plan(channels: 32, size: 80, stride: 1).joinRows, 0, "80 = 2 strips + a half-cost 16")
        // 128 channels at 80 → 40, stride 2 (phase rows of 41): 4 rows fit per phase, so up to 3 output
        // rows: 3·41 − 1 = 122 columns in 4 strips (94 % useful) against 83 % row by row.
        let narrow = plan(channels: 128, size: 80, stride: 2)
        XCTAssertEqual(narrow.joinRows, 1)
        XCTAssertEqual(narrow.outRows, 3)
        // 104 = 3 strips + 8 (93 %): joined, 26 rows are 2754 columns, 98 % useful.
        let tiny = plan(channels: 32, size: 104, stride: 1)
        XCTAssertEqual(tiny.joinRows, 1)
        XCTAssertEqual(tiny.outRows, 26)
        // 128 channels at 40 × 40, stride 1, 2 threads: 10 rows a band (two per thread) make 4 bands of
        // 9·42 + 40 = 418 columns (14 strips, the last half-cost, 93 % useful); 5 rows make 8 bands of
        // 208 (6.5 strips, 96 %), shared as evenly, so 5.
        let split = plan(channels: 128, size: 40, stride: 1, threads: 2)
        XCTAssertEqual(split.joinRows, 1)
        XCTAssertEqual(split.outRows, 5)
        // 80 rows, 2 threads: up to 7 rows fit; 12 bands of 7 (two strips and a half each) split 6 / 6.
        let even = plan(channels: 128, size: 80, stride: 1, threads: 2)
        XCTAssertEqual(even.joinRows, 0)
        XCTAssertEqual((80 + Int(even.outRows) - 1) / Int(even.outRows) % 2, 0, "an even number of bands for 2 threads")
        // The budget still bounds the copy: (rows + 2) phase rows of every channel.
        for g in [wide, narrow, tiny, split, even] {
            XCTAssertLessThanOrEqual(Int(g.channels) * Int(g.strideH * g.strideW) * Int(g.bandRows) * Int(g.phaseWidth), 96 * 1024)
        }
    }
}
