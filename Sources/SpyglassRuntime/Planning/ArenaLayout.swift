/// Offsets (in floats) of tensors in one arena, reusing memory between tensors whose lifetimes
/// do not overlap. Greedy: largest tensors first, each at the lowest offset that fits.
struct ArenaLayout {
    /// Each buffer starts on a 64-byte boundary.
    static let alignment = 16

    private(set) var offsets: [String: Int] = [:]
    private(set) var totalCount = 0

    init(_ lifetimes: [BufferLifetime]) {
        let order = lifetimes.indices.sorted {
            (lifetimes[$0].count, lifetimes[$1].firstDef) > (lifetimes[$1].count, lifetimes[$0].firstDef)
        }
        var placed: [(lifetime: BufferLifetime, offset: Int, end: Int)] = []
        for index in order {
            let item = lifetimes[index]
            let size = ArenaLayout.rounded(item.count)
            let conflicts = placed.filter { $0.lifetime.overlaps(item) }.sorted { $0.offset < $1.offset }
            var offset = 0
            for c in conflicts {
                if offset + size <= c.offset { break }
                offset = max(offset, c.end)
            }
            placed.append((item, offset, offset + size))
            offsets[item.name] = offset
            totalCount = max(totalCount, offset + size)
        }
    }

    static func rounded(_ count: Int) -> Int { (max(count, 1) + alignment - 1) / alignment * alignment }
}
