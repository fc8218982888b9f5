/// Something wrong with a dataset that evaluation can work around (the object or file is skipped),
/// named by file and, where it applies, line.
public struct DatasetWarning: Equatable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var message: String
    public init(file: String, line: Int? = nil, message: String) { self.file = file; self.line = line; self.message = message }
    public var description: String { line.map { "\(file):\($0): \(message)" } ?? "\(file): \(message)" }
}
