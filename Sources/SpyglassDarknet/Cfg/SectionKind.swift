/// The Darknet layer types Spyglass imports, with Darknet's section aliases.
enum SectionKind: String, CaseIterable {
    case convolutional, maxpool, avgpool, local, connected, route, shortcut, upsample, reorg
    case dropout, softmax, yolo, region, detection, cost

    init?(sectionName: String) {
        switch sectionName {
        case "conv", "convolutional": self = .convolutional
        case "max", "maxpool": self = .maxpool
        case "avg", "avgpool": self = .avgpool
        case "conn", "connected": self = .connected
        case "soft", "softmax": self = .softmax
        default: self.init(rawValue: sectionName)
        }
    }

    static func isNetwork(_ name: String) -> Bool { name == "net" || name == "network" }

    /// Sections Darknet knows but Spyglass does not import yet.
    static let knownButUnsupported: Set<String> = [
        "deconv", "deconvolutional", "activation", "logistic", "l2norm", "crnn", "gru", "lstm", "rnn",
        "crop", "iseg", "lrn", "normalization", "batchnorm",
    ]

    /// Options every Darknet layer reads (parse_network_cfg) that only matter for training or saving.
    static let commonTrainingOptions = ["truth", "onlyforward", "stopbackward", "dontsave", "learning_rate", "smooth"]
}
