import Foundation
import Hummingbird
import HummingbirdTesting
import SpyglassDarknet
@testable import SpyglassServer
import TestSupport
import XCTest

/// The KServe / Open Inference Protocol v2 endpoints: field names and JSON types as the protocol
/// specifies, and inference outputs equal to libdarknet's yolo layers.
final class KServeV2Tests: XCTestCase {
    func testHealthEndpointsReportLiveAndReady() async throws {
        let server = try ServerFixture.shared.get()
        try await server.withLiveClient { client in
            let live = try await client.execute(uri: "/v2/health/live", method: .get)
            XCTAssertEqual(live.status, .ok)
            XCTAssertEqual(try live.json()["live"] as? Bool, true)
            let ready = try await client.execute(uri: "/v2/health/ready", method: .get)
            XCTAssertEqual(ready.status, .ok)
            XCTAssertEqual(try ready.json()["ready"] as? Bool, true)
            let meta = try await client.execute(uri: "/v2", method: .get).json()
            XCTAssertEqual(meta["name"] as? String, "spyglass")
            XCTAssertNotNil(meta["version"] as? String)
            XCTAssertNotNil(meta["extensions"] as? [Any])
        }
    }

    func testModelMetadataListsInputAndOutputTensorsWithDatatypeAndShape() async throws {
        let server = try ServerFixture.shared.get()
        let (plain, versioned) = try await server.withLiveClient { client in
            (try await client.execute(uri: "/v2/models/yolo", method: .get),
             try await client.execute(uri: "/v2/models/yolo/versions/1", method: .get))
        }
        XCTAssertEqual(plain.status, .ok)
        XCTAssertEqual(plain.text, versioned.text)
        let meta = try plain.json()
        XCTAssertEqual(Set(meta.keys), ["name", "versions", "platform", "inputs", "outputs"])
        XCTAssertEqual(meta["name"] as? String, "yolo")
        XCTAssertEqual(meta["versions"] as? [String], ["1"])
        XCTAssertNotNil(meta["platform"] as? String)
        let inputs = try XCTUnwrap(meta["inputs"] as? [[String: Any]])
        XCTAssertEqual(inputs.count, 1)
        XCTAssertEqual(Set(inputs[0].keys), ["name", "datatype", "shape"])
        XCTAssertEqual(inputs[0]["datatype"] as? String, "FP32")
        XCTAssertEqual(inputs[0]["shape"] as? [Int], [1, 3, 416, 416])  // yolov3-tiny.cfg: width=416 height=416 channels=3
        let outputs = try XCTUnwrap(meta["outputs"] as? [[String: Any]])
        // yolov3-tiny's two [yolo] layers: 3 anchors × (80 classes + 5) = 255 channels at strides 32 and 16.
        XCTAssertEqual(outputs.compactMap { $0["shape"] as? [Int] }, [[1, 255, 13, 13], [1, 255, 26, 26]])
        XCTAssertEqual(outputs.compactMap { $0["datatype"] as? String }, ["FP32", "FP32"])
        XCTAssertEqual(outputs.compactMap { $0["name"] as? String }.count, 2)
    }

    func testModelReadyAndUnknownModelOrVersion() async throws {
        let server = try ServerFixture.shared.get()
        try await server.withLiveClient { client in
            let ready = try await client.execute(uri: "/v2/models/yolo/ready", method: .get)
            XCTAssertEqual(ready.status, .ok)
            XCTAssertEqual(try ready.json()["ready"] as? Bool, true)
            XCTAssertEqual(try ready.json()["name"] as? String, "yolo")
            try await client.execute(uri: "/v2/models/other/ready", method: .get).assertError(.notFound)
            try await client.execute(uri: "/v2/models/other", method: .get).assertError(.notFound)
            try await client.execute(uri: "/v2/models/yolo/versions/2", method: .get).assertError(.notFound)
            try await client.execute(uri: "/v2/models/other/infer", method: .post, body: ByteBuffer(string: "{}")).assertError(.notFound)
        }
    }

    func testInferReturnsTheYoloLayerOutputsOfLibdarknet() async throws {
        let server = try ServerFixture.shared.get()
        try Conformance.requireReference()
        let reference = try DarknetReference(cfg: ServerFixture.cfg.path, weights: ServerFixture.weights.path)
        let input = try DarknetReference.letterbox(image: ServerFixture.dogJPEG.path, width: 416, height: 416)
        reference.predict(input)
        let model = try DarknetImporter.load(cfg: ServerFixture.cfg, weights: ServerFixture.weights)
        let inputName = try XCTUnwrap(server.models.first?.inputName)
        let body = "{\"id\":\"req-42\",\"inputs\":[{\"name\":\"\(inputName)\",\"shape\":[1,3,416,416],\"datatype\":\"FP32\",\"data\":["
            + input.map { $0.description }.joined(separator: ",") + "]}]}"

        let response = try await server.withLiveClient { client in
            try await client.execute(uri: "/v2/models/yolo/infer", method: .post,
                                     headers: [.contentType: "application/json"], body: ByteBuffer(string: body))
        }
        XCTAssertEqual(response.status, .ok, String(response.text.prefix(300)))
        let json = try response.json()
        XCTAssertEqual(Set(json.keys), ["id", "model_name", "model_version", "outputs"])
        XCTAssertEqual(json["id"] as? String, "req-42")
        XCTAssertEqual(json["model_name"] as? String, "yolo")
        XCTAssertEqual(json["model_version"] as? String, "1")
        let outputs = try XCTUnwrap(json["outputs"] as? [[String: Any]])
        XCTAssertEqual(outputs.count, 2)
        for output in outputs {
            XCTAssertEqual(Set(output.keys), ["name", "shape", "datatype", "data"])
            XCTAssertEqual(output["datatype"] as? String, "FP32")
            let name = try XCTUnwrap(output["name"] as? String)
            let shape = try XCTUnwrap(output["shape"] as? [Int])
            let data = try XCTUnwrap(output["data"] as? [Double]).map(Float.init)
            XCTAssertEqual(data.count, shape.reduce(1, *))
            let layer = try XCTUnwrap(model.layers.first { $0.output == name }, "output \(name) is no darknet layer")
            let ref = reference.layerOutput(layer.index)
            XCTAssertEqual([1] + ref.shape, shape)
            let (error, at) = Conformance.maxScaledError(data, ref.values)
            XCTAssertLessThanOrEqual(error, Conformance.darknetTolerance, "layer \(layer.index) element \(at)")
        }
    }

    func testInferAcceptsNestedDataAndReturnsOnlyRequestedOutputs() async throws {
        let server = try ServerFixture.shared.get()
        let meta = try XCTUnwrap(server.models.first)
        let second = meta.outputs[1].name
        // A grey image as nested [1][3][416][416] arrays.
        let row = "[" + Array(repeating: "0.5", count: 416).joined(separator: ",") + "]"
        let plane = "[" + Array(repeating: row, count: 416).joined(separator: ",") + "]"
        let nested = "[[" + Array(repeating: plane, count: 3).joined(separator: ",") + "]]"
        let body = "{\"inputs\":[{\"name\":\"\(meta.inputName)\",\"shape\":[1,3,416,416],\"datatype\":\"FP32\",\"data\":\(nested)}],"
            + "\"outputs\":[{\"name\":\"\(second)\"}]}"
        let response = try await server.withLiveClient { client in
            try await client.execute(uri: "/v2/models/yolo/versions/1/infer", method: .post, body: ByteBuffer(string: body))
        }
        XCTAssertEqual(response.status, .ok, String(response.text.prefix(300)))
        let json = try response.json()
        XCTAssertNil(json["id"], "no id in the request, none in the response")
        let outputs = try XCTUnwrap(json["outputs"] as? [[String: Any]])
        XCTAssertEqual(outputs.compactMap { $0["name"] as? String }, [second])
        XCTAssertEqual(outputs.first?["shape"] as? [Int], [1, 255, 26, 26])
        XCTAssertEqual((outputs.first?["data"] as? [Any])?.count, 255 * 26 * 26)
    }

    func testMalformedInferRequestsAre400WithAReason() async throws {
        let server = try ServerFixture.shared.get()
        let input = try XCTUnwrap(server.models.first?.inputName)
        let cases: [(String, String)] = [
            ("not json", "invalid v2 inference request"),
            ("{}", "missing field 'inputs'"),
            ("{\"inputs\":[{\"name\":\"\(input)\",\"shape\":[1,3,416,416],\"datatype\":\"INT8\",\"data\":[1]}]}", "datatype INT8"),
            ("{\"inputs\":[{\"name\":\"\(input)\",\"shape\":[1,3,2,2],\"datatype\":\"FP32\",\"data\":[1,2,3,4,5,6,7,8,9,10,11,12]}]}", "the model expects [1, 3, 416, 416]"),
            ("{\"inputs\":[{\"name\":\"other\",\"shape\":[1,3,416,416],\"datatype\":\"FP32\",\"data\":[1]}]}", "has no input 'other'"),
            ("{\"inputs\":[{\"name\":\"\(input)\",\"shape\":[1,3,416,416],\"datatype\":\"FP32\",\"data\":[1,2]}]}", "needs 519168 values, data has 2"),
            ("{\"inputs\":[{\"name\":\"\(input)\",\"shape\":[1,3,416,416],\"datatype\":\"FP32\",\"data\":[\"a\"]}]}", "invalid v2 inference request"),
            ("{\"inputs\":[]}", "exactly one input"),
        ]
        try await server.withLiveClient { client in
            for (body, reason) in cases {
                let r = try await client.execute(uri: "/v2/models/yolo/infer", method: .post, body: ByteBuffer(string: body))
                let message = try r.assertError(.badRequest)
                XCTAssertTrue(message.contains(reason), "\(body.prefix(80)): \(message)")
            }
        }
    }

    func testUnknownOutputNameIs400() async throws {
        let server = try ServerFixture.shared.get()
        let input = try XCTUnwrap(server.models.first?.inputName)
        let zeros = Array(repeating: "0", count: 3 * 416 * 416).joined(separator: ",")
        let body = "{\"inputs\":[{\"name\":\"\(input)\",\"shape\":[1,3,416,416],\"datatype\":\"FP32\",\"data\":[\(zeros)]}],\"outputs\":[{\"name\":\"nope\"}]}"
        try await server.withLiveClient { client in
            let r = try await client.execute(uri: "/v2/models/yolo/infer", method: .post, body: ByteBuffer(string: body))
            XCTAssertTrue(try r.assertError(.badRequest).contains("has no output 'nope'"))
        }
    }
}
