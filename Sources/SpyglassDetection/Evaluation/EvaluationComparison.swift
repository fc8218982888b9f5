import Foundation

/// `--compare`: the same set evaluated with two models, per class and overall.
public enum EvaluationComparison {
    public static func table(_ base: EvaluationReport, _ other: EvaluationReport, baseName: String, otherName: String) -> String {
        // Classes with ground truth (the others have no AP in either).
        let ids = Array(Set((base.classes + other.classes).filter { $0.groundTruth > 0 }.map(\.categoryID))).sorted()
        let b = Dictionary(uniqueKeysWithValues: base.classes.map { ($0.categoryID, $0) })
        let o = Dictionary(uniqueKeysWithValues: other.classes.map { ($0.categoryID, $0) })
        let names = ids.map { b[$0]?.name ?? o[$0]?.name ?? "\($0)" }
        let nameWidth = max(14, (names.map(\.count).max() ?? 0) + 1)
        func delta(_ x: Double?, _ y: Double?) -> String {
            guard let x, let y, x >= 0, y >= 0 else { return "      -" }
            return String(format: "%+7.2f", (y - x) * 100)
        }
        var lines = ["A = \(baseName)", "B = \(otherName)",
                     "class".padding(toLength: nameWidth, withPad: " ", startingAt: 0) + "  AP50 A  AP50 B    ΔAP50   AP A   AP B      ΔAP"]
        for (id, name) in zip(ids, names) {
            let x = b[id], y = o[id]
            lines.append(name.padding(toLength: nameWidth, withPad: " ", startingAt: 0)
                + "  " + percent(x?.ap50) + "  " + percent(y?.ap50) + "  " + delta(x?.ap50, y?.ap50)
                + " " + percent(x?.ap) + " " + percent(y?.ap) + "  " + delta(x?.ap, y?.ap))
        }
        lines.append("")
        lines.append("mAP@0.5 (VOC2010+): " + percent(base.voc12) + " → " + percent(other.voc12) + "  (" + delta(base.voc12, other.voc12).trimmingCharacters(in: .whitespaces) + ")")
        lines.append("COCO AP50:          " + percent(base.coco.ap50) + " → " + percent(other.coco.ap50) + "  (" + delta(base.coco.ap50, other.coco.ap50).trimmingCharacters(in: .whitespaces) + ")")
        lines.append("COCO AP@[.5:.95]:   " + percent(base.coco.ap) + " → " + percent(other.coco.ap) + "  (" + delta(base.coco.ap, other.coco.ap).trimmingCharacters(in: .whitespaces) + ")")
        return lines.joined(separator: "\n")
    }
}
