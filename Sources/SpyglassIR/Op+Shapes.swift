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
            guard a.start >= 0, a.end <= s[0][a.axis], a.start < a.end else {
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
        }
    }
}
