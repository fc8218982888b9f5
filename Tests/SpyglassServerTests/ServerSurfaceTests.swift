import Foundation
import Hummingbird
import HummingbirdTesting
import InMemoryLogging
import Logging
@testable import SpyglassServer
import TestSupport
import XCTest

/// The rest of the HTTP surface: web page, model list, samples, unknown routes, metrics, logs.
final class ServerSurfaceTests: XCTestCase {
    func testWebPageIsSelfContainedHTMLWithCanvasAndUpload() async throws {
        let server = try ServerFixture.shared.get()
        let page = try await server.withLiveClient { client in try await client.execute(uri: "/", method: .get) }
        XCTAssertEqual(page.status, .ok)
        XCTAssertEqual(page.headers[.contentType], "text/html; charset=utf-8")
        let html = page.text
        for needed in ["<canvas", "type=\"file\"", "dragover", "/v1/models", "/detect", "<select id=\"model\""] {
            XCTAssertTrue(html.contains(needed), "page lacks \(needed)")
        }
        // No external resources: no src/href pointing anywhere, no absolute URLs at all.
        XCTAssertFalse(html.contains("http://") || html.contains("https://"), "page references an external URL")
        XCTAssertFalse(html.contains("src=") || html.contains("<link"), "page loads a resource")
    }

    func testModelListAndSamplesServeThePage() async throws {
        let server = try ServerFixture.shared.get()
        try await server.withLiveClient { client in
            let list = try await client.execute(uri: "/v1/models", method: .get).json()
            let models = try XCTUnwrap(list["models"] as? [[String: Any]])
            XCTAssertEqual(models.count, 1)
            XCTAssertEqual(models[0]["name"] as? String, "yolo")
            XCTAssertEqual(models[0]["plugin"] as? String, "yolov3")
            XCTAssertEqual(models[0]["classes"] as? Int, 80)
            XCTAssertEqual(models[0]["input_width"] as? Int, 416)
            let samples = try await client.execute(uri: "/samples", method: .get).json()
            XCTAssertTrue((samples["samples"] as? [String])?.contains("dog.jpg") == true)
            let dog = try await client.execute(uri: "/samples/dog.jpg", method: .get)
            XCTAssertEqual(dog.status, .ok)
            XCTAssertEqual(Array(dog.body.readableBytesView), try ServerFixture.dogBytes())
            // Only listed names: no path is built from request input.
            try await client.execute(uri: "/samples/..%2Fcfg%2Fyolov3.cfg", method: .get).assertError(.notFound)
            try await client.execute(uri: "/samples/coco.names", method: .get).assertError(.notFound)
        }
    }

    func testUnknownRoutesAndMethodsAre404JSON() async throws {
        let server = try ServerFixture.shared.get()
        try await server.withLiveClient { client in
            let nope = try await client.execute(uri: "/nope", method: .get)
            XCTAssertEqual(try nope.assertError(.notFound), "no route for GET /nope")
            try await client.execute(uri: "/v1/models/yolo/detect", method: .get).assertError(.notFound)
            try await client.execute(uri: "/v2/health/live", method: .delete).assertError(.notFound)
        }
    }

    func testMetricsCountRequestsByRouteAndStatusWithLatencyAndQueueDepth() async throws {
        let server = try SpyglassServer(configuration: ServerFixture.configuration(workers: 1))
        defer { server.shutdown() }
        let dog = try ServerFixture.dogBytes()
        let metrics = try await server.withLiveClient { client in
            _ = try await client.execute(uri: "/v1/models/yolo/detect", method: .post, body: ByteBuffer(bytes: dog))
            _ = try await client.execute(uri: "/v1/models/yolo/detect", method: .post, body: ByteBuffer(bytes: dog))
            _ = try await client.execute(uri: "/v1/models/none/detect", method: .post, body: ByteBuffer(bytes: dog))
            _ = try await client.execute(uri: "/no/such/route", method: .get)
            try await ServerFixture.waitUntilIdle(server.queue)
            return try await client.execute(uri: "/metrics", method: .get)
        }
        XCTAssertEqual(metrics.status, .ok)
        XCTAssertTrue(metrics.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
        let text = metrics.text
        let lines = text.split(separator: "\n").map(String.init)
        func value(_ prefix: String) -> Double? {
            lines.first { $0.hasPrefix(prefix + " ") }.flatMap { Double($0.split(separator: " ").last ?? "") }
        }
        XCTAssertEqual(value(#"spyglass_http_requests_total{route="/v1/models/{name}/detect",method="POST",status="200"}"#), 2, text)
        XCTAssertEqual(value(#"spyglass_http_requests_total{route="/v1/models/{name}/detect",method="POST",status="404"}"#), 1)
        XCTAssertEqual(value(#"spyglass_http_requests_total{route="unmatched",method="GET",status="404"}"#), 1)
        XCTAssertEqual(value(#"spyglass_http_request_duration_seconds_count{route="/v1/models/{name}/detect",method="POST"}"#), 3)
        XCTAssertEqual(value(#"spyglass_inference_duration_seconds_count{model="yolo"}"#), 2)
        XCTAssertEqual(value(#"spyglass_inference_duration_seconds_bucket{model="yolo",le="+Inf"}"#), 2)
        XCTAssertTrue(text.contains("# TYPE spyglass_http_request_duration_seconds histogram"))
        XCTAssertEqual(value("spyglass_queue_waiting"), 0)
        XCTAssertEqual(value("spyglass_queue_running"), 0)
    }

    func testOneLogLinePerRequestWithMethodRouteStatusAndMilliseconds() async throws {
        let handler = InMemoryLogHandler()
        var logger = Logger(label: "spyglass.serve.test") { _ in handler }
        logger.logLevel = .info
        let server = try SpyglassServer(configuration: ServerFixture.configuration(workers: 1, logger: logger))
        defer { server.shutdown() }
        try await server.withLiveClient { client in
            _ = try await client.execute(uri: "/v2/health/live", method: .get)
            _ = try await client.execute(uri: "/v2/models/missing", method: .get)
        }
        let requests = handler.entries.filter { $0.message == "request" }
        XCTAssertEqual(requests.count, 2)
        XCTAssertEqual(requests.map { $0.metadata["route"]?.description }, ["/v2/health/live", "/v2/models/{name}"])
        XCTAssertEqual(requests.map { $0.metadata["status"]?.description }, ["200", "404"])
        XCTAssertEqual(requests.map { $0.metadata["method"]?.description }, ["GET", "GET"])
        XCTAssertTrue(requests.allSatisfy { $0.metadata["ms"].flatMap { Double($0.description) } != nil })
    }

    func testCfgWeightsNamesModelSpecLoadsLikeTheSpyglassFile() async throws {
        try ServerFixture.requireModel()
        let spec = try ModelSpec(parsing: "tiny=\(ServerFixture.cfg.path),\(ServerFixture.weights.path),\(Fixtures.cocoNames.path)")
        XCTAssertEqual(spec.paths, [ServerFixture.cfg.path, ServerFixture.weights.path])
        XCTAssertEqual(spec.namesPath, Fixtures.cocoNames.path)
        var config = try ServerFixture.configuration(workers: 1)
        config.models = [spec]
        let server = try SpyglassServer(configuration: config)
        defer { server.shutdown() }
        let dog = try ServerFixture.dogBytes()
        let response = try await server.withLiveClient { client in
            try await client.execute(uri: "/v1/models/tiny/detect", method: .post, body: ByteBuffer(bytes: dog))
        }
        let classes = try XCTUnwrap(response.json()["detections"] as? [[String: Any]]).compactMap { $0["class"] as? String }
        XCTAssertTrue(Set(classes).isSuperset(of: ["dog", "bicycle", "car"]), "\(classes)")
    }

    func testBadModelSpecsAndSettingsAreRefusedAtStartup() throws {
        XCTAssertThrowsError(try ModelSpec(parsing: "no-equals-sign"))
        XCTAssertThrowsError(try ModelSpec(parsing: "=x.spyglass"))
        XCTAssertThrowsError(try ModelSpec(parsing: "a/b=x.spyglass"))
        XCTAssertThrowsError(try ModelSpec(parsing: "a="))
        XCTAssertThrowsError(try SpyglassServer(configuration: ServerConfiguration(models: [])))
        var config = try ServerFixture.configuration()
        config.workers = 0
        XCTAssertThrowsError(try SpyglassServer(configuration: config))
        config = try ServerFixture.configuration()
        config.models = [ModelSpec(name: "x", paths: ["/nonexistent/model.spyglass"])]
        XCTAssertThrowsError(try SpyglassServer(configuration: config)) { error in
            XCTAssertEqual("\(error)", "model 'x': /nonexistent/model.spyglass: no such file")
        }
    }
}
