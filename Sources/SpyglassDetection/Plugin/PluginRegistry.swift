import Foundation
import SpyglassIR

/// The detector plugins known to this process. Registration is idempotent and thread-safe;
/// lookups see plugins in registration order.
public enum PluginRegistry {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var registered: [any DetectorPlugin.Type] = []

    /// Adds a plugin; registering a name again replaces the earlier entry in place.
    public static func register(_ plugin: any DetectorPlugin.Type) {
        lock.lock(); defer { lock.unlock() }
        if let i = registered.firstIndex(where: { $0.name == plugin.name }) {
            registered[i] = plugin
        } else {
            registered.append(plugin)
        }
    }

    /// Every registered plugin, in registration order.
    public static var all: [any DetectorPlugin.Type] {
        lock.lock(); defer { lock.unlock() }
        return registered
    }

    public static func plugin(named name: String) -> (any DetectorPlugin.Type)? {
        all.first { $0.name == name }
    }

    /// The plugin named in the graph's metadata if registered and matching, else the first that matches.
    public static func plugin(for graph: Graph) -> (any DetectorPlugin.Type)? {
        let plugins = all
        if let name = graph.metadata.plugin, let named = plugins.first(where: { $0.name == name }), named.matches(graph) {
            return named
        }
        return plugins.first { $0.matches(graph) }
    }
}
