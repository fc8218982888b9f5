import Foundation
import Hummingbird
import HummingbirdTesting
@testable import SpyglassServer
import XCTest

/// `--token`: model and metrics endpoints need the bearer token; the page and health probes do not.
final class AuthTests: XCTestCase {
    func testBearerTokenIsRequiredOnModelAndMetricsEndpoints() async throws {
        let server = try SpyglassServer(configuration: ServerFixture.configuration(workers: 1, token: "s3cret-token"))
        defer { server.shutdown() }
        let dog = try ServerFixture.dogBytes()
        try await server.withLiveClient { client in
            for (uri, method) in [("/v1/models", HTTPRequest.Method.get), ("/v2/models/yolo", .get), ("/v2/models/yolo/ready", .get),
                                  ("/metrics", .get), ("/v1/models/yolo/detect", .post), ("/v2/models/yolo/infer", .post)] {
                let missing = try await client.execute(uri: uri, method: method, body: ByteBuffer(bytes: dog))
                XCTAssertTrue(try missing.assertError(.unauthorized).contains("missing bearer token"), uri)
                XCTAssertEqual(missing.headers[.wwwAuthenticate], "Bearer")
                let wrong = try await client.execute(uri: uri, method: method, headers: [.authorization: "Bearer s3cret-tokem"])
                XCTAssertEqual(try wrong.assertError(.unauthorized), "wrong bearer token", uri)
                let prefix = try await client.execute(uri: uri, method: method, headers: [.authorization: "Bearer s3cret"])
                try prefix.assertError(.unauthorized)
                let basic = try await client.execute(uri: uri, method: method, headers: [.authorization: "Basic czNjcmV0LXRva2Vu"])
                try basic.assertError(.unauthorized)
            }
            let ok = try await client.execute(uri: "/v1/models/yolo/detect", method: .post,
                                              headers: [.authorization: "Bearer s3cret-token"], body: ByteBuffer(bytes: dog))
            XCTAssertEqual(ok.status, .ok, ok.text)
            let metrics = try await client.execute(uri: "/metrics", method: .get, headers: [.authorization: "bearer s3cret-token"])
            XCTAssertEqual(metrics.status, .ok)
            // Probes and the page stay open; the page asks for the token.
            for open in ["/", "/v2/health/live", "/v2/health/ready"] {
                let response = try await client.execute(uri: open, method: .get)
                XCTAssertEqual(response.status, .ok, open)
            }
            // Without the token an unknown route is not revealed either.
            try await client.execute(uri: "/nope", method: .get).assertError(.unauthorized)
        }
    }

    func testConstantTimeCompareAcceptsOnlyTheExactToken() {
        let secret = Array("abcdef".utf8)
        typealias Gate = BearerTokenGate<BasicRequestContext>
        XCTAssertTrue(Gate.constantTimeEquals(expected: secret, given: Array("abcdef".utf8)))
        XCTAssertFalse(Gate.constantTimeEquals(expected: secret, given: Array("abcdeg".utf8)))
        XCTAssertFalse(Gate.constantTimeEquals(expected: secret, given: Array("abcde".utf8)))
        XCTAssertFalse(Gate.constantTimeEquals(expected: secret, given: Array("abcdefg".utf8)))
        XCTAssertFalse(Gate.constantTimeEquals(expected: secret, given: []))
        // A given token shorter than the secret whose missing bytes would match zero padding.
        XCTAssertFalse(Gate.constantTimeEquals(expected: [1, 2, 0], given: [1, 2]))
    }
}
