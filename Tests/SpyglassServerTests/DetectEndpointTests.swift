import Foundation
import Hummingbird
import HummingbirdTesting
import SpyglassImage
@testable import SpyglassServer
import TestSupport
import XCTest

/// `POST /v1/models/{name}/detect` on the real yolov3-tiny, checked against libdarknet.
final class DetectEndpointTests: XCTestCase {
    func testDetectOnDogReturnsDarknetsDetectionsInPixels() async throws {
        let server = try ServerFixture.shared.get()
        try Conformance.requireReference()
        let darknet = try DarknetReference(cfg: ServerFixture.cfg.path, weights: ServerFixture.weights.path)
        let names = try String(contentsOf: Fixtures.cocoNames, encoding: .utf8).split(separator: "\n").map(String.init)
        let dog = try ServerFixture.dogBytes()

        // Default threshold (YOLO's, 0.5 as `darknet detector test`) and an explicit 0.25.
        let (byDefault, lowered) = try await server.withLiveClient { client in
            (try await client.execute(uri: "/v1/models/yolo/detect", method: .post,
                                      headers: [.contentType: "image/jpeg"], body: ByteBuffer(bytes: dog)),
             try await client.execute(uri: "/v1/models/yolo/detect?threshold=0.25", method: .post, body: ByteBuffer(bytes: dog)))
        }
        for (response, threshold) in [(byDefault, Float(0.5)), (lowered, Float(0.25))] {
            XCTAssertEqual(response.status, .ok, response.text)
            let body = try response.json()
            XCTAssertEqual(body["model"] as? String, "yolo")
            XCTAssertEqual(body["width"] as? Int, 768)
            XCTAssertEqual(body["height"] as? Int, 576)
            let detections = try XCTUnwrap(body["detections"] as? [[String: Any]])
            XCTAssertTrue(Set(detections.compactMap { $0["class"] as? String }).isSuperset(of: ["dog", "bicycle", "car"]))
            let reference = darknet.detect(image: ServerFixture.dogJPEG.path, thresh: threshold, nms: 0.45, classes: 80)
            XCTAssertEqual(detections.count, reference.count, "threshold \(threshold)")
            // Every libdarknet detection is reported: class, score and box in pixels.
            for ref in reference {
                let left = Double((ref.x - ref.w / 2) * 768), right = Double((ref.x + ref.w / 2) * 768)
                let top = Double((ref.y - ref.h / 2) * 576), bottom = Double((ref.y + ref.h / 2) * 576)
                let match = detections.first { d in
                    guard d["class_id"] as? Int == ref.classIndex, let box = d["box"] as? [String: Double],
                          let score = d["score"] as? Double else { return false }
                    return abs(score - Double(ref.prob)) < 2e-3 && abs(box["left"]! - left) < 1.5 && abs(box["right"]! - right) < 1.5
                        && abs(box["top"]! - top) < 1.5 && abs(box["bottom"]! - bottom) < 1.5
                }
                let found = try XCTUnwrap(match, "threshold \(threshold): libdarknet's \(names[ref.classIndex]) \(ref.prob) at \(left),\(top),\(right),\(bottom) missing")
                XCTAssertEqual(found["class"] as? String, names[ref.classIndex])
            }
        }
    }

    func testMultipartUploadGivesTheSameDetectionsAsARawBody() async throws {
        let server = try ServerFixture.shared.get()
        let dog = try ServerFixture.dogBytes()
        let boundary = "----spyglass-test-boundary"
        var form = Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n".utf8)
        form += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"dog.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n".utf8)
        form += dog
        form += Array("\r\n--\(boundary)--\r\n".utf8)
        let formBody = form

        let (raw, multipart) = try await server.withLiveClient { client in
            let raw = try await client.execute(uri: "/v1/models/yolo/detect", method: .post, body: ByteBuffer(bytes: dog))
            let multipart = try await client.execute(uri: "/v1/models/yolo/detect", method: .post,
                                                     headers: [.contentType: "multipart/form-data; boundary=\(boundary)"],
                                                     body: ByteBuffer(bytes: formBody))
            return (raw, multipart)
        }
        XCTAssertEqual(raw.status, .ok)
        XCTAssertEqual(multipart.status, .ok, multipart.text)
        let a = try XCTUnwrap(raw.json()["detections"] as? [[String: Any]])
        let b = try XCTUnwrap(multipart.json()["detections"] as? [[String: Any]])
        XCTAssertEqual(a.count, b.count)
        XCTAssertEqual(a.map { $0["class"] as? String }, b.map { $0["class"] as? String })
        XCTAssertEqual(a.map { $0["score"] as? Double }, b.map { $0["score"] as? Double })
    }

    func testThresholdQueryParameterDropsLowScores() async throws {
        let server = try ServerFixture.shared.get()
        let dog = try ServerFixture.dogBytes()
        let (low, high) = try await server.withLiveClient { client in
            (try await client.execute(uri: "/v1/models/yolo/detect?threshold=0.25", method: .post, body: ByteBuffer(bytes: dog)),
             try await client.execute(uri: "/v1/models/yolo/detect?threshold=0.8&nms=class", method: .post, body: ByteBuffer(bytes: dog)))
        }
        let lowScores = try XCTUnwrap(low.json()["detections"] as? [[String: Any]]).compactMap { $0["score"] as? Double }
        let highScores = try XCTUnwrap(high.json()["detections"] as? [[String: Any]]).compactMap { $0["score"] as? Double }
        XCTAssertEqual(highScores.sorted(), lowScores.filter { $0 > 0.8 }.sorted())
        XCTAssertLessThan(highScores.count, lowScores.count)
    }

    func testUndecodableImageIs400() async throws {
        let server = try ServerFixture.shared.get()
        var truncatedJPEG = try ServerFixture.dogBytes()
        truncatedJPEG.removeLast(truncatedJPEG.count - 600)
        let truncatedBody = truncatedJPEG
        try await server.withLiveClient { client in
            let text = try await client.execute(uri: "/v1/models/yolo/detect", method: .post, body: ByteBuffer(string: "not an image"))
            let message = try text.assertError(.badRequest)
            XCTAssertTrue(message.contains("unsupported image format"), message)
            let truncated = try await client.execute(uri: "/v1/models/yolo/detect", method: .post, body: ByteBuffer(bytes: truncatedBody))
            try truncated.assertError(.badRequest)
            try await client.execute(uri: "/v1/models/yolo/detect", method: .post).assertError(.badRequest)
        }
    }

    func testMalformedMultipartAndBadQueryAre400() async throws {
        let server = try ServerFixture.shared.get()
        try await server.withLiveClient { client in
            let noBoundary = try await client.execute(uri: "/v1/models/yolo/detect", method: .post,
                                                      headers: [.contentType: "multipart/form-data"], body: ByteBuffer(string: "x"))
            try noBoundary.assertError(.badRequest)
            let noParts = try await client.execute(uri: "/v1/models/yolo/detect", method: .post,
                                                   headers: [.contentType: "multipart/form-data; boundary=abc"], body: ByteBuffer(string: "no parts here"))
            try noParts.assertError(.badRequest)
            let noFile = try await client.execute(uri: "/v1/models/yolo/detect", method: .post,
                                                  headers: [.contentType: "multipart/form-data; boundary=abc"],
                                                  body: ByteBuffer(string: "--abc\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n1\r\n--abc--\r\n"))
            XCTAssertTrue(try noFile.assertError(.badRequest).contains("no file field"))
            for query in ["threshold=abc", "threshold=1.5", "nms_threshold=-1", "nms=bogus"] {
                let r = try await client.execute(uri: "/v1/models/yolo/detect?\(query)", method: .post, body: ByteBuffer(string: "x"))
                try r.assertError(.badRequest)
            }
        }
    }

    func testUnknownModelIs404() async throws {
        let server = try ServerFixture.shared.get()
        let dog = try ServerFixture.dogBytes()
        try await server.withLiveClient { client in
            let r = try await client.execute(uri: "/v1/models/nope/detect", method: .post, body: ByteBuffer(bytes: dog))
            XCTAssertEqual(try r.assertError(.notFound), "unknown model 'nope'")
        }
    }

    func testImageOverThePixelLimitIs413() async throws {
        let server = try ServerFixture.shared.get()  // --max-pixels 1000000
        let big = try ImageIO.encodePNG(Image(width: 1200, height: 1000, fill: 0.5))
        let justUnder = try ImageIO.encodePNG(Image(width: 1000, height: 1000, fill: 0.5))
        try await server.withLiveClient { client in
            let r = try await client.execute(uri: "/v1/models/yolo/detect", method: .post, body: ByteBuffer(bytes: big))
            XCTAssertTrue(try r.assertError(.contentTooLarge).contains("1200×1000"))
            let ok = try await client.execute(uri: "/v1/models/yolo/detect", method: .post, body: ByteBuffer(bytes: justUnder))
            XCTAssertEqual(ok.status, .ok, ok.text)
        }
    }

    func testBodyOverMaxBodyIs413() async throws {
        let server = try SpyglassServer(configuration: ServerFixture.configuration(workers: 1, maxBody: 100_000))
        defer { server.shutdown() }
        let dog = try ServerFixture.dogBytes()  // 163 KB
        XCTAssertGreaterThan(dog.count, 100_000)
        try await server.withLiveClient { client in
            let r = try await client.execute(uri: "/v1/models/yolo/detect", method: .post, body: ByteBuffer(bytes: dog))
            XCTAssertEqual(try r.assertError(.contentTooLarge), "request body is larger than the limit of 100000 bytes")
            let infer = try await client.execute(uri: "/v2/models/yolo/infer", method: .post, body: ByteBuffer(bytes: dog))
            try infer.assertError(.contentTooLarge)
        }
    }
}
