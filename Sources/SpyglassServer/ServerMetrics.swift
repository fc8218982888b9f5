import Foundation
import Metrics
import class Prometheus.PrometheusCollectorRegistry
import struct Prometheus.PrometheusMetricsFactory

/// The server's metrics, through the swift-metrics API, into a Prometheus registry owned by this
/// server instance (not the process-wide MetricsSystem, so several servers — tests — stay apart).
final class ServerMetrics: @unchecked Sendable {
    let registry = PrometheusCollectorRegistry()
    private let factory: PrometheusMetricsFactory
    private let queueWaiting: Gauge
    private let queueRunning: Gauge
    private let rejected: Counter
    private let lock = NSLock()
    private var requestCounters: [String: Counter] = [:]
    private var requestTimers: [String: Metrics.Timer] = [:]
    private var inferenceTimers: [String: Metrics.Timer] = [:]

    init() {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
            .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500),
            .seconds(5), .seconds(10),
        ]
        self.factory = factory
        queueWaiting = Gauge(label: "spyglass_queue_waiting", factory: factory)
        queueRunning = Gauge(label: "spyglass_queue_running", factory: factory)
        rejected = Counter(label: "spyglass_queue_rejected_total", factory: factory)
        queueWaiting.record(0)
        queueRunning.record(0)
    }

    /// One finished HTTP request. `route` is the matched route pattern (bounded cardinality).
    func recordRequest(route: String, method: String, status: Int, seconds: Double) {
        let key = "\(route) \(method) \(status)"
        let timerKey = "\(route) \(method)"
        let (counter, timer): (Counter, Metrics.Timer) = lock.withLock {
            let c = requestCounters[key] ?? Counter(
                label: "spyglass_http_requests_total",
                dimensions: [("route", route), ("method", method), ("status", String(status))], factory: factory)
            requestCounters[key] = c
            let t = requestTimers[timerKey] ?? Metrics.Timer(
                label: "spyglass_http_request_duration_seconds",
                dimensions: [("route", route), ("method", method)], factory: factory)
            requestTimers[timerKey] = t
            return (c, t)
        }
        counter.increment()
        timer.recordNanoseconds(Int64(seconds * 1e9))
    }

    func recordInference(model: String, seconds: Double) {
        let timer: Metrics.Timer = lock.withLock {
            let t = inferenceTimers[model] ?? Metrics.Timer(
                label: "spyglass_inference_duration_seconds", dimensions: [("model", model)], factory: factory)
            inferenceTimers[model] = t
            return t
        }
        timer.recordNanoseconds(Int64(seconds * 1e9))
    }

    func recordQueue(waiting: Int, running: Int) {
        queueWaiting.record(waiting)
        queueRunning.record(running)
    }

    func recordRejection() { rejected.increment() }

    /// The Prometheus text exposition of every metric.
    func exposition() -> [UInt8] { registry.emitToBuffer() }
}
