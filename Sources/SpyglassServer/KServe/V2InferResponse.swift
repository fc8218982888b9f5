import SpyglassRuntime

/// `POST /v2/models/{name}/infer` response body:
/// `{"id", "model_name", "model_version", "outputs": [{"name", "datatype", "shape", "data"}]}`.
/// Written by hand: outputs hold hundreds of thousands of floats and the generic encoder is slow.
enum V2InferResponse {
    static func encode(id: String?, modelName: String, outputs: [(name: String, tensor: Tensor)]) -> [UInt8] {
        var out = "{"
        if let id { out += "\"id\":\(quoted(id)),"; }
        out += "\"model_name\":\(quoted(modelName)),\"model_version\":\(quoted(V2.modelVersion)),\"outputs\":["
        for (i, o) in outputs.enumerated() {
            if i > 0 { out += "," }
            out += "{\"name\":\(quoted(o.name)),\"datatype\":\"\(V2.fp32)\",\"shape\":["
            out += o.tensor.shape.map(String.init).joined(separator: ",")
            out += "],\"data\":["
            out.reserveCapacity(out.utf8.count + o.tensor.count * 12)
            for (j, x) in o.tensor.data.enumerated() {
                if j > 0 { out += "," }
                // JSON has no NaN or infinity; such values are reported as null.
                out += x.isFinite ? x.description : "null"
            }
            out += "]}"
        }
        out += "]}"
        return Array(out.utf8)
    }

    /// A JSON string literal.
    static func quoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
