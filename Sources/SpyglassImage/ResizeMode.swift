/// How an image is fitted to a network's input size.
public enum ResizeMode: String, Sendable, CaseIterable {
    /// Darknet's `letterbox_image`: keep aspect, Darknet bilinear resize, centre on 0.5 grey.
    case darknetLetterbox = "darknet-letterbox"
    /// Darknet's `resize_image` straight to the network size (aspect not kept).
    case stretch
    /// Ultralytics' `LetterBox`: keep aspect, OpenCV-style bilinear resize, centre on 114/255 grey.
    case ultralyticsLetterbox = "ultralytics-letterbox"
}
