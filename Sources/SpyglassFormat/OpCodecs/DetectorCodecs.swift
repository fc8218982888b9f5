import SpyglassIR

/// The typed detector outputs: yolo, region, detection.
extension OpCodecs {
    static let yolo = OpCodec(kind: .yolo, encode: { op in
        guard case .yolo(let a) = op else { return [] }
        return [("classes", .int(a.classes)), ("anchors", .floats(a.anchors)), ("mask", .ints(a.mask)),
                ("network_width", .int(a.networkWidth)), ("network_height", .int(a.networkHeight))]
    }, decode: { r in
        .yolo(YoloAttributes(classes: try r.int("classes"), anchors: try r.floats("anchors"), mask: try r.ints("mask"),
                             networkWidth: try r.int("network_width"), networkHeight: try r.int("network_height")))
    })

    static let region = OpCodec(kind: .region, encode: { op in
        guard case .region(let a) = op else { return [] }
        return [("classes", .int(a.classes)), ("coords", .int(a.coords)), ("num", .int(a.num)),
                ("anchors", .floats(a.anchors)), ("softmax", .bool(a.softmax)), ("background", .bool(a.background)),
                ("bias_match", .bool(a.biasMatch)),
                ("network_width", .int(a.networkWidth)), ("network_height", .int(a.networkHeight))]
    }, decode: { r in
        .region(RegionAttributes(classes: try r.int("classes"), coords: try r.int("coords"), num: try r.int("num"),
                                 anchors: try r.floats("anchors"), softmax: try r.bool("softmax"),
                                 background: try r.bool("background"), biasMatch: try r.bool("bias_match"),
                                 networkWidth: try r.int("network_width"), networkHeight: try r.int("network_height")))
    })

    static let detection = OpCodec(kind: .detection, encode: { op in
        guard case .detection(let a) = op else { return [] }
        return [("classes", .int(a.classes)), ("coords", .int(a.coords)), ("side", .int(a.side)), ("num", .int(a.num)),
                ("sqrt", .bool(a.sqrt)), ("softmax", .bool(a.softmax)),
                ("network_width", .int(a.networkWidth)), ("network_height", .int(a.networkHeight))]
    }, decode: { r in
        .detection(DetectionAttributes(classes: try r.int("classes"), coords: try r.int("coords"), side: try r.int("side"),
                                       num: try r.int("num"), sqrt: try r.bool("sqrt"), softmax: try r.bool("softmax"),
                                       networkWidth: try r.int("network_width"), networkHeight: try r.int("network_height")))
    })
}
