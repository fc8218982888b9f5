import SpyglassDetection

/// Entry point of the YOLO plugin family: the CLI (and anyone embedding Spyglass) calls
/// `registerAll()` once; calling it again changes nothing.
public enum YOLOPlugins {
    public static let all: [any DetectorPlugin.Type] = [YOLOv1Plugin.self, YOLOv2Plugin.self, YOLOv3Plugin.self]

    public static func registerAll() {
        for plugin in all { PluginRegistry.register(plugin) }
    }
}
