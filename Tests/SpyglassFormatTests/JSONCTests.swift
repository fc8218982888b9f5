@testable import SpyglassFormat
import XCTest

/// The json-c bridge: values survive serialise → parse, and non-RFC input is refused.
final class JSONCTests: XCTestCase {
    func testValuesSurviveSerialiseAndParse() throws {
        let value = JSONValue.object([
            ("text", .string("tab\t, quote \", backslash \\, slash /, NUL \u{0}, é, 🦉")),
            ("empty", .string("")),
            ("numbers", .array([.int(0), .int(Int64.min), .int(Int64.max), .double(-2.5)])),
            ("flags", .array([.bool(true), .bool(false), .null])),
            ("nested", .object([("a", .array([])), ("b", .object([]))])),
        ])
        let parsed = try JSONC.parse(JSONC.serialize(value))
        XCTAssertEqual(parsed, value)
    }

    func testFloatsAreWrittenShortestAndReadBackBitExact() throws {
        let floats: [Float] = [0.1, 1e-6, 0.57273, -0.0, 3.4028235e38, 1.1754944e-38, 16777216, .leastNonzeroMagnitude, .ulpOfOne + 1]
        let text = JSONC.serialize(.array(floats.map(JSONValue.float)))
        XCTAssertTrue(text.contains("0.1,") && text.contains("1e-06"), text)
        guard case .array(let items) = try JSONC.parse(text) else { return XCTFail() }
        for (f, item) in zip(floats, items) {
            guard case .double(let d) = item else { return XCTFail("\(item)") }
            XCTAssertEqual(Float(d).bitPattern, f.bitPattern, "\(f)")
        }
    }

    func testMembersKeepTheirOrder() throws {
        let text = JSONC.serialize(.object([("z", .int(1)), ("a", .int(2)), ("m", .int(3))]))
        guard case .object(let members) = try JSONC.parse(text) else { return XCTFail() }
        XCTAssertEqual(members.map(\.key), ["z", "a", "m"])
    }

    func testDepthIsLimited() {
        XCTAssertNoThrow(try JSONC.parse(String(repeating: "[", count: 60) + String(repeating: "]", count: 60)))
        XCTAssertThrowsError(try JSONC.parse(String(repeating: "[", count: 100_000)))
    }

    func testNonStandardJSONThatJsonCWouldAcceptIsRefused() {
        for text in ["{'a': 1}", "[NaN]", "[Infinity]", "[-Infinity]", "[\"raw\nnewline\"]", "// comment\n{}"] {
            XCTAssertThrowsError(try JSONC.parse(text), text)
        }
        XCTAssertNoThrow(try JSONC.parse("{\"it's\": \"fine \\\\ ' inside strings\"}"))
    }
}
