import SpyglassIR

/// Everything a convolution algorithm needs to know about one conv node, as plain numbers.
public struct ConvGeometry: Hashable, Sendable {
    public var batch: Int, inChannels: Int, height: Int, width: Int
    public var outChannels: Int, outH: Int, outW: Int
    public var kernelH: Int, kernelW: Int
    public var strideH: Int, strideW: Int
    public var dilationH: Int, dilationW: Int
    public var padding: Padding2D
    public var groups: Int
    public var activation: Activation
    /// Threads the plan gives its kernels (algorithms size per-thread scratch by it).
    public var threads: Int = 1

    public init(input: [Int], output: [Int], attributes a: Conv2DAttributes) {
        batch = input[0]; inChannels = input[1]; height = input[2]; width = input[3]
        outChannels = output[1]; outH = output[2]; outW = output[3]
        kernelH = a.kernelH; kernelW = a.kernelW; strideH = a.strideH; strideW = a.strideW
        dilationH = a.dilationH; dilationW = a.dilationW; padding = a.padding; groups = a.groups
        activation = a.activation
    }

    public var groupInChannels: Int { inChannels / groups }
    public var groupOutChannels: Int { outChannels / groups }
    /// Rows of one group's im2col matrix (the GEMM's K).
    public var gemmK: Int { groupInChannels * kernelH * kernelW }
    public var outPlane: Int { outH * outW }
    public var inPlane: Int { height * width }

    /// A 1×1, stride-1, unpadded convolution: the input already is the GEMM's B matrix.
    public var isPointwise: Bool {
        kernelH == 1 && kernelW == 1 && strideH == 1 && strideW == 1 && padding == .zero
    }
}
