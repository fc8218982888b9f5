import Foundation

/// Builds `.spyglass` bytes by hand (independently of `SpyglassFile.encode`) so tests can write
/// exactly the corruption they want.
struct ContainerBytes {
    var magic: [UInt8] = Array("SPYGLASS".utf8)
    var version: UInt32 = 1
    var header: String
    /// Overrides the header length field when set.
    var headerLengthField: UInt64?
    var blob: [UInt8] = []

    var data: Data {
        var d = Data(magic)
        withUnsafeBytes(of: version.littleEndian) { d.append(contentsOf: $0) }
        let headerBytes = Array(header.utf8)
        withUnsafeBytes(of: (headerLengthField ?? UInt64(headerBytes.count)).littleEndian) { d.append(contentsOf: $0) }
        d.append(contentsOf: headerBytes)
        while d.count % 64 != 0 { d.append(0) }
        d.append(contentsOf: blob)
        return d
    }

    /// A minimal valid header: one identity node and one float32 tensor `w` of `shape` at `offset`.
    static func header(offset: Int = 0, length: Int = 16, shape: String = "[4]", dtype: String = "float32",
                       attributes: String = "{}", op: String = "identity") -> String {
        """
        {"format_version": 1, "producer": "test",
         "graph": {"name": "g", "inputs": [{"name": "x", "dtype": "float32", "shape": [1, 4]}], "outputs": ["y"],
                   "nodes": [{"name": "n0", "op": "\(op)", "attributes": \(attributes), "inputs": ["x"], "outputs": ["y"], "origin": null}]},
         "tensors": [{"name": "w", "dtype": "\(dtype)", "shape": \(shape), "offset": \(offset), "length": \(length)}],
         "metadata": {"source": "", "class_names": [], "preprocessing": null, "plugin": null, "ignored_options": [], "properties": {}}}
        """
    }
}
