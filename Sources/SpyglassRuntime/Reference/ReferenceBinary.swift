import Foundation
import SpyglassIR

/// binary: numpy broadcasting written out: each output index maps to an index in a and in b,
/// with stretched (size-1 or missing) dims pinned to 0.
enum ReferenceBinary {
    static func make(_ ctx: KernelContext) throws -> Kernel {
        guard case .binary(let a) = ctx.node.op else { throw ctx.wrongOp }
        // Integer arithmetic has one obvious loop; the optimised kernel's is already plain.
        if let integer = IntegerBinary.make(a.op, ctx) { return integer }
        let out = ctx.outputShape, count = ctx.outputCount
        let shapeA = ctx.inputShapes[0], shapeB = ctx.inputShapes[1]
        func flat(_ index: [Int], _ shape: [Int]) -> Int {
            var f = 0
            let offset = out.count - shape.count
            for d in 0..<shape.count { f = f * shape[d] + (shape[d] == 1 ? 0 : index[d + offset]) }
            return f
        }
        return ReferenceKernel { inputs, y in
            var index = [Int](repeating: 0, count: out.count)
            for i in 0..<count {
                var rest = i
                for d in stride(from: out.count - 1, through: 0, by: -1) { index[d] = rest % out[d]; rest /= out[d] }
                let x = inputs[0][flat(index, shapeA)], z = inputs[1][flat(index, shapeB)]
                switch a.op {
                case .add: y[i] = x + z
                case .sub: y[i] = x - z
                case .mul: y[i] = x * z
                case .div: y[i] = x / z
                case .pow: y[i] = powf(x, z)
                }
            }
        }
    }
}
