import CKernels

/// A convolution's weights in the form its GEMM reads, and that GEMM with bias + activation fused:
/// - `packed`: MR-row panels per group for the packed GEMM (`PackedGEMM`); made at plan time by
///   `pack` (a pure function, so a packed buffer from elsewhere, e.g. a file, can be handed in);
/// - `rowMajor`: the weights as stored, for OpenBLAS, where it still wins (see `prefersPacked`).
/// Work is split in *units*: panels of MR rows (packed) or single rows (OpenBLAS).
struct ConvGEMM {
    enum Storage {
        case packed(AlignedFloats)
        case rowMajor(AlignedFloats)
    }

    let storage: Storage
    /// Per group: output channels (M) and GEMM depth (K).
    let rows: Int, depth: Int, groups: Int
    let bias: AlignedFloats?
    let activation: Int32

    /// Packed GEMM vs OpenBLAS sgemm, 1 thread, GFLOPS, same process back to back on Zen 4 (AVX-512), conv
    /// shapes M × K × N of YOLOv8-style / yolov3-tiny: 32×27×3616 99 vs 76, 64×288×320 113 vs 93,
    /// 64×64×1536 100 vs 84, 128×576×256 111 vs 98, 64×128×1600 107 vs 96, 256×384×169 108 vs 96,
    /// 1024×512×49 85 vs 87, 512×4608×169 85 vs 84: the AVX-512 kernel wins or ties on every shape we
    /// run, deep ones included, so there is no crossover to OpenBLAS with it.
    ///
    /// AVX2 (4 × 24 halves, `SPYGLASS_GEMM=avx2`) vs OpenBLAS's Haswell sgemm (`OPENBLAS_CORETYPE=Haswell`)
    /// + its separate bias/activation pass, 1 thread, same process back to back (thread CPU time, N tiled
    /// as `TiledConvolution` does), ours ÷ OpenBLAS over two runs: yolov3-tiny 16×27×173056 1.65–1.69,
    /// 32×144×43264 1.20–1.31, 64×288×10816 1.12; YOLOv8-style 32×27×102400 2.4, 64×288×25600 1.3,
    /// 64×64×25600 1×1 1.5, 32×288×25600 1.4, 128×576×6400 1.15, 64×1152×6400 1.1; Winograd's 16 products
    /// 128×64×676 1.02 (0.96 with B and C out of cache), 256×128×169 1.03, 256×384×169 0.99–1.00; 1×1 at
    /// 13×13 / 26×26 255×512×169 1.01, 255×256×676 1.03, 128×256×169 1.0. Deep and wide weights lose:
    /// 256×1024×169 0.96, 256×1152×676 0.94, 512×2304×169 0.93, 256×3456×676 0.92, 1024×4608×169 0.88
    /// (the old 8×8 kernel: 0.65–0.88, 1.0–1.6 on the YOLOv8-style shapes). Hence AVX2 packs below
    /// `avx2DeepRows` rows × `avx2DeepDepth` depth and leaves deeper, wider weights to OpenBLAS.
    /// The portable kernel is a fallback: OpenBLAS keeps the GEMM there.
    /// Fewer than MR rows per group would waste most of each panel (depthwise-like convs): OpenBLAS too.
    static func prefersPacked(rows: Int, depth: Int) -> Bool {
        guard rows >= PackedGEMM.panelRows else { return false }
        switch PackedGEMM.active {
        case .avx512: return true
        case .avx2: return rows < avx2DeepRows || depth < avx2DeepDepth
        case .portable: return false
        }
    }

    /// Where OpenBLAS overtakes the AVX2 kernel (see `prefersPacked`).
    static let avx2DeepRows = 128, avx2DeepDepth = 1024

    /// The packed-panel layout id shared by the GEMM convolutions (`PrepackingConvolution`): the panel
    /// height is fixed for every micro-kernel variant, so a packed buffer is machine-independent.
    static let layoutID = "gemm-panels\(PackedGEMM.panelRows).v1"

    /// Floats of `groups` packed [rows][depth] matrices.
    static func packedCount(groups: Int, rows: Int, depth: Int) -> Int {
        groups * PackedGEMM.packedCount(rows: rows, depth: depth)
    }

    /// From the weights as stored: packs them when the packed GEMM is preferred (the packed copy
    /// replaces the borrowed original, which is not kept; the plan gives back its mapped pages).
    init(weights: AlignedFloats, groups: Int, rows: Int, depth: Int, bias: AlignedFloats?, activation: Int32) {
        var storage = Storage.rowMajor(weights)
        if Self.prefersPacked(rows: rows, depth: depth) {
            storage = .packed(PackedGEMM.pack(weights.pointer, groups: groups, rows: rows, depth: depth))
        }
        self.init(storage: storage, groups: groups, rows: rows, depth: depth, bias: bias, activation: activation)
    }

    init(storage: Storage, groups: Int, rows: Int, depth: Int, bias: AlignedFloats?, activation: Int32) {
        self.storage = storage; self.groups = groups; self.rows = rows; self.depth = depth
        self.bias = bias; self.activation = activation
    }

    /// Units of work along M in one group.
    var units: Int {
        if case .packed = storage { return (rows + PackedGEMM.panelRows - 1) / PackedGEMM.panelRows }
        return rows
    }

    /// Fewest units worth a thread (about 16 output channels).
    var unitGrain: Int {
        if case .packed = storage { return max(1, 16 / PackedGEMM.panelRows) }
        return 16
    }

    /// The first row of unit `unit` (clamped to the rows, so `firstRow(units)` is the end).
    func firstRow(_ unit: Int) -> Int {
        if case .packed = storage { return min(rows, unit * PackedGEMM.panelRows) }
        return unit
    }

    /// Rows of `units` of group `group`: c[rows × n] (row stride ldc, c at the group's row 0) =
    /// act(W_group · b[depth × n] (row stride ldb) + bias).
    func multiply(group: Int, units: Range<Int>, b: UnsafePointer<Float>, ldb: Int,
                  c: UnsafeMutablePointer<Float>, ldc: Int, n: Int, after: UnsafePointer<sg_prefetch_region>? = nil) {
        guard !units.isEmpty, n > 0 else { return }
        let groupBias = bias.map { UnsafePointer($0.pointer + group * rows) }
        switch storage {
        case .packed(let panels):
            let a = panels.pointer + group * PackedGEMM.packedCount(rows: rows, depth: depth)
            sg_gemm_packed(a, Int32(rows), Int32(depth), Int32(units.lowerBound), Int32(units.upperBound),
                           b, ldb, c, ldc, n, groupBias, activation, after)
        case .rowMajor(let weights):
            let m0 = units.lowerBound
            sg_conv_gemm_columns(weights.pointer + (group * rows + m0) * depth, Int32(units.count), Int32(depth),
                                 b, ldb, c + m0 * ldc, ldc, n, groupBias.map { $0 + m0 }, activation)
        }
    }

    /// All rows of group `group`.
    func multiply(group: Int, b: UnsafePointer<Float>, ldb: Int, c: UnsafeMutablePointer<Float>, ldc: Int, n: Int,
                  after: UnsafePointer<sg_prefetch_region>? = nil) {
        multiply(group: group, units: 0..<units, b: b, ldb: ldb, c: c, ldc: ldc, n: n, after: after)
    }
}
