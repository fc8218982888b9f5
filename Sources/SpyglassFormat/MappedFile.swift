import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A whole file mapped read-only (PROT_READ, MAP_PRIVATE). Constant tensors read from a
/// `.spyglass` file point into this mapping and keep it alive as their storage owner;
/// the mapping goes away with the last of them.
final class MappedFile {
    let bytes: UnsafeRawBufferPointer
    let path: String

    init(path: String) throws {
        self.path = path
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw FormatError.io(file: path, message: "cannot open: \(MappedFile.errnoText())") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw FormatError.io(file: path, message: "cannot stat: \(MappedFile.errnoText())") }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw FormatError.io(file: path, message: "not a regular file") }
        let size = Int(info.st_size)
        // An empty file cannot be mapped; report it as truncated right away.
        guard size >= ContainerLayout.headerOffset else {
            var prefix = [UInt8](repeating: 0, count: size)
            let got = size > 0 ? read(fd, &prefix, size) : 0
            _ = try prefix.prefix(max(got, 0)).withUnsafeBytes { try Preamble.parse($0, fileSize: UInt64(size), file: path) }
            throw FormatError.truncated(file: path, section: "preamble", neededBytes: UInt64(ContainerLayout.headerOffset), fileSize: UInt64(size))
        }
        guard let base = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), base != MAP_FAILED else {
            throw FormatError.io(file: path, message: "cannot mmap \(size) bytes: \(MappedFile.errnoText())")
        }
        bytes = UnsafeRawBufferPointer(start: base, count: size)
    }

    deinit {
        if let base = bytes.baseAddress { munmap(UnsafeMutableRawPointer(mutating: base), bytes.count) }
    }

    private static func errnoText() -> String { String(cString: strerror(errno)) }
}
