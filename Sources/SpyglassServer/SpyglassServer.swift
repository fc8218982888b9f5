import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import SpyglassDetection
import SpyglassKit
import SpyglassRuntime

/// `spyglass serve`: models loaded once, a bounded inference queue in front of worker threads,
/// and a Hummingbird application with the detect, KServe v2, metrics and web-page routes.
///
///     let server = try SpyglassServer(configuration: config)
///     try await server.run()          // until SIGTERM/SIGINT; in-flight requests finish first
public final class SpyglassServer: Sendable {
    public let configuration: ServerConfiguration
    /// Served models in command-line order.
    let models: [ServedModel]
    let queue: InferenceQueue
    let metrics: ServerMetrics
    private let running = Locked<ServiceGroup?>(nil)

    /// Loads every model and starts the worker threads (each plans its own detector per model).
    public init(configuration: ServerConfiguration) throws {
        try configuration.validate()
        Plugins.registerBuiltins()
        let options = RuntimeOptions(threads: configuration.threadsPerWorker)
        var models: [ServedModel] = []
        var firstDetectors: [String: Detector] = [:]
        for spec in configuration.models {
            let (model, detector) = try ServedModel.load(spec, options: options)
            models.append(model)
            firstDetectors[model.name] = detector
        }
        var workers = [InferenceQueue.Worker(detectors: firstDetectors)]
        for _ in 1..<configuration.workers {
            var detectors: [String: Detector] = [:]
            for model in models {
                do { detectors[model.name] = try model.makeDetector(options: options) }
                catch { throw ServerSetupError.modelLoad(name: model.name, reason: "\(error)") }
            }
            workers.append(InferenceQueue.Worker(detectors: detectors))
        }
        let metrics = ServerMetrics()
        self.configuration = configuration
        self.models = models
        self.metrics = metrics
        self.queue = InferenceQueue(workers: workers, queueLimit: configuration.queueLimit) { waiting, running in
            metrics.recordQueue(waiting: waiting, running: running)
        }
    }

    /// The HTTP application. `onListening` gets the bound host and port (useful with port 0).
    public func makeApplication(onListening: @escaping @Sendable (String, Int) -> Void = { _, _ in })
        -> some ApplicationProtocol {
        let router = Router()
        router.add(middleware: RequestObserver(metrics: metrics, logger: configuration.logger))
        if let token = configuration.token { router.add(middleware: BearerTokenGate(token: token)) }
        Routes(server: self).register(on: router)
        let host = configuration.host
        return Application(
            router: router,
            configuration: .init(address: .hostname(host, port: configuration.port), serverName: "spyglass"),
            onServerRunning: { channel in onListening(host, channel.localAddress?.port ?? 0) },
            logger: configuration.logger)
    }

    /// Serves until SIGTERM, SIGINT or `stop()`: stops accepting connections, lets in-flight requests
    /// finish, then stops the workers.
    public func run(onListening: @escaping @Sendable (String, Int) -> Void = { _, _ in }) async throws {
        let group = ServiceGroup(configuration: .init(
            services: [makeApplication(onListening: onListening)],
            gracefulShutdownSignals: [.sigterm, .sigint], logger: configuration.logger))
        running.set(group)
        defer { running.set(nil); shutdown() }
        try await group.run()
        configuration.logger.info("stopped: every request in flight was answered")
    }

    /// Begins the same graceful shutdown as SIGTERM; `run` returns once in-flight requests are answered.
    public func stop() async {
        await running.get()?.triggerGracefulShutdown()
    }

    /// Finishes every admitted inference job and stops the worker threads. Idempotent.
    public func shutdown() { queue.shutdown() }

    func model(named name: String) throws -> ServedModel {
        guard let m = models.first(where: { $0.name == name }) else { throw ServerError.unknownModel(name) }
        return m
    }
}

/// A value shared between tasks behind a lock.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    func get() -> Value { lock.withLock { value } }
    func set(_ newValue: Value) { lock.withLock { value = newValue } }
}
