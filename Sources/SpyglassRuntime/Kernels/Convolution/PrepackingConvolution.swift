import SpyglassIR

/// A convolution algorithm that computes with its weights in its own layout (transformed, packed
/// into panels …). Conforming lets that layout be stored in `.spyglass` files and mapped at plan
/// time instead of recomputed: `spyglass optimize`/`convert` call `pack` for every node the
/// algorithm is chosen for, and `Conv2DKernel` hands a stored blob to `init(geometry:packed:bias:)`
/// when its layout, geometry and size still match — otherwise it packs again.
///
/// To plug in an algorithm: give the layout a versioned id, say how many floats it takes, write
/// `pack` as a pure function of geometry and weights, and build the kernel from a packed buffer.
/// `init(geometry:weights:bias:)` then comes for free (it packs and calls the packed init); an
/// algorithm that packs only for some geometries returns nil from `packedLayout` for the others and
/// writes its own `init(geometry:weights:bias:)`.
public protocol PrepackingConvolution: ConvolutionAlgorithm {
    /// Versioned id of the packed layout for `geometry` ("winograd23.v1"; bump it whenever the bytes
    /// change, and name in it anything the bytes depend on that the geometry does not show, such as a
    /// panel height chosen by CPU dispatch), or nil when this geometry computes from the raw weights.
    static func packedLayout(_ geometry: ConvGeometry) -> String?
    /// What the packed bytes depend on besides the weights; a stored blob whose geometry string
    /// differs is repacked. Default: the weight shape and groups (`ConvGeometry.weightDescription`).
    static func packedGeometry(_ geometry: ConvGeometry) -> String
    /// Floats of the packed form.
    static func packedCount(_ geometry: ConvGeometry) -> Int
    /// Packs `weights` (`[O, C/groups, kH, kW]`) into `packed` (`packedCount` floats, 64-byte aligned).
    static func pack(_ geometry: ConvGeometry, weights: UnsafePointer<Float>, into packed: UnsafeMutablePointer<Float>)
    /// The kernel computing from an already packed buffer (read only, possibly mapped from a file).
    init(geometry: ConvGeometry, packed: AlignedFloats, bias: AlignedFloats?)
}

extension PrepackingConvolution {
    public static func packedGeometry(_ geometry: ConvGeometry) -> String { geometry.weightDescription }

    /// `weights` packed into fresh plan-owned memory.
    static func pack(_ geometry: ConvGeometry, weights: AlignedFloats) -> AlignedFloats {
        let packed = AlignedFloats(count: packedCount(geometry))
        pack(geometry, weights: weights.pointer, into: packed.pointer)
        return packed
    }

    public init(geometry: ConvGeometry, weights: AlignedFloats, bias: AlignedFloats?) {
        self.init(geometry: geometry, packed: Self.pack(geometry, weights: weights), bias: bias)
    }

    /// Whether `blob` holds this algorithm's packing for `geometry` (layout, geometry and size).
    static func matches(_ blob: PackedWeight, _ geometry: ConvGeometry) -> Bool {
        blob.layout == packedLayout(geometry) && blob.geometry == packedGeometry(geometry)
            && blob.storage.bytes.count == packedCount(geometry) * MemoryLayout<Float>.stride
            && Int(bitPattern: blob.storage.bytes.baseAddress) % 64 == 0
    }
}

extension ConvGeometry {
    /// The weight tensor's shape and groups, e.g. "o=1024 c=512 k=3x3 g=1".
    public var weightDescription: String {
        "o=\(outChannels) c=\(groupInChannels) k=\(kernelH)x\(kernelW) g=\(groups)"
    }
}
