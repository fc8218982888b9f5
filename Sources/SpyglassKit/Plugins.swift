import SpyglassIR
import SpyglassDetection
import YOLOPlugin
import YOLOv8Plugin

/// The detector plugins built into Spyglass. The core modules know none of them; this is the one
/// place that lists the families, so adding one touches its own folder under Plugins/ and this line.
public enum Plugins {
    public static func registerBuiltins() {
        YOLOPlugins.registerAll()
        YOLOv8Plugins.registerAll()
    }

    /// The registered plugin that interprets `graph` (the one its metadata names, if that matches).
    public static func pluginName(for graph: Graph) -> String? {
        registerBuiltins()
        return PluginRegistry.plugin(for: graph)?.name
    }

    /// Node name → "backbone" / "neck" / "head", from the plugin that interprets the graph (empty if none).
    public static func parts(of graph: Graph) -> [String: String] {
        registerBuiltins()
        guard let type = PluginRegistry.plugin(for: graph), let plugin = try? type.init(graph: graph) else { return [:] }
        let parts = plugin.parts(of: graph)
        var out: [String: String] = [:]
        for n in parts.backbone { out[n] = "backbone" }
        for n in parts.neck { out[n] = "neck" }
        for n in parts.head { out[n] = "head" }
        return out
    }
}
