import Foundation
import SpyglassIR

/// The `.spyglass` container: a JSON header (graph, tensor table, metadata) followed by a
/// 64-byte-aligned weight blob that is memory-mapped on load. See `ContainerLayout` for the bytes.
public enum SpyglassFile {
    /// Written into every header's `producer` field.
    public static let producer = "spyglass"
    /// File extension, without the dot.
    public static let fileExtension = "spyglass"

    /// Writes `graph` to `url`, replacing any file there atomically (a graph mapped from that
    /// same file stays valid).
    public static func write(_ graph: Graph, to url: URL) throws {
        let data = try encode(graph)
        do {
            try data.write(to: url, options: .atomic)
        } catch {
            throw FormatError.io(file: url.path, message: "cannot write: \(error.localizedDescription)")
        }
    }

    /// The file's bytes for `graph`.
    public static func encode(_ graph: Graph) throws -> Data {
        try ContainerWriter.encode(graph)
    }

    /// Loads a graph; its constants point into the memory-mapped file, which stays mapped as long
    /// as any of them is alive.
    public static func read(_ url: URL) throws -> Graph {
        try ContainerReader.read(path: url.path)
    }

    /// The header JSON as stored in the file (checked to be valid JSON, not decoded).
    public static func readHeaderJSON(_ url: URL) throws -> String {
        try ContainerReader.headerText(path: url.path)
    }
}
