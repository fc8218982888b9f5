import SpyglassDetection

/// Entry point of the YOLOv8 plugin family; `registerAll()` is idempotent.
public enum YOLOv8Plugins {
    public static let all: [any DetectorPlugin.Type] = [YOLOv8Plugin.self]

    public static func registerAll() {
        for plugin in all { PluginRegistry.register(plugin) }
    }
}
