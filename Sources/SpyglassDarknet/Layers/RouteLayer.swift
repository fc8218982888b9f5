import SpyglassIR

/// `[route]` (parse_route): concatenates earlier layers' outputs along channels. With the fork's
/// groups/group_id, each input contributes only its group_id-th channel group.
enum RouteLayer {
    static func build(_ o: OptionReader, _ b: GraphBuilder) throws -> LayerOutput {
        let references = o.ints("layers")
        let groups = o.int("groups", 1, atLeast: 1)
        let groupID = o.int("group_id", 0, atLeast: 0)
        guard let references else {
            if !o.has("layers") { o.problem(.missingOption, key: "layers", "[route] needs layers=") }
            throw LayerBuildFailure()
        }
        guard groupID < groups else {
            throw b.fail("group_id=\(groupID) must be less than groups=\(groups)", key: "group_id")
        }
        var resolved: [Int] = []
        var firstFailure: Error?
        for r in references {
            do { resolved.append(try b.resolve(r, key: "layers")) } catch { firstFailure = firstFailure ?? error }
        }
        if let firstFailure { throw firstFailure }

        var parts: [String] = []
        for (n, layer) in resolved.enumerated() {
            guard let plan = b.plan(ofLayer: layer) else { throw LayerBuildFailure() }
            var tensor = plan.output
            if groups > 1 {
                let c = try b.chw(tensor).c
                guard c % groups == 0 else {
                    throw b.fail("layer \(layer) has \(c) channels, not divisible by groups=\(groups)", key: "groups")
                }
                let width = c / groups
                let slice = SliceAttributes(axis: 1, start: width * groupID, end: width * (groupID + 1))
                tensor = try b.add("slice\(n)", .slice(slice), [tensor])
            }
            parts.append(tensor)
        }
        let isImage = resolved.allSatisfy { b.plan(ofLayer: $0)?.isImage ?? false }
        if parts.count == 1 && groups == 1 {
            return LayerOutput(tensor: try b.add("route", .identity, parts), isImage: isImage)
        }
        if parts.count == 1 { return LayerOutput(tensor: parts[0], isImage: isImage) }
        let first = b.shape(parts[0])
        for (n, p) in parts.enumerated().dropFirst() {
            let s = b.shape(p)
            guard s.count == 4, first.count == 4, s[2] == first[2], s[3] == first[3] else {
                throw b.fail("layer \(resolved[n]) output \(s) does not match layer \(resolved[0]) output \(first) in height and width", key: "layers")
            }
        }
        return LayerOutput(tensor: try b.add("route", .concat(ConcatAttributes(axis: 1)), parts), isImage: isImage)
    }
}
