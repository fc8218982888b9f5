/// Typed, path-tracking access to the header JSON: every failure is an `invalidHeader` error
/// naming the JSON path (`graph.nodes[3].inputs[0]`) and what was expected.
struct HeaderReader {
    let value: JSONValue
    let path: String
    let file: String

    init(_ value: JSONValue, path: String, file: String) {
        self.value = value; self.path = path; self.file = file
    }

    func fail(_ message: String) -> FormatError { .invalidHeader(file: file, path: path, message: message) }

    func field(_ key: String) throws -> HeaderReader {
        guard case .object = value else { throw fail("expected an object, found \(value.typeName)") }
        guard let child = value[key] else {
            throw FormatError.invalidHeader(file: file, path: childPath(key), message: "missing")
        }
        return HeaderReader(child, path: childPath(key), file: file)
    }

    /// The member `key`, or nil when it is absent or null.
    func optionalField(_ key: String) throws -> HeaderReader? {
        guard case .object = value else { throw fail("expected an object, found \(value.typeName)") }
        guard let child = value[key], child != .null else { return nil }
        return HeaderReader(child, path: childPath(key), file: file)
    }

    func string() throws -> String {
        guard case .string(let s) = value else { throw fail("expected a string, found \(value.typeName)") }
        return s
    }

    func int() throws -> Int {
        guard case .int(let i) = value else { throw fail("expected an integer, found \(value.typeName)") }
        return Int(i)
    }

    /// A non-negative integer as a byte count or offset.
    func uint64() throws -> UInt64 {
        guard case .int(let i) = value else { throw fail("expected an integer, found \(value.typeName)") }
        guard i >= 0 else { throw fail("must not be negative, got \(i)") }
        return UInt64(i)
    }

    func array() throws -> [HeaderReader] {
        guard case .array(let items) = value else { throw fail("expected an array, found \(value.typeName)") }
        return items.enumerated().map { HeaderReader($1, path: "\(path)[\($0)]", file: file) }
    }

    func members() throws -> [(key: String, reader: HeaderReader)] {
        guard case .object(let members) = value else { throw fail("expected an object, found \(value.typeName)") }
        return members.map { ($0.key, HeaderReader($0.value, path: childPath($0.key), file: file)) }
    }

    func strings() throws -> [String] { try array().map { try $0.string() } }

    /// The object must have no members other than `keys`.
    func rejectUnknownKeys(_ keys: Set<String>) throws {
        for (key, _) in try members() where !keys.contains(key) {
            throw FormatError.invalidHeader(file: file, path: childPath(key), message: "unknown key (expected one of \(keys.sorted().joined(separator: ", ")))")
        }
    }

    private func childPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }
}
