/// softmax: for each index before `axis`, the elements from `axis` on form `groups` contiguous chunks.
enum ReferenceSoftmax {
    static func make(_ ctx: KernelContext) throws -> Kernel {
        guard case .softmax(let a) = ctx.node.op else { throw ctx.wrongOp }
        let s = ctx.inputShapes[0]
        let outer = s[..<a.axis].reduce(1, *), inner = s[a.axis...].reduce(1, *), size = inner / a.groups
        return ReferenceKernel { inputs, y in
            for b in 0..<outer {
                for g in 0..<a.groups {
                    let offset = b * inner + g * size
                    referenceSoftmax(inputs[0] + offset, y + offset, n: size, temperature: a.temperature, stride: 1)
                }
            }
        }
    }
}
