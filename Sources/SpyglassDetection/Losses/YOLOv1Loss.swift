import Foundation

/// One predicted box of a YOLOv1 cell: centre as an offset within the cell (0…1), size relative
/// to the image, and the confidence.
public struct YOLOv1Box: Equatable, Sendable {
    public var x: Double, y: Double, w: Double, h: Double, confidence: Double
    public init(x: Double, y: Double, w: Double, h: Double, confidence: Double) {
        self.x = x; self.y = y; self.w = w; self.h = h; self.confidence = confidence
    }
}

/// A cell's prediction: B boxes and one set of class probabilities.
public struct YOLOv1Cell: Equatable, Sendable {
    public var boxes: [YOLOv1Box]
    public var classProbabilities: [Double]
    public init(boxes: [YOLOv1Box], classProbabilities: [Double]) { self.boxes = boxes; self.classProbabilities = classProbabilities }
}

/// The object whose centre falls in a cell, in the same units as `YOLOv1Box`.
public struct YOLOv1Object: Equatable, Sendable {
    public var x: Double, y: Double, w: Double, h: Double, classIndex: Int
    public init(x: Double, y: Double, w: Double, h: Double, classIndex: Int) {
        self.x = x; self.y = y; self.w = w; self.h = h; self.classIndex = classIndex
    }
}

public struct YOLOv1LossTerms: Equatable, Sendable {
    public var localization = 0.0, objectness = 0.0, noObject = 0.0, classification = 0.0
    public var total: Double { localization + objectness + noObject + classification }
}

/// The sum-squared YOLOv1 loss (Redmon et al. 2016, eq. 3), summed over cells:
/// λ_coord·[(x − x̂)² + (y − ŷ)² + (√w − √ŵ)² + (√h − √ĥ)²] for the responsible box (the one with the
/// highest IoU with the object, the first on ties); (C − Ĉ)² for it, where Ĉ is that IoU
/// (`rescore`, as Darknet's detection layer) or 1; λ_noobj·C² for every other box; and
/// Σ_c (p(c) − p̂(c))² for cells holding an object.
public struct YOLOv1Loss: Sendable {
    public var gridSize: Int
    public var lambdaCoord: Double
    public var lambdaNoObject: Double
    public var rescore: Bool

    public init(gridSize: Int = 7, lambdaCoord: Double = 5, lambdaNoObject: Double = 0.5, rescore: Bool = true) {
        self.gridSize = gridSize; self.lambdaCoord = lambdaCoord; self.lambdaNoObject = lambdaNoObject; self.rescore = rescore
    }

    /// `targets[i]` is the object in cell i, or nil.
    public func terms(cells: [YOLOv1Cell], targets: [YOLOv1Object?]) throws -> YOLOv1LossTerms {
        try LossNumerics.checkSameLength(cells.count, targets.count, "YOLOv1 targets (one per cell)")
        guard gridSize > 0 else { throw LossError.invalidParameter("YOLOv1: grid size must be positive, got \(gridSize)") }
        var t = YOLOv1LossTerms()
        for (i, (cell, target)) in zip(cells, targets).enumerated() {
            guard let object = target else {
                t.noObject += lambdaNoObject * cell.boxes.reduce(0) { $0 + $1.confidence * $1.confidence }
                continue
            }
            guard object.classIndex >= 0, object.classIndex < cell.classProbabilities.count else {
                throw LossError.classOutOfRange(index: i, classIndex: object.classIndex, classes: cell.classProbabilities.count)
            }
            let ious = cell.boxes.map { iou($0, object) }
            guard let best = ious.indices.max(by: { ious[$0] < ious[$1] || (ious[$0] == ious[$1] && $0 > $1) }) else { continue }
            for (j, b) in cell.boxes.enumerated() where j != best { t.noObject += lambdaNoObject * b.confidence * b.confidence }
            let b = cell.boxes[best]
            t.localization += lambdaCoord * (square(b.x - object.x) + square(b.y - object.y)
                + square(sqrt(max(b.w, 0)) - sqrt(max(object.w, 0))) + square(sqrt(max(b.h, 0)) - sqrt(max(object.h, 0))))
            t.objectness += square(b.confidence - (rescore ? ious[best] : 1))
            for (c, p) in cell.classProbabilities.enumerated() { t.classification += square(p - (c == object.classIndex ? 1 : 0)) }
        }
        return t
    }

    /// IoU of a predicted box and the object of the same cell (centres cell-relative, so divided by S).
    func iou(_ b: YOLOv1Box, _ o: YOLOv1Object) -> Double {
        let s = Double(gridSize)
        let a = EvalBox(x: b.x / s - b.w / 2, y: b.y / s - b.h / 2, width: b.w, height: b.h)
        let g = EvalBox(x: o.x / s - o.w / 2, y: o.y / s - o.h / 2, width: o.w, height: o.h)
        let value = a.cocoIoU(groundTruth: g, crowd: false)
        return value.isNaN ? 0 : value
    }
}

@inline(__always) func square(_ v: Double) -> Double { v * v }
