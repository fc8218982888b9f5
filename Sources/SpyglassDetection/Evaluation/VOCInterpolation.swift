/// How a VOC precision/recall curve becomes one number.
public enum VOCInterpolation: String, Sendable, CaseIterable {
    /// VOC2007: mean of the maximum precision at recall ≥ 0, 0.1, …, 1 (11 points; 0 where no
    /// recall reaches the level). Levels are i/10 exactly (not accumulated 0.1 steps), so a recall
    /// of 3/10 does reach 0.3.
    case elevenPoint = "voc07"
    /// VOC2010 and later: area under the monotone precision envelope, summed over the recall steps.
    case allPoint = "voc12"

    public func averagePrecision(recall: [Double], precision: [Double]) -> Double {
        switch self {
        case .elevenPoint:
            var sum = 0.0
            for level in 0...10 {
                let r = Double(level) / 10
                var best = 0.0
                for (rc, pr) in zip(recall, precision) where rc >= r { best = max(best, pr) }
                sum += best
            }
            return sum / 11
        case .allPoint:
            let mrec = [0] + recall + [1]
            var mpre = [0] + precision + [0]
            for i in stride(from: mpre.count - 1, to: 0, by: -1) { mpre[i - 1] = max(mpre[i - 1], mpre[i]) }
            var ap = 0.0
            for i in 1..<mrec.count where mrec[i] != mrec[i - 1] { ap += (mrec[i] - mrec[i - 1]) * mpre[i] }
            return ap
        }
    }
}
