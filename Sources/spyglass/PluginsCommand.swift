import ArgumentParser
import SpyglassDetection

struct Plugins: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the registered detector plugins.")

    func run() throws {
        for p in PluginRegistry.all {
            print(p.name.padding(toLength: 10, withPad: " ", startingAt: 0) + p.summary)
        }
    }
}
