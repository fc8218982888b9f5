import Foundation
import SpyglassIR
import XCTest

/// Asserts two graphs are the same model: structure, metadata, and every constant's type and bytes.
func assertSameGraph(_ a: Graph, _ b: Graph, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(a.name, b.name, file: file, line: line)
    XCTAssertEqual(a.inputs, b.inputs, file: file, line: line)
    XCTAssertEqual(a.outputs, b.outputs, file: file, line: line)
    XCTAssertEqual(a.nodes.count, b.nodes.count, file: file, line: line)
    for (x, y) in zip(a.nodes, b.nodes) { XCTAssertEqual(x, y, file: file, line: line) }
    XCTAssertEqual(a.metadata, b.metadata, file: file, line: line)
    XCTAssertEqual(Set(a.constants.keys), Set(b.constants.keys), file: file, line: line)
    for (name, x) in a.constants {
        guard let y = b.constants[name] else { continue }
        XCTAssertEqual(x.type, y.type, "constant \(name)", file: file, line: line)
        XCTAssertTrue(sameBytes(x.storage.bytes, y.storage.bytes), "bytes of constant \(name) differ", file: file, line: line)
    }
}

/// memcmp: element-wise Array comparison is far too slow in debug builds for real models' weights.
func sameBytes(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
    guard a.count == b.count else { return false }
    guard a.count > 0, let pa = a.baseAddress, let pb = b.baseAddress else { return true }
    return memcmp(pa, pb, a.count) == 0
}
