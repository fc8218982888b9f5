import SpyglassIR

/// Runs passes in order, by default repeating the sequence until none changes the graph.
public struct PassManager {
    public var passes: [GraphPass]
    /// A safety net: rounds after which `run(on:toFixpoint:)` stops even if passes still report changes.
    public var maximumRounds = 16

    public init(passes: [GraphPass]) { self.passes = passes }

    /// Reports of every pass run, in order (one per pass per round). Records in `graph.appliedPasses`
    /// which passes the graph is now a fixpoint of (see `recordApplied`).
    public func run(on graph: inout Graph, toFixpoint: Bool = true) throws -> [PassReport] {
        var reports: [PassReport] = []
        var changedAny = false
        for round in 1...max(1, maximumRounds) {
            var changed = false
            for pass in passes {
                let report = try pass.run(on: &graph)
                changed = changed || report.changed
                reports.append(report)
            }
            changedAny = changedAny || changed
            if !toFixpoint || !changed {
                recordApplied(on: &graph, changed: changedAny, fixpoint: !changed)
                return reports
            }
            if round == maximumRounds {
                reports.append(PassReport(pass: "pass-manager", changed: false,
                                          details: ["stopped after \(round) rounds: passes kept changing the graph"]))
            }
        }
        recordApplied(on: &graph, changed: true, fixpoint: false)
        return reports
    }

    /// Runs the passes unless the graph records all of them as applied (a `.spyglass` written after
    /// optimising): then it returns no reports and touches nothing — not even the weights.
    public func runUnlessApplied(on graph: inout Graph) throws -> [PassReport] {
        if isApplied(to: graph) { return [] }
        return try run(on: &graph)
    }

    /// Whether `graph` records every one of these passes as applied.
    public func isApplied(to graph: Graph) -> Bool {
        Set(passes.map(\.name)).isSubset(of: Set(graph.appliedPasses))
    }

    /// A graph that ended a run unchanged is still a fixpoint of what it was before, and now of these
    /// passes too; a graph these passes changed is a fixpoint of these passes only if the last round
    /// changed nothing, and of no others for sure.
    private func recordApplied(on graph: inout Graph, changed: Bool, fixpoint: Bool) {
        let names = passes.map(\.name)
        let before = changed ? [] : graph.appliedPasses
        let now = fixpoint ? before + names.filter { !before.contains($0) } : before
        graph.appliedPasses = now
    }

    /// Identity removal, constant folding, batch-norm folding, activation fusion, dead-node removal.
    public static var defaultPasses: [GraphPass] {
        [EliminateIdentity(), ConstantFolding(), FoldBatchNorm(), FuseActivation(), DeadNodeElimination()]
    }

    /// The passes the CLI can name (`keep-outputs` takes arguments, so it is built directly).
    public static let passNames = ["eliminate-identity", "constant-folding", "fold-batchnorm", "fuse-activation", "dead-nodes"]

    public static func pass(named name: String) -> GraphPass? {
        switch name {
        case "fold-batchnorm": return FoldBatchNorm()
        case "fuse-activation": return FuseActivation()
        case "eliminate-identity": return EliminateIdentity()
        case "dead-nodes": return DeadNodeElimination()
        case "constant-folding": return ConstantFolding()
        default: return nil
        }
    }
}
