import Foundation

/// `POST /v2/models/{name}/infer` request body (JSON tensors; the binary-data extension is not
/// supported). `data` may be flat or nested in row-major order, as the protocol allows.
struct V2InferRequest: Decodable {
    struct Input: Decodable {
        var name: String
        var shape: [Int]
        var datatype: String
        var data: [Float]

        enum CodingKeys: String, CodingKey { case name, shape, datatype, data, parameters }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            name = try c.decode(String.self, forKey: .name)
            shape = try c.decode([Int].self, forKey: .shape)
            datatype = try c.decode(String.self, forKey: .datatype)
            guard datatype == V2.fp32 else {
                throw V2RequestError("input '\(name)': datatype \(datatype) is not supported, the model takes \(V2.fp32)")
            }
            if let flat = try? c.decode([Float].self, forKey: .data) {
                data = flat
            } else {
                data = try c.decode(NestedNumbers.self, forKey: .data).flattened
            }
        }
    }

    struct RequestedOutput: Decodable {
        var name: String
    }

    var id: String?
    var inputs: [Input]
    var outputs: [RequestedOutput]?

    /// Decodes a body, turning every decoding failure into a readable message for a 400.
    static func decode(_ bytes: [UInt8]) throws -> V2InferRequest {
        do {
            return try JSONDecoder().decode(V2InferRequest.self, from: Data(bytes))
        } catch let e as V2RequestError {
            throw ServerError.badRequest(e.message)
        } catch let DecodingError.keyNotFound(key, context) {
            throw ServerError.badRequest("invalid v2 inference request: missing field '\(path(context.codingPath + [key]))'")
        } catch let DecodingError.typeMismatch(_, context) {
            throw ServerError.badRequest("invalid v2 inference request: wrong type at '\(path(context.codingPath))': \(context.debugDescription)")
        } catch let DecodingError.valueNotFound(_, context) {
            throw ServerError.badRequest("invalid v2 inference request: null at '\(path(context.codingPath))'")
        } catch let DecodingError.dataCorrupted(context) {
            let underlying = context.underlyingError.map { ": \($0)" } ?? ""
            throw ServerError.badRequest("invalid v2 inference request: \(context.debugDescription)\(underlying)")
        } catch {
            throw ServerError.badRequest("invalid v2 inference request: \(error)")
        }
    }

    static func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().drop { $0 == "." }.description
    }
}

struct V2RequestError: Error { var message: String; init(_ m: String) { message = m } }

/// Numbers nested to any depth (`[[1, 2], [3, 4]]`), flattened in row-major order.
struct NestedNumbers: Decodable {
    var flattened: [Float] = []

    init(from decoder: any Decoder) throws {
        var c = try decoder.unkeyedContainer()
        try NestedNumbers.append(&c, to: &flattened, depth: 0)
    }

    private static func append(_ c: inout any UnkeyedDecodingContainer, to out: inout [Float], depth: Int) throws {
        guard depth < 32 else { throw V2RequestError("tensor data is nested more than 32 levels deep") }
        while !c.isAtEnd {
            if let x = try? c.decode(Float.self) {
                out.append(x)
            } else {
                var inner = try c.nestedUnkeyedContainer()
                try append(&inner, to: &out, depth: depth + 1)
            }
        }
    }
}
