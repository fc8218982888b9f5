"""A small YOLOv8-shaped detector written with the onnx helper API, as PyTorch exports one:
Conv+BN+SiLU (Sigmoid*Mul) blocks, a C2f-like Split/bottleneck/Concat block, an SPPF-like MaxPool,
nearest Resize upsampling, and a head whose per-scale maps are flattened through
Shape -> Gather -> Unsqueeze -> Concat -> Reshape, concatenated, split into box/class parts and
decoded to [batch, 4 + nc, N] (plus its transpose). Random weights from a fixed seed.

    yolov8_style_model.py OUT.onnx [--size 320] [--width 1] [--dynamic]

--dynamic: input [batch, 3, height, width]; the anchor grid and strides are generated in the graph
from each map's Shape (Range, Unsqueeze, Expand, Concat, as Ultralytics' make_anchors traces with
dynamic=True) and boxes decoded from distances (dist2bbox). Used by the Swift tests
(Tests/SpyglassONNXTests) and by `make bench` (--width 4 --size 640: about yolov8n's FLOPs).
"""
import argparse
import sys
import numpy as np
import onnx
from onnx import helper, numpy_helper, TensorProto

ap = argparse.ArgumentParser(description=__doc__)
ap.add_argument("output")
ap.add_argument("--dynamic", action="store_true", help="symbolic height/width; anchor grid generated in the graph")
ap.add_argument("--size", type=int, default=320, help="input height and width (fixed-size model)")
ap.add_argument("--width", type=int, default=1, help="channel multiplier (1: the test model; 4: about yolov8n's FLOPs at 640)")
args = ap.parse_args()
rng = np.random.default_rng(1234)
nodes, inits = [], []
counter = [0]

def name(prefix):
    counter[0] += 1
    return f"{prefix}_{counter[0]}"

def const(values, prefix="c"):
    n = name(prefix)
    inits.append(numpy_helper.from_array(np.asarray(values), n))
    return n

def node(op, inputs, outputs=1, **attrs):
    n = name(op.lower())
    outs = [f"{n}_out{i}" for i in range(outputs)] if outputs > 1 else [n + "_out"]
    nodes.append(helper.make_node(op, inputs, outs, name=n, **attrs))
    return outs if outputs > 1 else outs[0]

def conv_bn_silu(x, cin, cout, k=1, s=1):
    w = const((rng.standard_normal((cout, cin, k, k)) * np.sqrt(2.0 / (cin * k * k))).astype(np.float32), "w")
    y = node("Conv", [x, w], kernel_shape=[k, k], strides=[s, s], pads=[k // 2] * 4)
    scale = const(rng.uniform(0.5, 1.5, cout).astype(np.float32), "bn_scale")
    bias = const(rng.uniform(-0.2, 0.2, cout).astype(np.float32), "bn_bias")
    mean = const(rng.uniform(-0.2, 0.2, cout).astype(np.float32), "bn_mean")
    var = const(rng.uniform(0.5, 2.0, cout).astype(np.float32), "bn_var")
    y = node("BatchNormalization", [y, scale, bias, mean, var], epsilon=1e-3)
    return node("Mul", [y, node("Sigmoid", [y])])

def c2f(x, c):
    y = conv_bn_silu(x, c, c)
    a, b = node("Split", [y, const(np.array([c // 2, c // 2], np.int64), "split")], outputs=2, axis=1)
    m = conv_bn_silu(conv_bn_silu(b, c // 2, c // 2, 3), c // 2, c // 2, 3)
    m = node("Add", [b, m])
    return conv_bn_silu(node("Concat", [a, b, m], axis=1), 3 * c // 2, c)

def flatten_head(x, channels):
    shape = node("Shape", [x])
    batch = node("Unsqueeze", [node("Gather", [shape, const(np.array(0, np.int64), "idx")], axis=0),
                               const(np.array([0], np.int64), "axes")])
    target = node("Concat", [batch, const(np.array([channels], np.int64)), const(np.array([-1], np.int64))], axis=0)
    return node("Reshape", [x, target])

nc = 3
W = args.width
size = args.size
x = "images"
x = conv_bn_silu(x, 3, 8 * W, 3, 2)        # size / 2
x = conv_bn_silu(x, 8 * W, 16 * W, 3, 2)   # size / 4
x = c2f(x, 16 * W)
p4 = conv_bn_silu(x, 16 * W, 32 * W, 3, 2) # size / 8
p5 = conv_bn_silu(p4, 32 * W, 32 * W, 3, 2) # size / 16
pooled = node("MaxPool", [p5], kernel_shape=[5, 5], strides=[1, 1], pads=[2, 2, 2, 2])
p5 = conv_bn_silu(node("Concat", [p5, pooled], axis=1), 64 * W, 32 * W)
up = node("Resize", [p5, "", const(np.array([1, 1, 2, 2], np.float32), "scales")],
          mode="nearest", coordinate_transformation_mode="asymmetric", nearest_mode="floor")
n4 = conv_bn_silu(node("Concat", [up, p4], axis=1), 64 * W, 32 * W)
heads = []
for feat in (n4, p5):
    h = conv_bn_silu(feat, 32 * W, 16 * W, 3)
    w = const((rng.standard_normal((4 + nc, 16 * W, 1, 1)) * 0.3 / np.sqrt(W)).astype(np.float32), "head_w")
    bias = const(rng.uniform(-1, 1, 4 + nc).astype(np.float32), "head_b")
    heads.append(flatten_head(node("Conv", [h, w, bias], kernel_shape=[1, 1]), 4 + nc))
dynamic = args.dynamic
cat = node("Concat", heads, axis=2)                                  # [b, 4+nc, N]
box, cls = node("Split", [cat, const(np.array([4, nc], np.int64), "split")], outputs=2, axis=1)
if not dynamic:
    strides = np.concatenate([np.full((size // 8) ** 2, 8.0), np.full((size // 16) ** 2, 16.0)]).astype(np.float32).reshape(1, 1, -1)
    box = node("Mul", [node("Sub", [box, const(np.array(0.5, np.float32), "half")]), const(strides, "strides")])
    box = node("Div", [box, const(np.array([1, 1, 2, 2], np.float32).reshape(1, 4, 1), "box_scale")])
else:
    points, strides = [], []
    for feat, stride in ((n4, 8.0), (p5, 16.0)):
        shape = node("Shape", [feat])
        h = node("Cast", [node("Gather", [shape, const(np.array(2, np.int64), "idx")], axis=0)], to=TensorProto.FLOAT)
        w = node("Cast", [node("Gather", [shape, const(np.array(3, np.int64), "idx")], axis=0)], to=TensorProto.FLOAT)
        zero, one, half = const(np.array(0, np.float32)), const(np.array(1, np.float32)), const(np.array(0.5, np.float32))
        sx = node("Add", [node("Range", [zero, w, one]), half])          # [w]
        sy = node("Add", [node("Range", [zero, h, one]), half])          # [h]
        hw = node("Concat", [node("Unsqueeze", [node("Cast", [h], to=TensorProto.INT64), const(np.array([0], np.int64))]),
                             node("Unsqueeze", [node("Cast", [w], to=TensorProto.INT64), const(np.array([0], np.int64))])], axis=0)
        gx = node("Expand", [node("Unsqueeze", [sx, const(np.array([0], np.int64))]), hw])   # [h, w]
        gy = node("Expand", [node("Unsqueeze", [sy, const(np.array([1], np.int64))]), hw])
        flat = const(np.array([1, 1, -1], np.int64))
        points.append(node("Concat", [node("Reshape", [gx, flat]), node("Reshape", [gy, flat])], axis=1))   # [1, 2, hw]
        ones = node("Reshape", [node("Mul", [gx, const(np.array(0, np.float32))]), flat])
        strides.append(node("Add", [ones, const(np.array(stride, np.float32))]))                        # [1, 1, hw]
    anchor = node("Concat", points, axis=2)
    stride = node("Concat", strides, axis=2)
    lt, rb = node("Split", [node("Mul", [node("Sigmoid", [box]), const(np.array(4, np.float32))]),
                            const(np.array([2, 2], np.int64), "split")], outputs=2, axis=1)
    x1y1, x2y2 = node("Sub", [anchor, lt]), node("Add", [anchor, rb])
    centre = node("Div", [node("Add", [x1y1, x2y2]), const(np.array(2, np.float32))])
    box = node("Mul", [node("Concat", [centre, node("Sub", [x2y2, x1y1])], axis=1), stride])
cls = node("Sigmoid", [cls])
nodes.append(helper.make_node("Concat", [box, cls], ["output0"], name="output0", axis=1))
nodes.append(helper.make_node("Transpose", ["output0"], ["output1"], name="output1", perm=[0, 2, 1]))

height, width, anchors = ("height", "width", "anchors") if dynamic else (size, size, (size // 8) ** 2 + (size // 16) ** 2)
graph = helper.make_graph(nodes, "yolov8-style",
    [helper.make_tensor_value_info("images", TensorProto.FLOAT, ["batch", 3, height, width])],
    [helper.make_tensor_value_info("output0", TensorProto.FLOAT, ["batch", 4 + nc, anchors]),
     helper.make_tensor_value_info("output1", TensorProto.FLOAT, ["batch", anchors, 4 + nc])],
    inits)
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="test-yolov8-style")
model.ir_version = 8
helper.set_model_props(model, {"names": "{0: 'person', 1: 'bicycle', 2: 'car'}", "stride": "32"})
onnx.checker.check_model(model, full_check=True)
onnx.save(model, args.output)
