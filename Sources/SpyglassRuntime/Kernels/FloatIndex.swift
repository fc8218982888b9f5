/// Coordinates computed from tensor values (roi corners, batch indices stored as floats) become
/// indices through these, so NaN or huge values give an out-of-range index, never a trap.
extension Float {
    /// Truncated toward zero, clamped to ±2³⁰; NaN → Int.min / 2 (outside every tensor).
    var clampedIndex: Int { Double(self).clampedIndex }
}

extension Double {
    var clampedIndex: Int {
        if isNaN { return Int.min / 2 }
        return Int(Swift.min(Swift.max(self, -1_073_741_824), 1_073_741_824))
    }
}
