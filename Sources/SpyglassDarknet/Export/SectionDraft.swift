/// A cfg section being written, with the parameters it stores, in Darknet's save order.
struct SectionDraft {
    var name: String
    var options: [(key: String, value: String)] = []
    var parameters: [[Float]] = []

    init(_ name: String) { self.name = name }

    mutating func set(_ key: String, _ value: Int) { options.append((key, String(value))) }
    mutating func set(_ key: String, _ value: String) { options.append((key, value)) }
    mutating func set(_ key: String, _ value: Float) { options.append((key, Self.format(value))) }
    mutating func set(_ key: String, _ values: [Float]) { options.append((key, values.map(Self.format).joined(separator: ","))) }
    mutating func set(_ key: String, _ values: [Int]) { options.append((key, values.map(String.init).joined(separator: ","))) }

    /// Shortest text that reads back as the same Float ("10", "0.5", "1e-06").
    static func format(_ v: Float) -> String {
        if v == v.rounded(), abs(v) < 1e7 { return String(Int(v)) }
        return "\(v)"
    }
}

enum CfgWriter {
    static func text(net: [(key: String, value: String)], sections: [SectionDraft], header comment: String) -> String {
        var out = "# \(comment)\n[net]\n"
        for (k, v) in net { out += "\(k)=\(v)\n" }
        for (i, s) in sections.enumerated() {
            out += "\n# layer \(i)\n[\(s.name)]\n"
            for (k, v) in s.options { out += "\(k)=\(v)\n" }
        }
        return out
    }
}
