/// KServe / Open Inference Protocol v2 metadata bodies, field names as the protocol spells them
/// (https://kserve.github.io/website/latest/modelserving/data_plane/v2_protocol/).

/// `GET /v2`.
struct V2ServerMetadata: Encodable {
    var name: String
    var version: String
    var extensions: [String]
}

/// `GET /v2/models/{name}`.
struct V2ModelMetadata: Encodable {
    var name: String
    var versions: [String]
    var platform: String
    var inputs: [V2TensorMetadata]
    var outputs: [V2TensorMetadata]

    init(_ model: ServedModel) {
        name = model.name
        versions = [V2.modelVersion]
        platform = V2.platform
        inputs = [V2TensorMetadata(name: model.inputName, datatype: V2.fp32, shape: model.inputShape)]
        outputs = model.outputs.map { V2TensorMetadata(name: $0.name, datatype: V2.fp32, shape: $0.shape) }
    }
}

struct V2TensorMetadata: Encodable {
    var name: String
    var datatype: String
    var shape: [Int]
}

/// `GET /v2/health/live`, `/v2/health/ready`.
struct V2Live: Encodable { var live: Bool }
struct V2Ready: Encodable { var ready: Bool }
/// `GET /v2/models/{name}/ready`.
struct V2ModelReady: Encodable { var name: String; var ready: Bool }

enum V2 {
    /// Every served model has one version.
    static let modelVersion = "1"
    static let platform = "spyglass"
    static let fp32 = "FP32"
}
