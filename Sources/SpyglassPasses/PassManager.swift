import SpyglassIR

/// Runs passes in order, by default repeating the sequence until none changes the graph.
public struct PassManager {
    public var passes: [GraphPass]
    /// A safety net: rounds after which `run(on:toFixpoint:)` stops even if passes still report changes.
    public var maximumRounds = 16

    public init(passes: [GraphPass]) { self.passes = passes }

    /// Reports of every pass run, in order (one per pass per round).
    public func run(on graph: inout Graph, toFixpoint: Bool = true) throws -> [PassReport] {
        var reports: [PassReport] = []
        for round in 1...max(1, maximumRounds) {
            var changed = false
            for pass in passes {
                let report = try pass.run(on: &graph)
                changed = changed || report.changed
                reports.append(report)
            }
            if !toFixpoint || !changed { return reports }
            if round == maximumRounds {
                reports.append(PassReport(pass: "pass-manager", changed: false,
                                          details: ["stopped after \(round) rounds: passes kept changing the graph"]))
            }
        }
        return reports
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
