import SpyglassIR

/// `[yolo]` (parse_yolo): YOLOv3 output. `mask` picks this scale's anchors out of `num`.
enum YoloLayer {
    static func build(_ o: OptionReader, _ b: GraphBuilder) throws -> LayerOutput {
        let classes = o.int("classes", 20, atLeast: 1)
        let total = o.int("num", 1, atLeast: 1)
        let mask = o.ints("mask") ?? Array(0..<total)
        let anchors = DetectorAnchors.read(o, count: 2 * total)
        o.ignore(["max", "jitter", "ignore_thresh", "truth_thresh", "random", "map"])
        // Loss and training knobs of AlexeyAB's fork; they do not change the forward pass.
        o.ignore(["iou_thresh", "cls_normalizer", "iou_normalizer", "obj_normalizer", "iou_loss", "max_delta",
                  "counters_per_class", "label_smooth_eps", "focal_loss", "resize"])
        if let bad = mask.first(where: { $0 < 0 || $0 >= total }) {
            o.problem(.badValue, key: "mask", "mask entry \(bad) is outside the num=\(total) anchors")
            throw LayerBuildFailure()
        }
        let x = try b.previousImage()
        let attrs = YoloAttributes(classes: classes, anchors: anchors, mask: mask,
                                   networkWidth: b.net.width, networkHeight: b.net.height)
        return LayerOutput(tensor: try b.add("yolo", .yolo(attrs), [x]))
    }
}

/// `[region]` (parse_region): YOLOv2 output; anchors in grid cells.
enum RegionLayer {
    static func build(_ o: OptionReader, _ b: GraphBuilder) throws -> LayerOutput {
        let coords = o.int("coords", 4, atLeast: 0)
        let classes = o.int("classes", 20, atLeast: 0)
        let num = o.int("num", 1, atLeast: 1)
        let softmax = o.bool("softmax")
        let background = o.bool("background")
        let biasMatch = o.bool("bias_match")
        let anchors = DetectorAnchors.read(o, count: 2 * num)
        o.unsupported("tree", "softmax tree not supported yet (yolo9000-style hierarchical classes)")
        o.ignore(["log", "sqrt", "max", "jitter", "rescore", "thresh", "classfix", "absolute", "random",
                  "coord_scale", "object_scale", "noobject_scale", "mask_scale", "class_scale", "map"])
        let x = try b.previousImage()
        let attrs = RegionAttributes(classes: classes, coords: coords, num: num, anchors: anchors, softmax: softmax,
                                     background: background, biasMatch: biasMatch,
                                     networkWidth: b.net.width, networkHeight: b.net.height)
        return LayerOutput(tensor: try b.add("region", .region(attrs), [x]))
    }
}

/// `[detection]` (parse_detection): YOLOv1 output over a side×side grid.
enum DetectionLayer {
    static func build(_ o: OptionReader, _ b: GraphBuilder) throws -> LayerOutput {
        let coords = o.int("coords", 1, atLeast: 0)
        let classes = o.int("classes", 1, atLeast: 0)
        let num = o.int("num", 1, atLeast: 1)
        let side = o.int("side", 7, atLeast: 1)
        let softmax = o.bool("softmax")
        let sqrt = o.bool("sqrt")
        o.ignore(["rescore", "max", "coord_scale", "forced", "object_scale", "noobject_scale", "class_scale",
                  "jitter", "random", "reorg"])
        let x = try b.previous()
        guard let expected = GraphBuilder.product([side, side, (1 + coords) * num + classes]),
              expected == b.shape(x).dropFirst().reduce(1, *) else {
            throw b.fail("side²×((1+coords)×num+classes) = \(side)²×((1+\(coords))×\(num)+\(classes)) must equal the \(b.shape(x).dropFirst().reduce(1, *)) inputs")
        }
        let attrs = DetectionAttributes(classes: classes, coords: coords, side: side, num: num, sqrt: sqrt, softmax: softmax,
                                        networkWidth: b.net.width, networkHeight: b.net.height)
        return LayerOutput(tensor: try b.add("detection", .detection(attrs), [x]), isImage: false)
    }
}

/// `anchors=`: Darknet fills 2·num values (default 0.5 each).
enum DetectorAnchors {
    static func read(_ o: OptionReader, count: Int) -> [Float] {
        guard let values = o.floats("anchors") else { return [Float](repeating: 0.5, count: count) }
        guard values.count == count else {
            o.problem(.badValue, key: "anchors", "expected \(count) anchor values (2 × num), got \(values.count)")
            return [Float](repeating: 0.5, count: count)
        }
        return values
    }
}
