/// Small Darknet cfgs that reach every layer type and activation.
enum DarknetZoos {
    /// Copied from Tests/ConformanceTests/LayerZooConformanceTests.swift (pinned to libdarknet there).
    static let layerZoo = """
    [net]
    width=32
    height=32
    channels=3

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

    static let secondZoo = """
    [net]
    width=24
    height=24
    channels=3

    [convolutional]
    batch_normalize=1
    filters=16
    size=3
    stride=2
    pad=1
    activation=mish

    [route]
    layers=-1
    groups=2
    group_id=1

    [convolutional]
    filters=8
    size=3
    pad=1
    activation=swish

    [upsample]
    stride=2
    scale=0.5

    [convolutional]
    filters=12
    size=1
    activation=leaky

    [shortcut]
    from=-3
    alpha=0.5
    beta=2
    activation=linear

    [reorg]
    stride=2
    reverse=1

    [maxpool]
    size=3
    stride=3

    [convolutional]
    filters=16
    size=1
    activation=linear

    [region]
    anchors=1.08,1.19, 3.42,4.41
    bias_match=1
    classes=3
    coords=4
    num=2
    softmax=1
    """
}
