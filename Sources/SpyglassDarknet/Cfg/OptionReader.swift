import SpyglassIR

/// Typed access to one section's options. Every read marks the key as used; bad values are reported
/// (with the line) and the default is used so that the rest of the cfg can still be checked.
/// `finish()` reports every key nobody read as unknown.
final class OptionReader {
    let section: CfgSection
    let diagnostics: Diagnostics
    private var used = Set<String>()
    private var first: [String: CfgOption] = [:]

    init(_ section: CfgSection, diagnostics: Diagnostics) {
        self.section = section
        self.diagnostics = diagnostics
        for option in section.options {
            if first[option.key] != nil {
                // Darknet's option_find takes the first occurrence; later ones have no effect.
                diagnostics.ignored.append(IgnoredOption(file: diagnostics.file, line: option.line, section: section.name,
                                                         key: option.key, value: option.value))
            } else {
                first[option.key] = option
            }
        }
    }

    var name: String { section.name }
    var line: Int { section.line }

    /// The raw value, marking the key used.
    func raw(_ key: String) -> CfgOption? {
        used.insert(key)
        return first[key]
    }

    func has(_ key: String) -> Bool { first[key] != nil }

    func bad(_ option: CfgOption, _ message: String) {
        diagnostics.report(.badValue, line: option.line, section: name, key: option.key, message)
    }

    /// Largest value accepted for an integer option: far above any real network, small enough that
    /// products of sizes cannot overflow.
    static let largestInteger = 1 << 16

    func int(_ key: String, _ fallback: Int, atLeast minimum: Int? = nil, atMost maximum: Int = OptionReader.largestInteger) -> Int {
        guard let o = raw(key) else { return fallback }
        guard let v = Int(o.value) else { bad(o, "expected an integer, got '\(o.value)'"); return fallback }
        if let minimum, v < minimum { bad(o, "must be at least \(minimum), got \(v)"); return fallback }
        if abs(v) > maximum { bad(o, "\(v) is too large (at most \(maximum))"); return fallback }
        return v
    }

    func bool(_ key: String, _ fallback: Bool = false) -> Bool {
        guard let o = raw(key) else { return fallback }
        guard let v = Int(o.value) else { bad(o, "expected 0 or 1, got '\(o.value)'"); return fallback }
        return v != 0
    }

    func float(_ key: String, _ fallback: Float) -> Float {
        guard let o = raw(key) else { return fallback }
        guard let v = Float(o.value), v.isFinite else { bad(o, "expected a number, got '\(o.value)'"); return fallback }
        return v
    }

    func string(_ key: String) -> String? { raw(key)?.value }

    func ints(_ key: String) -> [Int]? {
        guard let o = raw(key) else { return nil }
        let parts = o.value.split(separator: ",", omittingEmptySubsequences: false)
        let values = parts.compactMap { Int($0) }.filter { abs($0) <= Self.largestInteger }
        guard values.count == parts.count, !values.isEmpty else {
            bad(o, "expected comma-separated integers, got '\(o.value)'"); return nil
        }
        return values
    }

    func floats(_ key: String) -> [Float]? {
        guard let o = raw(key) else { return nil }
        let parts = o.value.split(separator: ",", omittingEmptySubsequences: false)
        let values = parts.compactMap { Float($0) }.filter(\.isFinite)
        guard values.count == parts.count, !values.isEmpty else {
            bad(o, "expected comma-separated numbers, got '\(o.value)'"); return nil
        }
        return values
    }

    func activation(default fallback: Activation, key: String = "activation") -> Activation {
        guard let o = raw(key) else { return fallback }
        guard let a = Activation(darknetName: o.value) else {
            diagnostics.report(.unknownActivation, line: o.line, section: name, key: key,
                               "unknown activation '\(o.value)' (known: \(Activation.allCases.map(\.darknetName).joined(separator: ", ")))")
            return fallback
        }
        return a
    }

    /// Options Darknet reads but that change nothing at inference: accepted and listed in the report.
    func ignore(_ keys: [String]) {
        for key in keys {
            guard let o = raw(key) else { continue }
            diagnostics.ignored.append(IgnoredOption(file: diagnostics.file, line: o.line, section: name, key: key, value: o.value))
        }
    }

    /// An option Spyglass does not implement: fine when absent or 0, a problem otherwise.
    func unsupportedIfSet(_ key: String, _ why: String) {
        guard let o = raw(key) else { return }
        if let v = Int(o.value), v == 0 {
            diagnostics.ignored.append(IgnoredOption(file: diagnostics.file, line: o.line, section: name, key: key, value: o.value))
            return
        }
        diagnostics.report(.unsupported, line: o.line, section: name, key: key, "\(key)=\(o.value): \(why)")
    }

    func unsupported(_ key: String, _ why: String) {
        guard let o = raw(key) else { return }
        diagnostics.report(.unsupported, line: o.line, section: name, key: key, "\(key)=\(o.value): \(why)")
    }

    func problem(_ kind: DarknetProblem.Kind, key: String? = nil, _ message: String) {
        let l = key.flatMap { first[$0]?.line } ?? line
        diagnostics.report(kind, line: l, section: name, key: key, message)
    }

    /// Reports every option no reader asked for.
    func finish() {
        for option in section.options where !used.contains(option.key) && first[option.key] == option {
            diagnostics.report(.unknownOption, line: option.line, section: name, key: option.key,
                               "unknown option '\(option.key)=\(option.value)' for [\(name)]")
            used.insert(option.key)
        }
    }
}
