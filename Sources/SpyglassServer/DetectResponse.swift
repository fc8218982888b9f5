import SpyglassDetection

/// Body of `POST /v1/models/{name}/detect`: the detections in pixels of the uploaded image,
/// the same fields `spyglass detect --json` prints.
struct DetectResponse: Encodable {
    struct Item: Encodable {
        struct PixelBox: Encodable {
            var left: Float, top: Float, right: Float, bottom: Float
        }
        var class_id: Int
        var `class`: String
        var score: Float
        var box: PixelBox
    }

    var model: String
    var width: Int
    var height: Int
    /// Milliseconds spent decoding the image and running the detector on a worker.
    var ms: Double
    var detections: [Item]

    init(model: String, width: Int, height: Int, ms: Double, detections: [Detection]) {
        self.model = model; self.width = width; self.height = height
        self.ms = (ms * 10).rounded() / 10
        self.detections = detections.map { d in
            Item(class_id: d.classIndex, class: d.className, score: d.score,
                 box: .init(left: d.box.left, top: d.box.top, right: d.box.right, bottom: d.box.bottom))
        }
    }
}

/// Body of `GET /v1/models`: what the web page offers.
struct ModelListResponse: Encodable {
    struct Entry: Encodable {
        var name: String
        var plugin: String
        var source: String
        var classes: Int
        var input_width: Int
        var input_height: Int
    }
    var models: [Entry]
}
