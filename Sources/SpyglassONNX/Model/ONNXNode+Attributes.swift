/// Typed attribute lookups for importers: a missing attribute gives the default, one of the wrong
/// type is an error naming the node and the attribute.
extension ONNXNode {
    public func int(_ name: String, default value: Int64? = nil) throws -> Int64 {
        try typed(name, "int", value) { $0.intValue }
    }

    public func float(_ name: String, default value: Float? = nil) throws -> Float {
        try typed(name, "float", value) { $0.floatValue }
    }

    public func string(_ name: String, default value: String? = nil) throws -> String {
        try typed(name, "string", value) { $0.stringValue }
    }

    public func ints(_ name: String, default value: [Int64]? = nil) throws -> [Int64] {
        try typed(name, "ints", value) { $0.intsValue }
    }

    public func floats(_ name: String, default value: [Float]? = nil) throws -> [Float] {
        try typed(name, "floats", value) { $0.floatsValue }
    }

    private func typed<T>(_ name: String, _ kind: String, _ fallback: T?, _ extract: (ONNXAttribute) -> T?) throws -> T {
        guard let attribute = attributes[name] else {
            if let fallback { return fallback }
            throw ONNXError.attribute(node: label, attribute: name, message: "is required")
        }
        guard let value = extract(attribute) else {
            throw ONNXError.attribute(node: label, attribute: name, message: "should be \(kind), is \(attribute.typeName)")
        }
        return value
    }
}
