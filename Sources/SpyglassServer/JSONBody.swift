import Foundation
import Hummingbird

/// JSON responses from Codable values, keys sorted (Foundation on Linux would order them at random).
enum JSONBody {
    static func data<T: Encodable>(_ value: T) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        do {
            return try encoder.encode(value)
        } catch {
            return Data(#"{"error":"internal error: response could not be encoded"}"#.utf8)
        }
    }

    static func response<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        bytesResponse(data(value), status: status, headers: headers)
    }

    static func bytesResponse<Bytes: Sequence>(_ bytes: Bytes, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:],
                                               contentType: String = "application/json") -> Response where Bytes.Element == UInt8 {
        var headers = headers
        headers[.contentType] = contentType
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
