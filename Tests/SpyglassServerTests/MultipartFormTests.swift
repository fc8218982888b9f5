@testable import SpyglassServer
import XCTest

/// The multipart/form-data reader behind browser and `curl -F` uploads.
final class MultipartFormTests: XCTestCase {
    func testFileContentContainingTheBoundaryTextIsNotCut() throws {
        let body = Array("preamble\r\n--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.bin\"\r\n\r\nAB--xyzCD\r\n--xyz--\r\n".utf8)
        let form = try MultipartForm(body: body, boundary: "xyz")
        XCTAssertEqual(form.parts.count, 1)
        XCTAssertEqual(form.file?.filename, "a.bin")
        XCTAssertEqual(form.file.map { Array($0.body) }, Array("AB--xyzCD".utf8))
    }

    func testPicksTheFilePartAmongFields() throws {
        let body = Array(("--b\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nyolo\r\n"
            + "--b\r\nContent-Disposition: form-data; name=\"image\"; filename=\"x.png\"\r\nContent-Type: image/png\r\n\r\nPNGDATA\r\n--b--").utf8)
        let form = try MultipartForm(body: body, boundary: "b")
        XCTAssertEqual(form.parts.map(\.name), ["model", "image"])
        XCTAssertEqual(form.file?.contentType, "image/png")
        XCTAssertEqual(form.file.map { String(decoding: $0.body, as: UTF8.self) }, "PNGDATA")
    }

    func testBoundaryParameterIsReadFromTheContentType() {
        XCTAssertEqual(MultipartForm.boundary(fromContentType: "multipart/form-data; boundary=\"a b\""), "a b")
        XCTAssertEqual(MultipartForm.boundary(fromContentType: "Multipart/Form-Data;charset=utf-8; Boundary=zz"), "zz")
        XCTAssertEqual(MultipartForm.boundary(fromContentType: "multipart/form-data"), "")
        XCTAssertNil(MultipartForm.boundary(fromContentType: "image/jpeg"))
    }

    func testTruncatedBodiesAreRefused() {
        XCTAssertThrowsError(try MultipartForm(body: Array("--b\r\nContent-Disposition: form-data; name=\"f\"".utf8), boundary: "b"))
        XCTAssertThrowsError(try MultipartForm(body: Array("--b\r\nno blank line\r\n--b--".utf8), boundary: "b"))
        XCTAssertThrowsError(try MultipartForm(body: [], boundary: "b"))
        XCTAssertThrowsError(try MultipartForm(body: Array("--b--".utf8), boundary: ""))
    }
}
