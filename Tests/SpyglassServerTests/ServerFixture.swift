import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import SpyglassDarknet
import SpyglassFormat
import SpyglassKit
@testable import SpyglassServer
import TestSupport
import XCTest

/// The real yolov3-tiny (pretrained weights from `make fetch`), converted once to a .spyglass file so
/// every server in the suite loads it the way `spyglass serve` does (memory-mapped).
enum ServerFixture {
    static let modelName = "yolo"
    static var cfg: URL { Fixtures.cfg("yolov3-tiny") }
    static var weights: URL { Fixtures.pretrainedYoloV3TinyWeights }
    static var dogJPEG: URL { Fixtures.image("dog.jpg") }

    static func requireModel() throws {
        guard Fixtures.exists(weights), Fixtures.exists(cfg), Fixtures.exists(dogJPEG) else {
            throw XCTSkip("yolov3-tiny weights or darknet samples missing: run `make fetch`")
        }
    }

    /// yolov3-tiny.spyglass with COCO names, written once per test run.
    static let spyglassFile: Result<URL, any Error> = Result {
        try requireModel()
        var model = try DarknetImporter.load(cfg: cfg, weights: weights).graph
        model.metadata.classNames = try readClassNames(Fixtures.cocoNames.path)
        let url = try Fixtures.temporaryDirectory("server-model").appendingPathComponent("yolov3-tiny.spyglass")
        try SpyglassFile.write(model, to: url)
        return url
    }

    static func configuration(workers: Int = 2, queue: Int = 8, maxBody: Int = ServerConfiguration.defaultMaxBodyBytes,
                              maxPixels: Int = 1_000_000, token: String? = nil, samples: String? = nil,
                              logger: Logger? = nil) throws -> ServerConfiguration {
        let url = try spyglassFile.get()
        var quiet = Logger(label: "spyglass.serve.test")
        quiet.logLevel = .warning
        return ServerConfiguration(host: "127.0.0.1", port: 0, models: [ModelSpec(name: modelName, paths: [url.path])],
                                   workers: workers, queueLimit: queue, maxBodyBytes: maxBody, maxPixels: maxPixels,
                                   token: token, samplesDirectory: samples, logger: logger ?? quiet)
    }

    /// One server shared by the tests that need the default settings (2 workers, queue 8,
    /// 8 MiB bodies, 1 Mpixel images); servers with other settings are built per test.
    static let shared: Result<SpyglassServer, any Error> = Result {
        try SpyglassServer(configuration: configuration(samples: Fixtures.darknetDataDir.path))
    }

    static func dogBytes() throws -> [UInt8] { [UInt8](try Data(contentsOf: dogJPEG)) }

    /// A worker answers its job before it counts itself free; give it a moment, but not forever.
    static func waitUntilIdle(_ queue: InferenceQueue, file: StaticString = #filePath, line: UInt = #line) async throws {
        let deadline = Date().addingTimeInterval(5)
        while queue.admitted > 0 && Date() < deadline { try await Task.sleep(nanoseconds: 1_000_000) }
        XCTAssertEqual(queue.admitted, 0, "jobs still admitted after every answer arrived", file: file, line: line)
    }
}

extension SpyglassServer {
    /// Starts this server on an ephemeral loopback port and runs `test` against it with a real HTTP client.
    func withLiveClient<T>(_ test: @Sendable (any TestClientProtocol) async throws -> T) async throws -> T {
        try await makeApplication().test(.live, test)
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }

    /// The body as a JSON object (fails the test if it is not one).
    func json(file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
        let value = try JSONSerialization.jsonObject(with: Data(body.readableBytesView))
        guard let object = value as? [String: Any] else {
            XCTFail("body is not a JSON object: \(text.prefix(200))", file: file, line: line)
            return [:]
        }
        return object
    }

    /// Asserts `status` and a JSON `{"error": "<non-empty string>"}` body; returns the message.
    @discardableResult
    func assertError(_ status: HTTPResponse.Status, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        XCTAssertEqual(self.status, status, "body: \(text.prefix(300))", file: file, line: line)
        XCTAssertEqual(headers[.contentType], "application/json", file: file, line: line)
        let object = try json(file: file, line: line)
        XCTAssertEqual(Array(object.keys), ["error"], file: file, line: line)
        let message = object["error"] as? String ?? ""
        XCTAssertFalse(message.isEmpty, "error message", file: file, line: line)
        return message
    }
}
