import CJSONC

/// Thin bridge between `JSONValue` and json-c. Every `json_object` created here is released
/// before returning: builders hand children to their parent (json-c takes ownership) and the
/// root is put once serialised; parsed trees are put once converted.
enum JSONC {
    struct ParseError: Error {
        var message: String
    }

    /// Nesting allowed in a header; real headers are about 6 levels deep.
    static let maximumDepth: Int32 = 64

    /// Serialises `value` as pretty-printed JSON text.
    static func serialize(_ value: JSONValue) -> String {
        let root = makeObject(value)
        defer { json_object_put(root) }
        let flags = JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED | JSON_C_TO_STRING_NOSLASHESCAPE
        guard let text = json_object_to_json_string_ext(root, flags) else { return "null" }
        return String(cString: text)
    }

    /// Parses `bytes` strictly (RFC 8259, UTF-8 validated, depth-limited); trailing non-space is an error.
    static func parse(_ bytes: UnsafeRawBufferPointer) throws -> JSONValue {
        guard let tokener = json_tokener_new_ex(maximumDepth) else { throw ParseError(message: "json-c could not allocate a parser") }
        defer { json_tokener_free(tokener) }
        json_tokener_set_flags(tokener, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8)
        guard bytes.count < Int(Int32.max) else { throw ParseError(message: "JSON text of \(bytes.count) bytes is too large") }
        guard bytes.count > 0, let base = bytes.baseAddress?.assumingMemoryBound(to: CChar.self) else {
            throw ParseError(message: "empty JSON text")
        }
        try rejectExtensions(bytes)
        let root = json_tokener_parse_ex(tokener, base, Int32(bytes.count))
        defer { if let root { json_object_put(root) } }
        let status = json_tokener_get_error(tokener)
        let end = json_tokener_get_parse_end(tokener)
        if status == json_tokener_continue {
            throw ParseError(message: "JSON text ends early (unterminated object, array or string)")
        }
        guard status == json_tokener_success else {
            throw ParseError(message: "\(String(cString: json_tokener_error_desc(status))) at byte \(end)")
        }
        let rest = UnsafeRawBufferPointer(rebasing: bytes[end...])
        if let junk = rest.firstIndex(where: { !" \t\r\n".utf8.contains($0) }) {
            throw ParseError(message: "unexpected data after the JSON value at byte \(end + junk)")
        }
        return value(of: root)
    }

    /// json-c's strict mode still accepts single-quoted strings, `NaN`/`Infinity` and raw control
    /// characters in strings; RFC 8259 does not, so neither do we.
    private static func rejectExtensions(_ bytes: UnsafeRawBufferPointer) throws {
        let allowedOutsideStrings = Set("{}[],: \t\r\n0123456789+-.eEtruefalsn".utf8)
        var inString = false, escaped = false
        for (i, byte) in bytes.enumerated() {
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                else if byte < 0x20 { throw ParseError(message: "control character 0x\(String(byte, radix: 16)) inside a string at byte \(i)") }
            } else if byte == UInt8(ascii: "\"") {
                inString = true
            } else if !allowedOutsideStrings.contains(byte) {
                let shown = byte >= 0x20 && byte < 0x7F ? "'\(Character(UnicodeScalar(byte)))'" : "0x\(String(byte, radix: 16))"
                throw ParseError(message: "unexpected character \(shown) at byte \(i)")
            }
        }
    }

    static func parse(_ text: String) throws -> JSONValue {
        var copy = text
        return try copy.withUTF8 { try parse(UnsafeRawBufferPointer($0)) }
    }

    // MARK: JSONValue -> json_object (caller owns the result)

    private static func makeObject(_ value: JSONValue) -> OpaquePointer? {
        switch value {
        case .null:
            return nil  // json-c represents null as a NULL json_object
        case .bool(let b):
            return json_object_new_boolean(b ? 1 : 0)
        case .int(let i):
            return json_object_new_int64(i)
        case .double(let d):
            return json_object_new_double_s(d, d.description)
        case .float(let f):
            // Subnormal floats' shortest text ("1e-45") is subnormal as a double too, and json-c's
            // strtod path reads those as 0 (ERANGE); the double's own digits are a normal number.
            return json_object_new_double_s(Double(f), f.isSubnormal ? Double(f).description : f.description)
        case .string(let s):
            // Length-based so strings holding NUL survive; "" has no base address, hence the C-string path.
            var copy = s
            return copy.withUTF8 { buf in
                guard let base = buf.baseAddress, buf.count > 0 else { return json_object_new_string("") }
                return base.withMemoryRebound(to: CChar.self, capacity: buf.count) { json_object_new_string_len($0, Int32(buf.count)) }
            }
        case .array(let items):
            let array = json_object_new_array_ext(Int32(items.count))
            for item in items { json_object_array_add(array, makeObject(item)) }
            return array
        case .object(let members):
            let object = json_object_new_object()
            for member in members { json_object_object_add(object, member.key, makeObject(member.value)) }
            return object
        }
    }

    // MARK: json_object -> JSONValue (borrowed pointer)

    private static func value(of object: OpaquePointer?) -> JSONValue {
        guard let object else { return .null }
        switch json_object_get_type(object) {
        case json_type_boolean:
            return .bool(json_object_get_boolean(object) != 0)
        case json_type_int:
            return .int(json_object_get_int64(object))
        case json_type_double:
            return .double(json_object_get_double(object))
        case json_type_string:
            let count = Int(json_object_get_string_len(object))
            guard let chars = json_object_get_string(object) else { return .string("") }
            let bytes = UnsafeRawBufferPointer(start: chars, count: count)
            return .string(String(decoding: bytes, as: UTF8.self))
        case json_type_array:
            let count = json_object_array_length(object)
            return .array((0..<count).map { value(of: json_object_array_get_idx(object, $0)) })
        case json_type_object:
            var members: [(key: String, value: JSONValue)] = []
            var it = json_object_iter_begin(object)
            var end = json_object_iter_end(object)
            while json_object_iter_equal(&it, &end) == 0 {
                let key = String(cString: json_object_iter_peek_name(&it))
                members.append((key, value(of: json_object_iter_peek_value(&it))))
                json_object_iter_next(&it)
            }
            return .object(members)
        default:
            return .null
        }
    }
}
