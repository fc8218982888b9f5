import SpyglassIR

/// For every op kind, the optimised kernel and the plain reference kernel.
/// `OpCoverageTests` fails if an `OpKind` is missing from either table.
public enum KernelRegistry {
    public static let optimised: [OpKind: KernelFactory] = [
        .conv2d: Conv2DKernel.make,
        .batchNorm: BatchNormKernel.make,
        .biasAdd: BiasAddKernel.make,
        .activation: ActivationKernel.make,
        .maxPool: MaxPoolKernel.make,
        .avgPool: AvgPoolKernel.make,
        .globalAvgPool: GlobalAvgPoolKernel.make,
        .concat: ConcatKernel.make,
        .slice: SliceKernel.make,
        .add: AddKernel.make,
        .shortcut: ShortcutKernel.make,
        .upsample: UpsampleKernel.make,
        .reorg: ReorgKernel.make,
        .fullyConnected: FullyConnectedKernel.make,
        .locallyConnected: LocallyConnectedKernel.make,
        .dropout: CopyKernel.make,
        .softmax: SoftmaxKernel.make,
        .identity: CopyKernel.make,
        .yolo: YoloKernel.make,
        .region: RegionKernel.make,
        .detection: DetectionKernel.make,
        .reshape: CopyKernel.make,
        .transpose: TransposeKernel.make,
        .binary: BinaryKernel.make,
    ]

    public static let reference: [OpKind: KernelFactory] = [
        .conv2d: ReferenceConv2D.make,
        .batchNorm: ReferenceBatchNorm.make,
        .biasAdd: ReferenceBiasAdd.make,
        .activation: ReferenceActivation.make,
        .maxPool: ReferenceMaxPool.make,
        .avgPool: ReferenceAvgPool.make,
        .globalAvgPool: ReferenceGlobalAvgPool.make,
        .concat: ReferenceConcat.make,
        .slice: ReferenceSlice.make,
        .add: ReferenceAdd.make,
        .shortcut: ReferenceShortcut.make,
        .upsample: ReferenceUpsample.make,
        .reorg: ReferenceReorg.make,
        .fullyConnected: ReferenceFullyConnected.make,
        .locallyConnected: ReferenceLocallyConnected.make,
        .dropout: ReferenceCopy.make,
        .softmax: ReferenceSoftmax.make,
        .identity: ReferenceCopy.make,
        .yolo: ReferenceYolo.make,
        .region: ReferenceRegion.make,
        .detection: ReferenceDetection.make,
        .reshape: ReferenceCopy.make,
        .transpose: ReferenceTranspose.make,
        .binary: ReferenceBinary.make,
    ]
}
