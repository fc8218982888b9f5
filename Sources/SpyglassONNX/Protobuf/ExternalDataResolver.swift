import Foundation

/// Loads tensor data stored outside the model file (data_location = EXTERNAL): `location` is a path
/// relative to the model's folder, `offset`/`length` select a byte range. The path must stay inside
/// the folder and the range inside the file; sizes are checked before anything is read.
struct ExternalDataResolver {
    let baseDirectory: URL?
    let maxBytes: Int

    func load(tensor: String, entries: [ONNXMetadataEntry], expectedBytes: Int) throws -> Data {
        func fail(_ m: String) -> ONNXError { .externalData(tensor: tensor, message: m) }
        var fields: [String: String] = [:]
        for e in entries { fields[e.key] = e.value }
        guard let location = fields["location"], !location.isEmpty else { throw fail("no 'location' entry") }
        guard let base = baseDirectory else { throw fail("the model was read from memory, so '\(location)' has no folder to be relative to") }
        let components = location.split(separator: "/", omittingEmptySubsequences: true)
        guard !location.hasPrefix("/"), !components.contains(".."), !location.contains("\\") else {
            throw fail("location '\(location)' must be a relative path inside the model's folder")
        }
        func number(_ key: String) throws -> Int? {
            guard let text = fields[key] else { return nil }
            guard let v = Int(text), v >= 0 else { throw fail("\(key) '\(text)' is not a non-negative integer") }
            return v
        }
        let offset = try number("offset") ?? 0
        let url = base.appendingPathComponent(location)
        let fileSize: Int
        do {
            fileSize = (try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.intValue ?? 0
        } catch { throw fail("cannot open '\(url.path)'") }
        let length = try number("length") ?? (fileSize - min(offset, fileSize))
        guard length == expectedBytes else { throw fail("length \(length) does not match the \(expectedBytes) bytes its dims need") }
        guard length <= maxBytes else { throw fail("length \(length) is over the \(maxBytes)-byte limit") }
        guard offset <= fileSize, length <= fileSize - offset else {
            throw fail("bytes \(offset)..<\(offset + length) lie outside '\(location)' (\(fileSize) bytes)")
        }
        guard let handle = FileHandle(forReadingAtPath: url.path) else { throw fail("cannot open '\(url.path)'") }
        defer { try? handle.close() }
        do {
            try handle.seek(toOffset: UInt64(offset))
            let data = try handle.read(upToCount: length) ?? Data()
            guard data.count == length else { throw fail("read \(data.count) of \(length) bytes from '\(location)'") }
            return data
        } catch let e as ONNXError { throw e } catch { throw fail("reading '\(location)': \(error.localizedDescription)") }
    }
}
