/// Where a tensor lives during a run.
enum ValueLocation {
    /// An offset (in floats) into the plan's arena.
    case arena(Int)
    /// A constant's bytes, borrowed from the graph (or a plan-owned aligned copy).
    case constant(UnsafePointer<Float>)
}
