import SpyglassIR

/// Reads one node's `attributes` object for its op codec. Every failure is an `invalidAttribute`
/// error naming the node and the attribute; keys the codec did not read are reported by `finish()`.
struct AttributeReader {
    let file: String
    let node: String
    private let members: [(key: String, value: JSONValue)]
    /// "padding." while reading a nested object, so errors name `padding.top`.
    private let keyPrefix: String
    private var read: Set<String> = []

    init(file: String, node: String, members: [(key: String, value: JSONValue)], keyPrefix: String = "") {
        self.file = file; self.node = node; self.members = members; self.keyPrefix = keyPrefix
    }

    private func fail(_ attribute: String, _ message: String) -> FormatError {
        .invalidAttribute(file: file, node: node, attribute: keyPrefix + attribute, message: message)
    }

    private mutating func value(_ key: String) throws -> JSONValue {
        read.insert(key)
        guard let v = members.first(where: { $0.key == key })?.value else { throw fail(key, "missing") }
        return v
    }

    mutating func int(_ key: String) throws -> Int {
        let v = try value(key)
        guard case .int(let i) = v else { throw fail(key, "expected an integer, found \(v.typeName)") }
        return Int(i)
    }

    mutating func float(_ key: String) throws -> Float { try Self.float(value(key)) { fail(key, $0) } }

    mutating func bool(_ key: String) throws -> Bool {
        let v = try value(key)
        guard case .bool(let b) = v else { throw fail(key, "expected a boolean, found \(v.typeName)") }
        return b
    }

    mutating func string(_ key: String) throws -> String {
        let v = try value(key)
        guard case .string(let s) = v else { throw fail(key, "expected a string, found \(v.typeName)") }
        return s
    }

    mutating func ints(_ key: String) throws -> [Int] {
        let v = try value(key)
        guard case .array(let items) = v else { throw fail(key, "expected an array of integers, found \(v.typeName)") }
        return try items.enumerated().map { i, item in
            guard case .int(let n) = item else { throw fail("\(key)[\(i)]", "expected an integer, found \(item.typeName)") }
            return Int(n)
        }
    }

    mutating func floats(_ key: String) throws -> [Float] {
        let v = try value(key)
        guard case .array(let items) = v else { throw fail(key, "expected an array of numbers, found \(v.typeName)") }
        return try items.enumerated().map { i, item in try Self.float(item) { fail("\(key)[\(i)]", $0) } }
    }

    mutating func doubles(_ key: String) throws -> [Double] {
        let v = try value(key)
        guard case .array(let items) = v else { throw fail(key, "expected an array of numbers, found \(v.typeName)") }
        return try items.enumerated().map { i, item in
            switch item {
            case .int(let n): return Double(n)
            case .double(let x) where x.isFinite: return x
            case .float(let f) where f.isFinite: return Double(f)
            default: throw fail("\(key)[\(i)]", "expected a finite number, found \(item.typeName)")
            }
        }
    }

    /// A string attribute naming a case of `E`; errors list the known names.
    mutating func named<E: RawRepresentable & CaseIterable>(_ key: String, as _: E.Type) throws -> E where E.RawValue == String {
        let name = try string(key)
        guard let e = E(rawValue: name) else {
            throw fail(key, "unknown value '\(name)' (known: \(E.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        return e
    }

    mutating func activation(_ key: String = "activation") throws -> Activation {
        let name = try string(key)
        guard let a = Activation(rawValue: name) else {
            throw fail(key, "unknown activation '\(name)' (known: \(Activation.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        return a
    }

    mutating func padding(_ key: String = "padding") throws -> Padding2D {
        let v = try value(key)
        guard case .object(let sides) = v else { throw fail(key, "expected an object {top, left, bottom, right}, found \(v.typeName)") }
        var sub = AttributeReader(file: file, node: node, members: sides, keyPrefix: keyPrefix + key + ".")
        let p = Padding2D(top: try sub.int("top"), left: try sub.int("left"), bottom: try sub.int("bottom"), right: try sub.int("right"))
        try sub.finish()
        return p
    }

    /// Whether the object holds `key` (for optional attributes).
    func has(_ key: String) -> Bool { members.contains { $0.key == key } }

    /// A number kept at double precision (e.g. an int64 pad value).
    mutating func double(_ key: String) throws -> Double {
        let v = try value(key)
        switch v {
        case .int(let i): return Double(i)
        case .double(let x) where x.isFinite: return x
        case .float(let f) where f.isFinite: return Double(f)
        default: throw fail(key, "expected a finite number, found \(v.typeName)")
        }
    }

    /// Throws for any attribute the codec did not read.
    func finish() throws {
        if let extra = members.first(where: { !read.contains($0.key) }) {
            throw fail(extra.key, "not an attribute of this op (expected: \(read.sorted().joined(separator: ", ")))")
        }
    }

    private static func float(_ v: JSONValue, _ fail: (String) -> FormatError) throws -> Float {
        let d: Double
        switch v {
        case .int(let i): d = Double(i)
        case .double(let x): d = x
        case .float(let f): d = Double(f)
        default: throw fail("expected a number, found \(v.typeName)")
        }
        let f = Float(d)
        guard f.isFinite else { throw fail("\(d) is not a finite 32-bit float") }
        return f
    }
}
