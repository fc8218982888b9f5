import ArgumentParser
import Foundation
import Logging
import SpyglassServer

/// `spyglass serve`: parses flags and starts `SpyglassServer`; everything else lives in the library.
struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve models over HTTP: detect endpoint, KServe v2 inference protocol, Prometheus metrics, web page.",
        discussion: """
            spyglass serve --model yolo=yolov3-tiny.spyglass --port 8080
            spyglass serve --model tiny=yolov3-tiny.cfg,yolov3-tiny.weights,coco.names --workers 2 --queue 8
            Stops on SIGTERM/SIGINT after finishing the requests in flight.
            """)

    @Option(name: .customLong("model"), help: "NAME=MODEL.spyglass or NAME=MODEL.cfg,MODEL.weights[,CLASSES.names] (repeatable).")
    var models: [String] = []

    @Option(help: "Interface to listen on.")
    var host: String = "127.0.0.1"

    @Option(help: "TCP port (0: any free port, printed at start).")
    var port: Int = 8080

    @Option(help: "Inference worker threads (each holds its own plan per model).")
    var workers: Int = max(1, ProcessInfo.processInfo.activeProcessorCount)

    @Option(help: "Requests allowed to wait for a worker; beyond workers + queue, requests get 503 at once.")
    var queue: Int = 16

    @Option(help: "Largest request body in bytes (413 beyond).")
    var maxBody: Int = ServerConfiguration.defaultMaxBodyBytes

    @Option(help: "Largest image in pixels, width × height (413 beyond).")
    var maxPixels: Int = ServerConfiguration.defaultMaxPixels

    @Option(help: "Require Authorization: Bearer TOKEN on model and metrics endpoints (default: $SPYGLASS_TOKEN if set).")
    var token: String?

    @Option(help: "Kernel threads per worker.")
    var threads: Int = 1

    @Option(help: "Folder of JPEG/PNG samples the web page offers (read-only, by listed name only).")
    var samples: String?

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "info"

    func run() throws {
        guard let level = Logger.Level(rawValue: logLevel) else { throw CLIError("unknown --log-level '\(logLevel)'") }
        var logger = Logger(label: "spyglass.serve")
        logger.logLevel = level
        let specs = try models.map { try ModelSpec(parsing: $0) }
        let config = ServerConfiguration(
            host: host, port: port, models: specs, workers: workers, queueLimit: queue, maxBodyBytes: maxBody,
            maxPixels: maxPixels, token: token ?? ProcessInfo.processInfo.environment["SPYGLASS_TOKEN"],
            threadsPerWorker: threads, samplesDirectory: samples, logger: logger)
        let server = try SpyglassServer(configuration: config)
        let done = DispatchSemaphore(value: 0)
        let failure = LockedError()
        Task {
            do {
                try await server.run { host, port in
                    print("spyglass serving \(specs.map(\.name).joined(separator: ", ")) on http://\(host):\(port)/")
                    fflush(stdout)
                }
            } catch {
                failure.set(error)
            }
            done.signal()
        }
        done.wait()
        if let error = failure.get() { throw CLIError("server stopped: \(error)") }
    }
}

/// The server task's error, handed back to the blocked main thread.
final class LockedError: @unchecked Sendable {
    private let lock = NSLock()
    private var error: (any Error)?
    func set(_ e: any Error) { lock.withLock { error = e } }
    func get() -> (any Error)? { lock.withLock { error } }
}
