import Benchmark
import SpyglassIR
import SpyglassRuntime

/// The 3×3 convolutions of yolov3-tiny-416, one benchmark per (layer, algorithm, threads), so a
/// new convolution algorithm is compared with the others on the shapes that matter.
enum ConvolutionAlgorithmBenchmarks {
    /// (input channels, size, output channels) of yolov3-tiny's 3×3 stride-1 convs at 416×416.
    static let layers: [(c: Int, hw: Int, o: Int)] = [
        (3, 416, 16), (16, 208, 32), (32, 104, 64), (64, 52, 128), (128, 26, 256), (256, 13, 512), (512, 13, 1024), (384, 26, 256),
    ]
    static let algorithms: [(name: String, type: ConvolutionAlgorithm.Type)] = [
        ("im2col", Im2colConvolution.self), ("tiled", TiledConvolution.self), ("band", BandConvolution.self),
        ("winograd", WinogradConvolution.self), ("direct", DirectConvolution.self),
    ]

    static func register() {
        for l in layers {
            for threads in [1, 2] {
                for a in algorithms {
                    var g = ConvGeometry(input: [1, l.c, l.hw, l.hw], output: [1, l.o, l.hw, l.hw],
                                         attributes: Conv2DAttributes(outChannels: l.o, kernelH: 3, kernelW: 3, strideH: 1, strideW: 1,
                                                                      padding: Padding2D(top: 1, left: 1, bottom: 1, right: 1),
                                                                      activation: .leaky))
                    g.threads = threads
                    guard a.type.supports(g) else { continue }
                    let kernel = a.type.init(geometry: g, weights: (0..<(l.o * l.c * 9)).map { Float($0 % 13) * 0.01 },
                                             bias: [Float](repeating: 0.1, count: l.o))
                    let x = UnsafeMutablePointer<Float>.allocate(capacity: l.c * l.hw * l.hw)
                    x.initialize(repeating: 0.5, count: l.c * l.hw * l.hw)
                    let y = UnsafeMutablePointer<Float>.allocate(capacity: l.o * l.hw * l.hw)
                    let scratch = UnsafeMutablePointer<Float>.allocate(capacity: max(1, kernel.workspaceCount))
                    let io = KernelIO(inputs: [UnsafePointer(x)], outputs: [y], workspace: scratch, parallel: ParallelLoop(threads: threads))
                    Benchmark("conv3x3 \(l.c)→\(l.o) @\(l.hw) \(a.name) threads=\(threads)",
                              configuration: .init(metrics: [.wallClock, .cpuTotal], timeUnits: .microseconds, warmupIterations: 2,
                                                   maxDuration: .seconds(3), maxIterations: 20)) { benchmark in
                        for _ in benchmark.scaledIterations { kernel.run(io) }
                    }
                }
            }
        }
    }
}
