import Foundation

/// Reference kernels: plain loops written straight from the op's definition (Darknet's C for
/// Darknet ops), no tricks, no threads. Constants are read at run time, never prepacked.
/// Tests compare every optimised kernel against these.
final class ReferenceKernel: Kernel {
    let workspaceCount = 0
    private let body: (_ inputs: [UnsafePointer<Float>], _ output: UnsafeMutablePointer<Float>) -> Void

    init(_ body: @escaping (_ inputs: [UnsafePointer<Float>], _ output: UnsafeMutablePointer<Float>) -> Void) {
        self.body = body
    }

    func run(_ io: KernelIO) { body(io.inputs, io.outputs[0]) }
}

/// Index of (n, c, y, x) in an NCHW tensor with `channels`, `height`, `width`.
@inline(__always) func nchwIndex(_ n: Int, _ c: Int, _ y: Int, _ x: Int, channels: Int, height: Int, width: Int) -> Int {
    ((n * channels + c) * height + y) * width + x
}

/// Darknet's softmax() on `n` values spaced `stride` apart, written out plainly.
func referenceSoftmax(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, n: Int, temperature: Float, stride: Int) {
    var largest = -Float.greatestFiniteMagnitude
    for i in 0..<n where x[i * stride] > largest { largest = x[i * stride] }
    var values = [Float](repeating: 0, count: n)
    var sum: Float = 0
    for i in 0..<n {
        values[i] = expf(x[i * stride] / temperature - largest / temperature)
        sum += values[i]
    }
    for i in 0..<n { y[i * stride] = values[i] / sum }
}

func referenceLogistic(_ x: Float) -> Float { 1 / (1 + expf(-x)) }
