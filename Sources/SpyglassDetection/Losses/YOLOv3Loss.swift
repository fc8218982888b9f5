/// One anchor's prediction in a YOLOv3 head: centre as σ(t) offsets within the cell, raw log-space
/// size tw/th, objectness and per-class probabilities (sigmoids, as Darknet's yolo layer).
public struct YOLOv3Prediction: Equatable, Sendable {
    public var x: Double, y: Double, tw: Double, th: Double
    public var objectness: Double
    public var classProbabilities: [Double]
    public init(x: Double, y: Double, tw: Double, th: Double, objectness: Double, classProbabilities: [Double]) {
        self.x = x; self.y = y; self.tw = tw; self.th = th; self.objectness = objectness; self.classProbabilities = classProbabilities
    }
}

/// The object an anchor is assigned to, encoded as the prediction is (Darknet `delta_yolo_box`:
/// x = truth.x·W − col, tw = ln(truth.w·netW / anchor.w)); `width`/`height` are the object's size
/// relative to the image, for the small-object weight 2 − w·h.
public struct YOLOv3Target: Equatable, Sendable {
    public var x: Double, y: Double, tw: Double, th: Double, width: Double, height: Double, classIndex: Int
    public init(x: Double, y: Double, tw: Double, th: Double, width: Double, height: Double, classIndex: Int) {
        self.x = x; self.y = y; self.tw = tw; self.th = th; self.width = width; self.height = height; self.classIndex = classIndex
    }
}

public enum YOLOv3Assignment: Equatable, Sendable {
    case object(YOLOv3Target)
    /// No object: objectness is pushed to 0.
    case background
    /// Overlaps an object above the ignore threshold without being assigned to it: no loss.
    case ignored
}

public struct YOLOv3LossTerms: Equatable, Sendable {
    public var box = 0.0, objectness = 0.0, noObject = 0.0, classification = 0.0
    public var total: Double { box + objectness + noObject + classification }
}

/// A YOLOv3-style loss summed over anchors: box = (2 − w·h)·[(x − x̂)² + (y − ŷ)² + (tw − t̂w)² + (th − t̂h)²]
/// (squared error with Darknet's small-object scale), objectness = BCE(p_obj, 1) for assigned anchors,
/// no-object = BCE(p_obj, 0) for background ones, class = Σ_c BCE(p_c, one-hot). Probabilities are
/// clamped with `LossNumerics.probabilityEpsilon`.
public struct YOLOv3Loss: Sendable {
    public var lambdaBox: Double, lambdaObject: Double, lambdaNoObject: Double, lambdaClass: Double

    public init(lambdaBox: Double = 1, lambdaObject: Double = 1, lambdaNoObject: Double = 1, lambdaClass: Double = 1) {
        self.lambdaBox = lambdaBox; self.lambdaObject = lambdaObject; self.lambdaNoObject = lambdaNoObject; self.lambdaClass = lambdaClass
    }

    public func terms(predictions: [YOLOv3Prediction], assignments: [YOLOv3Assignment]) throws -> YOLOv3LossTerms {
        try LossNumerics.checkSameLength(predictions.count, assignments.count, "YOLOv3 assignments (one per anchor)")
        var t = YOLOv3LossTerms()
        for (i, (p, assignment)) in zip(predictions, assignments).enumerated() {
            switch assignment {
            case .ignored: continue
            case .background: t.noObject += lambdaNoObject * CrossEntropy.binaryTerm(p: p.objectness, y: 0)
            case .object(let g):
                guard g.classIndex >= 0, g.classIndex < p.classProbabilities.count else {
                    throw LossError.classOutOfRange(index: i, classIndex: g.classIndex, classes: p.classProbabilities.count)
                }
                let scale = 2 - g.width * g.height
                t.box += lambdaBox * scale * (square(p.x - g.x) + square(p.y - g.y) + square(p.tw - g.tw) + square(p.th - g.th))
                t.objectness += lambdaObject * CrossEntropy.binaryTerm(p: p.objectness, y: 1)
                for (c, q) in p.classProbabilities.enumerated() {
                    t.classification += lambdaClass * CrossEntropy.binaryTerm(p: q, y: c == g.classIndex ? 1 : 0)
                }
            }
        }
        return t
    }
}
