/// An object-size bucket for COCO's AP small / medium / large (areas in pixels², bounds inclusive).
public struct COCOAreaRange: Hashable, Sendable {
    public var label: String
    public var minimum: Double
    public var maximum: Double
    public init(label: String, minimum: Double, maximum: Double) {
        self.label = label; self.minimum = minimum; self.maximum = maximum
    }

    public func contains(_ area: Double) -> Bool { !(area < minimum || area > maximum) }
}

/// pycocotools' `Params` for bounding boxes: IoU thresholds 0.50:0.05:0.95, 101 recall points,
/// the four area ranges and maxDets 1, 10, 100.
public struct COCOParameters: Sendable {
    public var iouThresholds: [Double]
    public var recallThresholds: [Double]
    public var areaRanges: [COCOAreaRange]
    /// Ascending; matching is done with the largest, as pycocotools does.
    public var maxDetections: [Int]

    public init(iouThresholds: [Double], recallThresholds: [Double], areaRanges: [COCOAreaRange], maxDetections: [Int]) {
        self.iouThresholds = iouThresholds; self.recallThresholds = recallThresholds
        self.areaRanges = areaRanges; self.maxDetections = maxDetections.sorted()
    }

    public static let standard = COCOParameters(
        iouThresholds: linspace(0.5, 0.95, count: 10),
        recallThresholds: linspace(0, 1, count: 101),
        areaRanges: [COCOAreaRange(label: "all", minimum: 0, maximum: 1e10),
                     COCOAreaRange(label: "small", minimum: 0, maximum: 32 * 32),
                     COCOAreaRange(label: "medium", minimum: 32 * 32, maximum: 96 * 96),
                     COCOAreaRange(label: "large", minimum: 96 * 96, maximum: 1e10)],
        maxDetections: [1, 10, 100])

    /// numpy's `linspace` bit for bit (i·step + start, the last point exactly `stop`), so thresholds
    /// such as 0.55 are the same doubles pycocotools compares against.
    public static func linspace(_ start: Double, _ stop: Double, count: Int) -> [Double] {
        guard count > 1 else { return count == 1 ? [start] : [] }
        let step = (stop - start) / Double(count - 1)
        var values = (0..<count).map { Double($0) * step + start }
        values[count - 1] = stop
        return values
    }
}
