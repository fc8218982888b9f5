import CKernels
import SpyglassIR

/// One way of computing a convolution. New algorithms (Winograd, packed GEMM, NHWC …) conform
/// and are listed in `ConvolutionAlgorithms.preferred`; the first that supports a node wins.
public protocol ConvolutionAlgorithm: Kernel {
    static func supports(_ geometry: ConvGeometry) -> Bool
    /// `weights` is `[O, C/groups, kH, kW]` row-major; `bias` is `[O]` or nil. Either may be a
    /// constant's memory borrowed as it is (see `KernelContext.constantBuffer`): read, never written.
    init(geometry: ConvGeometry, weights: AlignedFloats, bias: AlignedFloats?)
}

extension ConvolutionAlgorithm {
    /// From arrays (tests, benchmarks): copied into plan-owned memory.
    public init(geometry: ConvGeometry, weights: [Float], bias: [Float]?) {
        self.init(geometry: geometry, weights: AlignedFloats(copying: weights), bias: bias.map(AlignedFloats.init(copying:)))
    }
}

public enum ConvolutionAlgorithms {
    public static let preferred: [ConvolutionAlgorithm.Type] = [WinogradConvolution.self, DirectConvolution.self, BandConvolution.self, TiledConvolution.self, PointwiseConvolution.self, Im2colConvolution.self]

    /// The algorithm a plan uses for `geometry`.
    public static func algorithm(for geometry: ConvGeometry) -> ConvolutionAlgorithm.Type? {
        preferred.first { $0.supports(geometry) }
    }

    public static func make(_ geometry: ConvGeometry, weights: AlignedFloats, bias: AlignedFloats?) -> Kernel? {
        algorithm(for: geometry)?.init(geometry: geometry, weights: weights, bias: bias)
    }

    public static func make(_ geometry: ConvGeometry, weights: [Float], bias: [Float]?) -> Kernel? {
        make(geometry, weights: AlignedFloats(copying: weights), bias: bias.map(AlignedFloats.init(copying:)))
    }
}
