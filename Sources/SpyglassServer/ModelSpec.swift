/// One `--model NAME=PATH[,PATH…]` argument: the name clients use in URLs and the files to load
/// (a .spyglass file, or a Darknet .cfg with its .weights, optionally a .names class list).
public struct ModelSpec: Hashable, Sendable {
    public var name: String
    public var paths: [String]
    /// Class-names file (one per line), overriding the names stored in the model.
    public var namesPath: String?

    public init(name: String, paths: [String], namesPath: String? = nil) {
        self.name = name; self.paths = paths; self.namesPath = namesPath
    }

    /// Parses `NAME=a.spyglass` or `NAME=a.cfg,a.weights[,coco.names]`.
    public init(parsing text: String) throws {
        guard let eq = text.firstIndex(of: "=") else {
            throw ServerSetupError.invalidModelSpec(text, reason: "missing '='")
        }
        let name = String(text[..<eq])
        guard ModelSpec.isValidName(name) else {
            throw ServerSetupError.invalidModelSpec(text, reason: "the name must be 1–64 letters, digits, '-', '_' or '.'")
        }
        let files = text[text.index(after: eq)...].split(separator: ",").map(String.init).filter { !$0.isEmpty }
        guard !files.isEmpty else { throw ServerSetupError.invalidModelSpec(text, reason: "no model file after '='") }
        let names = files.filter { $0.lowercased().hasSuffix(".names") }
        guard names.count <= 1 else { throw ServerSetupError.invalidModelSpec(text, reason: "more than one .names file") }
        self.init(name: name, paths: files.filter { !$0.lowercased().hasSuffix(".names") }, namesPath: names.first)
    }

    /// Names appear in URL paths, so they are restricted to characters that need no escaping.
    static func isValidName(_ name: String) -> Bool {
        guard (1...64).contains(name.count), name != ".", name != ".." else { return false }
        return name.unicodeScalars.allSatisfy { c in
            ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c) || c == "-" || c == "_" || c == "."
        }
    }
}
