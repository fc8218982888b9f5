/// dropout, identity and reshape at inference: y = x, element by element.
enum ReferenceCopy {
    static func make(_ ctx: KernelContext) throws -> Kernel {
        let count = ctx.outputCount
        return withElementType(size: ctx.elementSize) { T in make(T, count) }
    }

    private static func make<T: FixedWidthInteger>(_: T.Type, _ count: Int) -> Kernel {
        ReferenceKernel { inputs, y in
            let x = UnsafeRawPointer(inputs[0]).assumingMemoryBound(to: T.self)
            let out = UnsafeMutableRawPointer(y).assumingMemoryBound(to: T.self)
            for i in 0..<count { out[i] = x[i] }
        }
    }
}
