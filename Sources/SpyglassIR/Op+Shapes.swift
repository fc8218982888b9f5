/// Shape inference for every op, on concrete shapes (symbolic dims are bound before this runs).
extension Op {
    /// Output shapes of this op given its input shapes. `where` names the node for errors.
    public func outputShapes(_ s: [[Int]], at node: String) throws -> [[Int]] {
        func fail(_ m: String) -> IRError { .shape(node: node, message: m) }
        func need(_ count: ClosedRange<Int>) throws {
            guard count.contains(s.count) else {
                throw fail("expects \(count.lowerBound == count.upperBound ? "\(count.lowerBound)" : "\(count.lowerBound)–\(count.upperBound)") inputs, got \(s.count)")
            }
        }
        func nchw(_ i: Int) throws -> (n: Int, c: Int, h: Int, w: Int) {
            guard s[i].count == 4 else { throw fail("input \(i) must be rank 4 (NCHW), got \(s[i])") }
            return (s[i][0], s[i][1], s[i][2], s[i][3])
        }
        func positive(_ pairs: [(String, Int)]) throws {
            for (k, v) in pairs where v <= 0 { throw IRError.invalidAttribute(node: node, message: "\(k) must be > 0, got \(v)") }
        }
        /// An N-D window (convTranspose, pool) over input 0 = [N, C] + spatial dims: one stride,
        /// dilation and begin/end pad per spatial axis, positive kernel, strides and dilations.
        func window(_ kernel: [Int], _ strides: [Int], _ dilations: [Int], _ padsBegin: [Int], _ padsEnd: [Int]) throws {
            let r = kernel.count
            guard r >= 1, s[0].count == r + 2 else { throw fail("input \(s[0]) must be [N, C] + \(r) spatial dims") }
            guard strides.count == r, dilations.count == r, padsBegin.count == r, padsEnd.count == r else {
                throw IRError.invalidAttribute(node: node, message: "strides, dilations and pads must have \(r) values each")
            }
            try positive(kernel.map { ("kernel", $0) } + strides.map { ("stride", $0) } + dilations.map { ("dilation", $0) })
        }
        switch self {
        case .conv2d(let a):
            try need(2...3)
            let x = try nchw(0)
            try positive([("kernel", a.kernelH), ("kernel", a.kernelW), ("stride", a.strideH), ("stride", a.strideW),
                          ("dilation", a.dilationH), ("dilation", a.dilationW), ("groups", a.groups), ("filters", a.outChannels)])
            guard x.c % a.groups == 0, a.outChannels % a.groups == 0 else {
                throw fail("groups=\(a.groups) must divide input channels \(x.c) and filters \(a.outChannels)")
            }
            let expectW = [a.outChannels, x.c / a.groups, a.kernelH, a.kernelW]
            guard s[1] == expectW else { throw fail("weight shape \(s[1]) does not match expected \(expectW)") }
            if s.count == 3, s[2] != [a.outChannels] { throw fail("bias shape \(s[2]) should be [\(a.outChannels)]") }
            let eh = a.dilationH * (a.kernelH - 1) + 1, ew = a.dilationW * (a.kernelW - 1) + 1
            let oh = (x.h + a.padding.top + a.padding.bottom - eh) / a.strideH + 1
            let ow = (x.w + a.padding.left + a.padding.right - ew) / a.strideW + 1
            guard oh > 0, ow > 0 else { throw fail("input \(s[0]) too small for a \(a.kernelH)x\(a.kernelW) kernel") }
            return [[x.n, a.outChannels, oh, ow]]
        case .batchNorm:
            try need(5...5)
            let x = try nchw(0)
            for i in 1..<5 where s[i] != [x.c] { throw fail("parameter \(i) has shape \(s[i]), expected [\(x.c)]") }
            return [s[0]]
        case .biasAdd:
            try need(2...2)
            guard s[0].count >= 2, s[1] == [s[0][1]] else { throw fail("bias \(s[1]) must be [channels] of \(s[0])") }
            return [s[0]]
        case .activation, .dropout, .identity, .unary:
            try need(1...1)
            return [s[0]]
        case .maxPool(let a), .avgPool(let a):
            try need(1...1)
            let x = try nchw(0)
            try positive([("size", a.kernelH), ("size", a.kernelW), ("stride", a.strideH), ("stride", a.strideW)])
            let oh = (x.h + a.padding.top + a.padding.bottom - a.kernelH) / a.strideH + 1
            let ow = (x.w + a.padding.left + a.padding.right - a.kernelW) / a.strideW + 1
            guard oh > 0, ow > 0 else { throw fail("input \(s[0]) too small for a \(a.kernelH)x\(a.kernelW) window") }
            return [[x.n, x.c, oh, ow]]
        case .globalAvgPool:
            try need(1...1)
            let x = try nchw(0)
            return [[x.n, x.c, 1, 1]]
        case .concat(let a):
            guard !s.isEmpty else { throw fail("concat needs at least one input") }
            let r = s[0].count
            guard a.axis >= 0, a.axis < r else { throw fail("axis \(a.axis) out of range for rank \(r)") }
            var out = s[0]
            for i in 1..<s.count {
                guard s[i].count == r else { throw fail("input \(i) has rank \(s[i].count), expected \(r)") }
                for d in 0..<r where d != a.axis && s[i][d] != out[d] {
                    throw fail("input \(i) shape \(s[i]) does not match \(s[0]) outside axis \(a.axis)")
                }
                out[a.axis] += s[i][a.axis]
            }
            return [out]
        case .slice(let a):
            try need(1...1)
            guard a.axis >= 0, a.axis < s[0].count else { throw fail("axis \(a.axis) out of range for \(s[0])") }
            guard a.start >= 0, a.end <= s[0][a.axis], a.start <= a.end else {
                throw fail("range \(a.start)..<\(a.end) invalid for dimension \(s[0][a.axis]) of \(s[0])")
            }
            var out = s[0]
            out[a.axis] = a.end - a.start
            return [out]
        case .add:
            try need(2...2)
            guard s[0] == s[1] else { throw fail("add needs equal shapes, got \(s[0]) and \(s[1])") }
            return [s[0]]
        case .shortcut:
            try need(2...2)
            let x = try nchw(0), f = try nchw(1)
            guard x.n == f.n else { throw fail("batch sizes differ: \(s[0]) vs \(s[1])") }
            // Darknet: stride = w1/w2, sample = w2/w1, and the same ratio must hold for heights.
            guard f.w / x.w == f.h / x.h, x.w / f.w == x.h / f.h else {
                throw fail("spatial sizes \(s[0]) and \(s[1]) are not related by an integer stride")
            }
            return [s[0]]
        case .upsample(let a):
            try need(1...1)
            let x = try nchw(0)
            try positive([("stride", a.factor)])
            return [[x.n, x.c, x.h * a.factor, x.w * a.factor]]
        case .reorg(let a):
            try need(1...1)
            let x = try nchw(0)
            try positive([("stride", a.stride)])
            let s2 = a.stride * a.stride
            if a.reverse {
                guard x.c % s2 == 0 else { throw fail("channels \(x.c) not divisible by stride² \(s2)") }
                return [[x.n, x.c / s2, x.h * a.stride, x.w * a.stride]]
            }
            guard x.h % a.stride == 0, x.w % a.stride == 0 else {
                throw fail("spatial size \(x.h)x\(x.w) not divisible by stride \(a.stride)")
            }
            return [[x.n, x.c * s2, x.h / a.stride, x.w / a.stride]]
        case .fullyConnected(let a):
            try need(2...3)
            try positive([("output", a.outputs)])
            guard let n = s[0].first else { throw fail("input must have a batch dimension") }
            let inputs = s[0].dropFirst().reduce(1, *)
            guard s[1] == [a.outputs, inputs] else { throw fail("weight shape \(s[1]) should be [\(a.outputs), \(inputs)]") }
            if s.count == 3, s[2] != [a.outputs] { throw fail("bias shape \(s[2]) should be [\(a.outputs)]") }
            return s[0].count == 4 ? [[n, a.outputs, 1, 1]] : [[n, a.outputs]]
        case .locallyConnected(let a):
            try need(3...3)
            let x = try nchw(0)
            try positive([("size", a.kernel), ("stride", a.stride), ("filters", a.outChannels)])
            let oh = (x.h + 2 * a.pad - a.kernel) / a.stride + 1
            let ow = (x.w + 2 * a.pad - a.kernel) / a.stride + 1
            guard oh > 0, ow > 0 else { throw fail("input \(s[0]) too small for a \(a.kernel)x\(a.kernel) kernel") }
            let k = x.c * a.kernel * a.kernel
            guard s[1] == [oh * ow, a.outChannels, k] else { throw fail("weight shape \(s[1]) should be [\(oh * ow), \(a.outChannels), \(k)]") }
            guard s[2] == [a.outChannels * oh * ow] else { throw fail("bias shape \(s[2]) should be [\(a.outChannels * oh * ow)]") }
            return [[x.n, a.outChannels, oh, ow]]
        case .softmax(let a):
            try need(1...1)
            guard a.axis >= 1, a.axis < max(s[0].count, 2) else { throw fail("axis \(a.axis) invalid for \(s[0])") }
            let inner = s[0][a.axis...].reduce(1, *)
            guard a.groups > 0, inner % a.groups == 0 else { throw fail("groups=\(a.groups) must divide \(inner) elements") }
            return [s[0]]
        case .yolo(let a):
            try need(1...1)
            let x = try nchw(0)
            guard a.mask.allSatisfy({ $0 >= 0 && 2 * $0 + 1 < a.anchors.count }) else {
                throw IRError.invalidAttribute(node: node, message: "mask \(a.mask) refers past the \(a.anchors.count / 2) anchors")
            }
            guard x.c == a.mask.count * (a.classes + 5) else {
                throw fail("expects \(a.mask.count) × (\(a.classes) classes + 5) = \(a.mask.count * (a.classes + 5)) channels, got \(x.c)")
            }
            return [s[0]]
        case .region(let a):
            try need(1...1)
            let x = try nchw(0)
            guard a.anchors.count >= 2 * a.num else {
                throw IRError.invalidAttribute(node: node, message: "num=\(a.num) needs \(2 * a.num) anchor values, got \(a.anchors.count)")
            }
            // Darknet lays out coords + 1 + classes entries per anchor whether or not `background` is set.
            let per = a.coords + 1 + a.classes
            guard x.c == a.num * per else { throw fail("expects \(a.num) × \(per) = \(a.num * per) channels, got \(x.c)") }
            return [s[0]]
        case .detection(let a):
            try need(1...1)
            let total = s[0].dropFirst().reduce(1, *)
            let expect = a.side * a.side * ((1 + a.coords) * a.num + a.classes)
            guard total == expect else {
                throw fail("expects side² × ((1 + coords) × num + classes) = \(expect) inputs, got \(total)")
            }
            return [s[0]]
        case .reshape(let a):
            try need(1...1)
            do { return [try a.resolve(s[0])] } catch { throw fail("\(error)") }
        case .transpose(let a):
            try need(1...1)
            guard a.permutation.sorted() == Array(0..<s[0].count) else {
                throw IRError.invalidAttribute(node: node, message: "permutation \(a.permutation) does not fit rank \(s[0].count)")
            }
            return [a.permutation.map { s[0][$0] }]
        case .binary:
            try need(2...2)
            guard let out = broadcastShape(s[0], s[1]) else { throw fail("shapes \(s[0]) and \(s[1]) do not broadcast") }
            return [out]
        case .resize(let a):
            try need(1...1)
            if let problem = a.problem(rank: s[0].count) { throw IRError.invalidAttribute(node: node, message: problem) }
            var out = s[0]
            for (axis, size) in zip(a.axes, a.sizes) { out[axis] = size }
            return [out]
        case .reduce, .argMax, .topK, .gather, .cast, .compare, .not, .select:
            return try selectionShapes(s, fail: fail, need: need)
        case .matMul:
            try need(2...2)
            guard let out = matMulShape(s[0], s[1]) else { throw fail("shapes \(s[0]) and \(s[1]) do not fit a matrix product") }
            return [out]
        case .convTranspose(let a):
            try need(2...3)
            try window(a.kernel, a.strides, a.dilations, a.padsBegin, a.padsEnd)
            try positive([("groups", a.groups), ("output channels", a.outChannels)])
            let c = s[0][1]
            guard c % a.groups == 0, a.outChannels % a.groups == 0 else {
                throw fail("groups=\(a.groups) must divide input channels \(c) and output channels \(a.outChannels)")
            }
            let expectW = [c, a.outChannels / a.groups] + a.kernel
            guard s[1] == expectW else { throw fail("weight shape \(s[1]) does not match expected \(expectW)") }
            if s.count == 3, s[2] != [a.outChannels] { throw fail("bias shape \(s[2]) should be [\(a.outChannels)]") }
            let spatial = a.outputSpatial(Array(s[0][2...]))
            guard spatial.allSatisfy({ $0 > 0 }) else { throw fail("pads \(a.padsBegin)/\(a.padsEnd) leave no output for \(s[0])") }
            return [[s[0][0], a.outChannels] + spatial]
        case .pool(let a):
            try need(1...1)
            try window(a.kernel, a.strides, a.dilations, a.padsBegin, a.padsEnd)
            guard (a.padsBegin + a.padsEnd).allSatisfy({ $0 >= 0 }) else {
                throw IRError.invalidAttribute(node: node, message: "pads must be ≥ 0, got \(a.padsBegin)/\(a.padsEnd)")
            }
            if a.producesIndices, a.mode != .max { throw IRError.invalidAttribute(node: node, message: "only max pooling outputs indices") }
            let spatial = a.outputSpatial(Array(s[0][2...]))
            guard spatial.allSatisfy({ $0 > 0 }) else { throw fail("input \(s[0]) too small for a \(a.kernel) window") }
            let out = Array(s[0][..<2]) + spatial
            return a.producesIndices ? [out, out] : [out]
        case .nonMaxSuppression, .roiAlign, .maxRoiPool, .pad, .stridedSlice, .tile, .expand:
            return try detectionAndIndexingShapes(s, at: node)
        }
    }
}

/// Shapes of the region ops (NonMaxSuppression, RoiAlign, MaxRoiPool) and the indexing ops (pad,
/// strided slice, tile, expand).
extension Op {
    func detectionAndIndexingShapes(_ s: [[Int]], at node: String) throws -> [[Int]] {
        func fail(_ m: String) -> IRError { .shape(node: node, message: m) }
        func invalid(_ m: String) -> IRError { .invalidAttribute(node: node, message: m) }
        func need(_ count: Int) throws {
            guard s.count == count else { throw fail("expects \(count) inputs, got \(s.count)") }
        }
        func perAxis(_ name: String, _ values: [Int], rank: Int) throws {
            guard values.count == rank else { throw invalid("\(name) \(values) must have one value per axis of the rank-\(rank) input") }
        }
        switch self {
        case .nonMaxSuppression(let a):
            try need(2)
            let boxes = s[0], scores = s[1]
            guard boxes.count == 3, boxes[2] == 4 else { throw fail("boxes \(boxes) must be [batches, boxes, 4]") }
            guard scores.count == 3, scores[0] == boxes[0], scores[2] == boxes[1] else {
                throw fail("scores \(scores) must be [\(boxes[0]), classes, \(boxes[1])] for boxes \(boxes)")
            }
            guard a.maxOutputBoxesPerClass >= 0 else { throw invalid("max_output_boxes_per_class must be ≥ 0, got \(a.maxOutputBoxesPerClass)") }
            return [[boxes[0] * scores[1] * min(a.maxOutputBoxesPerClass, boxes[1]), 3]]
        case .roiAlign(let a):
            try need(3)
            guard s[0].count == 4 else { throw fail("x must be rank 4 (NCHW), got \(s[0])") }
            guard s[1].count == 2, s[1][1] == 4 else { throw fail("rois \(s[1]) must be [rois, 4]") }
            guard s[2] == [s[1][0]] else { throw fail("batch indices \(s[2]) must be [\(s[1][0])], one per roi") }
            guard a.outputHeight > 0, a.outputWidth > 0, a.samplingRatio >= 0 else {
                throw invalid("output size \(a.outputHeight)x\(a.outputWidth) must be positive and sampling_ratio \(a.samplingRatio) ≥ 0")
            }
            return [[s[1][0], s[0][1], a.outputHeight, a.outputWidth]]
        case .maxRoiPool(let a):
            try need(2)
            guard s[0].count == 4 else { throw fail("x must be rank 4 (NCHW), got \(s[0])") }
            guard s[1].count == 2, s[1][1] == 5 else { throw fail("rois \(s[1]) must be [rois, 5]") }
            guard a.pooledHeight > 0, a.pooledWidth > 0 else { throw invalid("pooled shape \(a.pooledHeight)x\(a.pooledWidth) must be positive") }
            return [[s[1][0], s[0][1], a.pooledHeight, a.pooledWidth]]
        case .pad(let a):
            try need(1)
            let x = s[0]
            try perAxis("begins", a.begins, rank: x.count)
            try perAxis("ends", a.ends, rank: x.count)
            var out: [Int] = []
            for d in x.indices {
                let n = x[d] + a.begins[d] + a.ends[d]
                guard n >= 0 else { throw fail("pads \(a.begins[d]), \(a.ends[d]) remove more than the \(x[d]) elements of axis \(d)") }
                if a.mode != .constant, n > 0, x[d] == 0 { throw fail("\(a.mode.rawValue) padding of the empty axis \(d) of \(x)") }
                out.append(n)
            }
            return [out]
        case .stridedSlice(let a):
            try need(1)
            let x = s[0]
            try perAxis("starts", a.starts, rank: x.count)
            try perAxis("steps", a.steps, rank: x.count)
            try perAxis("sizes", a.sizes, rank: x.count)
            for d in x.indices where a.sizes[d] != 0 {
                let last = a.starts[d] + (a.sizes[d] - 1) * a.steps[d]
                guard a.steps[d] != 0, a.sizes[d] > 0, (0..<x[d]).contains(a.starts[d]), (0..<x[d]).contains(last) else {
                    throw fail("\(a.sizes[d]) elements from \(a.starts[d]) in steps of \(a.steps[d]) leave axis \(d) of \(x)")
                }
            }
            return [a.sizes]
        case .tile(let a):
            try need(1)
            try perAxis("repeats", a.repeats, rank: s[0].count)
            guard a.repeats.allSatisfy({ $0 >= 0 }) else { throw invalid("repeats \(a.repeats) must be ≥ 0") }
            return [zip(s[0], a.repeats).map { $0 * $1 }]
        case .expand(let a):
            try need(1)
            guard a.shape.allSatisfy({ $0 >= 0 }), let out = broadcastShape(s[0], a.shape) else {
                throw fail("\(s[0]) does not broadcast to \(a.shape)")
            }
            return [out]
        default:
            throw fail("not a region or indexing op")
        }
    }
}
