/// Small Darknet cfgs shared by several suites.
public enum DarknetZoo {
    /// A cfg that exercises what the Debian YOLO cfgs do not: [local], [connected] with batch-norm,
    /// [softmax] groups, [avgpool], grouped convolution, a [shortcut] across different sizes and channel
    /// counts, [reorg] in the middle of a net, and Darknet's other activations. (`stair` is left out:
    /// its jumps turn a last-bit difference into a different step.) Pinned to libdarknet by
    /// LayerZooConformanceTests.
    public static let layerZoo = """
    [net]
    width=32
    height=32
    channels=3
    # training keys darknet ignores at inference
    batch=1
    momentum=0.9

    [convolutional]
    batch_normalize=1
    filters=8
    size=3
    stride=1
    pad=1
    activation=leaky

    [convolutional]
    filters=8
    groups=2
    size=3
    stride=2
    pad=1
    activation=relu

    [maxpool]
    size=3
    stride=2

    [convolutional]
    filters=16
    size=1
    activation=logistic

    [shortcut]
    from=1
    activation=ramp

    [convolutional]
    batch_normalize=1
    filters=16
    size=3
    pad=1
    activation=tanh

    [route]
    layers=-1,-2

    [reorg]
    stride=2

    [upsample]
    stride=2

    [convolutional]
    filters=8
    size=1
    activation=plse

    [convolutional]
    filters=8
    size=3
    pad=1
    activation=elu

    [convolutional]
    filters=8
    size=3
    pad=1
    activation=loggy

    [convolutional]
    filters=8
    size=1
    activation=hardtan

    [convolutional]
    filters=8
    size=1
    activation=lhtan

    [convolutional]
    filters=8
    size=1
    activation=selu

    [local]
    size=3
    stride=1
    pad=1
    filters=4
    activation=relie

    [maxpool]
    size=2
    stride=2

    [connected]
    output=32
    batch_normalize=1
    activation=leaky

    [dropout]
    probability=.5

    [connected]
    output=10
    activation=linear

    [softmax]
    groups=2

    [route]
    layers=16

    [avgpool]

    [softmax]
    groups=1
    """
}
