import Foundation

/// The parts of a `multipart/form-data` body (RFC 7578), enough to pull an uploaded file out of a
/// browser form or `curl -F`. Bodies are already size-limited, so parsing works on the whole buffer.
struct MultipartForm {
    struct Part {
        var name: String?
        var filename: String?
        var contentType: String?
        var body: ArraySlice<UInt8>
    }

    var parts: [Part]

    /// The boundary parameter of a `multipart/form-data` Content-Type, or nil if it is another type.
    static func boundary(fromContentType contentType: String) -> String? {
        let pieces = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard let kind = pieces.first, kind.lowercased() == "multipart/form-data" else { return nil }
        for p in pieces.dropFirst() {
            let kv = p.split(separator: "=", maxSplits: 1).map(String.init)
            if kv.count == 2, kv[0].lowercased() == "boundary" {
                return kv[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
        }
        return ""
    }

    init(body: [UInt8], boundary: String) throws {
        guard !boundary.isEmpty, boundary.utf8.count <= 200 else {
            throw ServerError.badRequest("multipart/form-data without a valid boundary parameter")
        }
        // A delimiter is "--boundary" at the very start or right after CRLF (RFC 2046 §5.1.1), so a
        // file that happens to contain "--boundary" elsewhere is not cut.
        let delimiter = Array("--\(boundary)".utf8)
        let delimiterAfterCRLF = [13, 10] + delimiter
        var positions: [Int] = []
        if body.starts(with: delimiter) { positions.append(0) }
        var from = 0
        while let at = MultipartForm.find(delimiterAfterCRLF, in: body, from: from) {
            positions.append(at + 2)
            from = at + delimiterAfterCRLF.count
        }
        guard positions.count >= 2 else {
            throw ServerError.badRequest("malformed multipart body: boundary '\(boundary)' not found twice")
        }
        var parts: [Part] = []
        for (start, end) in zip(positions, positions.dropFirst()) {
            var cursor = start + delimiter.count
            // after the delimiter: CRLF, then headers, blank line, content, CRLF before the next delimiter
            guard cursor + 2 <= end, body[cursor] == 13, body[cursor + 1] == 10 else {
                throw ServerError.badRequest("malformed multipart body: expected CRLF after a boundary")
            }
            cursor += 2
            guard let headerEnd = MultipartForm.find([13, 10, 13, 10], in: body, from: cursor), headerEnd <= end else {
                throw ServerError.badRequest("malformed multipart body: part headers not terminated")
            }
            let headerText = String(decoding: body[cursor..<headerEnd], as: UTF8.self)
            var contentEnd = end
            if contentEnd >= 2, body[contentEnd - 2] == 13, body[contentEnd - 1] == 10 { contentEnd -= 2 }
            let contentStart = headerEnd + 4
            guard contentStart <= contentEnd else {
                throw ServerError.badRequest("malformed multipart body: part content overlaps the next boundary")
            }
            var part = Part(body: body[contentStart..<contentEnd])
            for line in headerText.components(separatedBy: "\r\n") {
                let kv = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard kv.count == 2 else { continue }
                switch kv[0].lowercased() {
                case "content-disposition":
                    part.name = MultipartForm.parameter("name", in: kv[1])
                    part.filename = MultipartForm.parameter("filename", in: kv[1])
                case "content-type": part.contentType = kv[1]
                default: break
                }
            }
            parts.append(part)
        }
        self.parts = parts
    }

    /// The uploaded file: the first part with a filename, else a part named "file" or "image".
    var file: Part? {
        parts.first { $0.filename != nil } ?? parts.first { $0.name == "file" || $0.name == "image" }
    }

    static func parameter(_ key: String, in header: String) -> String? {
        for piece in header.split(separator: ";").dropFirst() {
            let kv = piece.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if kv.count == 2, kv[0].lowercased() == key {
                return kv[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
        }
        return nil
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8], from: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count, from <= haystack.count - needle.count else { return nil }
        let first = needle[0]
        var i = from
        let last = haystack.count - needle.count
        while i <= last {
            if haystack[i] == first {
                var j = 1
                while j < needle.count && haystack[i + j] == needle[j] { j += 1 }
                if j == needle.count { return i }
            }
            i += 1
        }
        return nil
    }
}
