import Foundation
import SpyglassDetection

/// A bounded queue in front of a fixed set of worker threads. Each worker owns one `Detector` per
/// model, so plans are never shared between threads. Inference runs on these threads, not on the
/// Swift concurrency pool, so a busy model never starves the HTTP side (health checks, metrics and
/// 503s stay fast). At most `workers + queueLimit` jobs are admitted; beyond that `submit` throws
/// `ServerError.overloaded` at once instead of letting memory grow.
final class InferenceQueue: @unchecked Sendable {
    /// What a job sees: its worker's detectors, by model name.
    struct Worker {
        let detectors: [String: Detector]
    }

    private struct Job {
        let run: (Worker) -> Void
        let fail: (any Error) -> Void
    }

    let workerCount: Int
    let queueLimit: Int
    private let condition = NSCondition()
    private var waiting: [Job] = []
    private var waitingHead = 0
    private var running = 0
    private var stopping = false
    private var threads: [Thread] = []
    private var exited = 0
    /// Called with (jobs waiting, jobs running) whenever either changes, under the lock so the
    /// reported values arrive in order (it only sets gauges).
    private let onDepthChange: @Sendable (Int, Int) -> Void

    init(workers: [Worker], queueLimit: Int, onDepthChange: @escaping @Sendable (Int, Int) -> Void = { _, _ in }) {
        self.workerCount = workers.count
        self.queueLimit = queueLimit
        self.onDepthChange = onDepthChange
        for (index, worker) in workers.enumerated() {
            let thread = Thread { self.workLoop(worker) }  // released when the loop exits at shutdown
            thread.name = "spyglass-worker-\(index)"
            thread.stackSize = 8 << 20
            threads.append(thread)
        }
        threads.forEach { $0.start() }
    }

    private var waitingCount: Int { waiting.count - waitingHead }

    /// Jobs admitted and not finished (waiting or running).
    var admitted: Int {
        condition.lock(); defer { condition.unlock() }
        return waitingCount + running
    }

    /// Throws `.overloaded` when a job submitted now would be refused, so handlers can answer 503
    /// before reading a body they could not process (`submit` still decides for real).
    func checkCapacity() throws {
        condition.lock(); defer { condition.unlock() }
        if running + waitingCount >= workerCount + queueLimit { throw ServerError.overloaded(capacity: workerCount + queueLimit) }
    }

    /// Runs `work` on a worker thread and returns its result; throws `.overloaded` immediately when
    /// the queue is full and `.shuttingDown` once `shutdown` has begun.
    func submit<T: Sendable>(_ work: @escaping @Sendable (Worker) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let job = Job(run: { worker in continuation.resume(with: Result { try work(worker) }) },
                          fail: { continuation.resume(throwing: $0) })
            condition.lock()
            if stopping {
                condition.unlock()
                job.fail(ServerError.shuttingDown)
                return
            }
            guard running + waitingCount < workerCount + queueLimit else {
                condition.unlock()
                job.fail(ServerError.overloaded(capacity: workerCount + queueLimit))
                return
            }
            waiting.append(job)
            onDepthChange(waitingCount, running)
            condition.signal()
            condition.unlock()
        }
    }

    private func workLoop(_ worker: Worker) {
        while true {
            condition.lock()
            while waitingCount == 0 && !stopping { condition.wait() }
            if waitingCount == 0 && stopping {
                exited += 1
                condition.broadcast()
                condition.unlock()
                return
            }
            let job = waiting[waitingHead]
            waitingHead += 1
            if waitingHead > 64 && waitingHead * 2 > waiting.count {  // compact the consumed prefix
                waiting.removeFirst(waitingHead)
                waitingHead = 0
            }
            running += 1
            onDepthChange(waitingCount, running)
            condition.unlock()

            job.run(worker)

            condition.lock()
            running -= 1
            onDepthChange(waitingCount, running)
            condition.unlock()
        }
    }

    /// Stops admitting jobs, lets the workers finish every admitted one, and waits for them to exit.
    func shutdown() {
        condition.lock()
        stopping = true
        condition.broadcast()
        while exited < threads.count { condition.wait() }
        condition.unlock()
    }
}
