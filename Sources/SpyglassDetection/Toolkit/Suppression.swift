/// From raw candidates (boxes relative to the image) to final detections in pixels of an
/// `imageWidth`×`imageHeight` image: `method.apply`, then every (candidate, class) with
/// prob > `scoreThreshold`, in array order and classes ascending, as Darknet lists them.
public func suppress(_ raw: [RawDetection], method: NMSMethod, classes: Int, scoreThreshold: Float,
                     iouThreshold: Float, imageWidth: Int, imageHeight: Int, classNames: [String] = []) -> [Detection] {
    let kept = method.apply(raw, classes: classes, threshold: iouThreshold)
    return enumerateDetections(kept, threshold: scoreThreshold, imageWidth: imageWidth, imageHeight: imageHeight,
                               classNames: classNames)
}
