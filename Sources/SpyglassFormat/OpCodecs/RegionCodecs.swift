import SpyglassIR

/// The box and roi ops: nonMaxSuppression, roiAlign, maxRoiPool.
extension OpCodecs {
    static let nonMaxSuppression = OpCodec(kind: .nonMaxSuppression, encode: { op in
        guard case .nonMaxSuppression(let a) = op else { return [] }
        var members: JSONMembers = [("centerPointBox", .bool(a.centerPointBox)), ("maxOutputBoxesPerClass", .int(a.maxOutputBoxesPerClass)),
                                    ("iouThreshold", .float(a.iouThreshold))]
        if let t = a.scoreThreshold { members.append(("scoreThreshold", .float(t))) }
        return members
    }, decode: { r in
        .nonMaxSuppression(NonMaxSuppressionAttributes(
            centerPointBox: try r.bool("centerPointBox"), maxOutputBoxesPerClass: try r.int("maxOutputBoxesPerClass"),
            iouThreshold: try r.float("iouThreshold"), scoreThreshold: r.has("scoreThreshold") ? try r.float("scoreThreshold") : nil))
    })

    static let roiAlign = OpCodec(kind: .roiAlign, encode: { op in
        guard case .roiAlign(let a) = op else { return [] }
        return [("mode", .string(a.mode.rawValue)), ("outputHeight", .int(a.outputHeight)), ("outputWidth", .int(a.outputWidth)),
                ("samplingRatio", .int(a.samplingRatio)), ("spatialScale", .float(a.spatialScale)), ("halfPixel", .bool(a.halfPixel))]
    }, decode: { r in
        let name = try r.string("mode")
        guard let mode = RoiPoolingMode(rawValue: name) else {
            throw FormatError.invalidAttribute(file: r.file, node: r.node, attribute: "mode",
                                               message: "unknown mode '\(name)' (known: \(RoiPoolingMode.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        return .roiAlign(RoiAlignAttributes(mode: mode, outputHeight: try r.int("outputHeight"), outputWidth: try r.int("outputWidth"),
                                            samplingRatio: try r.int("samplingRatio"), spatialScale: try r.float("spatialScale"),
                                            halfPixel: try r.bool("halfPixel")))
    })

    static let maxRoiPool = OpCodec(kind: .maxRoiPool, encode: { op in
        guard case .maxRoiPool(let a) = op else { return [] }
        return [("pooledHeight", .int(a.pooledHeight)), ("pooledWidth", .int(a.pooledWidth)), ("spatialScale", .float(a.spatialScale))]
    }, decode: { r in
        .maxRoiPool(MaxRoiPoolAttributes(pooledHeight: try r.int("pooledHeight"), pooledWidth: try r.int("pooledWidth"),
                                         spatialScale: try r.float("spatialScale")))
    })
}
