import TestSupport
/// Small Darknet cfgs that reach every layer type and activation.
enum DarknetZoos {
    /// The layer zoo pinned to libdarknet by the conformance suite.
    static let layerZoo = DarknetZoo.layerZoo

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
