/// A convolution whose weights are the A matrices of `ConvGEMM` (`groups` of rows × depth): its packed
/// form is those matrices in the packed GEMM's panels, stored in `.spyglass` files like any
/// `PrepackingConvolution`. Where the plan keeps OpenBLAS (`ConvGEMM.prefersPacked`: the portable
/// kernel, deep and wide weights on AVX2, or fewer rows than a panel)
/// there is nothing to pack and the weights are used as stored.
public protocol GEMMPackingConvolution: PrepackingConvolution {
    /// The GEMM's A matrices for `geometry`: how many, and each one's rows (M) and depth (K).
    static func gemmShape(_ geometry: ConvGeometry) -> (groups: Int, rows: Int, depth: Int)
}

extension GEMMPackingConvolution {
    public static func packedLayout(_ geometry: ConvGeometry) -> String? {
        let s = gemmShape(geometry)
        return ConvGEMM.prefersPacked(rows: s.rows, depth: s.depth) ? ConvGEMM.layoutID : nil
    }

    public static func packedCount(_ geometry: ConvGeometry) -> Int {
        let s = gemmShape(geometry)
        return ConvGEMM.packedCount(groups: s.groups, rows: s.rows, depth: s.depth)
    }

    public static func pack(_ geometry: ConvGeometry, weights: UnsafePointer<Float>, into packed: UnsafeMutablePointer<Float>) {
        let s = gemmShape(geometry)
        PackedGEMM.pack(weights, groups: s.groups, rows: s.rows, depth: s.depth, into: packed)
    }
}

extension GEMMPackingConvolution {
    /// The GEMM of `gemmShape(geometry)` over the weights as stored (packed if the packed GEMM is preferred).
    static func gemm(_ g: ConvGeometry, weights: AlignedFloats, bias: AlignedFloats?) -> ConvGEMM {
        let s = gemmShape(g)
        return ConvGEMM(weights: weights, groups: s.groups, rows: s.rows, depth: s.depth, bias: bias, activation: g.activation.cCode)
    }

    /// The GEMM of `gemmShape(geometry)` over weights already packed by `pack` (at plan time, or mapped from a file).
    static func gemm(_ g: ConvGeometry, packed: AlignedFloats, bias: AlignedFloats?) -> ConvGEMM {
        let s = gemmShape(g)
        return ConvGEMM(storage: .packed(packed), groups: s.groups, rows: s.rows, depth: s.depth, bias: bias,
                        activation: g.activation.cCode)
    }
}
