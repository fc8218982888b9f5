import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Hummingbird
import HummingbirdTesting
@testable import SpyglassServer
import TestSupport
import XCTest

/// The bounded queue (503 beyond capacity, no growth), recovery, and graceful shutdown.
final class OverloadAndShutdownTests: XCTestCase {
    func testQueueAdmitsWorkersPlusQueueLimitAndRefusesTheRestAtOnce() async throws {
        let queue = InferenceQueue(workers: [.init(detectors: [:])], queueLimit: 1)
        defer { queue.shutdown() }
        let gate = Gate()
        // The blocking job must be the one running: tasks start in no fixed order, so submit the
        // second only once the first holds the worker.
        let first = Task { try await queue.submit { _ in gate.hold(); return 1 } }
        try await gate.waitUntilHeld()
        let second = Task { try await queue.submit { _ in 2 } }
        try await Self.waitUntil(queue, admits: 2, else: gate)
        do {
            _ = try await queue.submit { _ in 3 }
            XCTFail("a third job must be refused while one runs and one waits")
        } catch let error as ServerError {
            XCTAssertEqual(error, .overloaded(capacity: 2))
        }
        gate.open()
        let results = try await [first.value, second.value]
        XCTAssertEqual(results, [1, 2])
        try await ServerFixture.waitUntilIdle(queue)
        let again = try await queue.submit { _ in 4 }  // recovered
        XCTAssertEqual(again, 4)
    }

    func testQueueShutdownFinishesAdmittedJobsThenRefusesNewOnes() async throws {
        let queue = InferenceQueue(workers: [.init(detectors: [:])], queueLimit: 4)
        let gate = Gate()
        let blocking = Task { try await queue.submit { _ in gate.hold(); return 0 } }
        try await gate.waitUntilHeld()
        let queued = (1..<3).map { i in Task { try await queue.submit { _ in i } } }
        try await Self.waitUntil(queue, admits: 3, else: gate)
        let stopper = Thread { queue.shutdown() }
        stopper.start()
        gate.open()
        var results = [try await blocking.value]
        for job in queued { results.append(try await job.value) }
        XCTAssertEqual(results, [0, 1, 2])
        let deadline = Date().addingTimeInterval(30)
        while queue.admitted > 0 || !stopper.isFinished {
            guard Date() < deadline else { return XCTFail("shutdown did not finish within 30 s") }
            try await Task.sleep(nanoseconds: 1_000_000)
        }
        do {
            _ = try await queue.submit { _ in 9 }
            XCTFail("jobs after shutdown must be refused")
        } catch let error as ServerError {
            XCTAssertEqual(error, .shuttingDown)
        }
    }

    func testOverloadGivesOnly503BeyondCapacityAndTheServerRecovers() async throws {
        let server = try SpyglassServer(configuration: ServerFixture.configuration(workers: 1, queue: 1))
        defer { server.shutdown() }
        let dog = try ServerFixture.dogBytes()
        try await server.makeApplication().test(.ahc(.http)) { client in
            let responses = try await withThrowingTaskGroup(of: TestResponse.self) { group in
                for _ in 0..<12 {
                    group.addTask { try await client.execute(uri: "/v1/models/yolo/detect", method: .post, body: ByteBuffer(bytes: dog)) }
                }
                return try await group.reduce(into: [TestResponse]()) { $0.append($1) }
            }
            let statuses = responses.map(\.status)
            XCTAssertEqual(statuses.filter { $0 != .ok && $0 != .serviceUnavailable }, [], "only 200 and 503")
            XCTAssertGreaterThanOrEqual(statuses.filter { $0 == .ok }.count, 2, "capacity 2 is always served")
            let refused = responses.filter { $0.status == .serviceUnavailable }
            XCTAssertGreaterThanOrEqual(refused.count, 1, "12 simultaneous requests exceed 1 worker + 1 queued")
            for r in refused {
                XCTAssertEqual(r.headers[.retryAfter], "1")
                XCTAssertTrue(try r.assertError(.serviceUnavailable).contains("at capacity: all 2 inference slots"))
            }
            try await ServerFixture.waitUntilIdle(server.queue)
            let after = try await client.execute(uri: "/v1/models/yolo/detect", method: .post, body: ByteBuffer(bytes: dog))
            XCTAssertEqual(after.status, .ok, "a normal request succeeds after the burst")
        }
    }

    func testGracefulShutdownAnswersRequestsInFlight() async throws {
        let server = try SpyglassServer(configuration: ServerFixture.configuration(workers: 1, queue: 4))
        let port = Locked<Int>(0)
        let running = Task { try await server.run { _, p in port.set(p) } }
        while port.get() == 0 { try await Task.sleep(nanoseconds: 5_000_000) }
        // Hold the only worker so all three requests are admitted (in flight) when the stop comes;
        // otherwise one may finish before the others arrive and the count never reaches three.
        let gate = Gate()
        let holder = Task { try await server.queue.submit { _ in gate.hold() } }
        try await gate.waitUntilHeld()
        let url = URL(string: "http://127.0.0.1:\(port.get())/v1/models/yolo/detect")!
        let dog = try Data(contentsOf: ServerFixture.dogJPEG)
        let requests = (0..<3).map { _ in
            Task { () -> (Int, Int) in
                var request = URLRequest(url: url)
                request.httpMethod = "POST"
                request.httpBody = dog
                let (data, response) = try await URLSession.shared.data(for: request)
                let body = try JSONSerialization.jsonObject(with: data) as? [String: Any]
                return ((response as? HTTPURLResponse)?.statusCode ?? 0, (body?["detections"] as? [Any])?.count ?? -1)
            }
        }
        try await Self.waitUntil(server.queue, admits: 4, else: gate)
        await server.stop()  // what SIGTERM triggers; it returns at once, the requests are still held
        gate.open()
        try await holder.value
        for r in requests {
            let (status, detections) = try await r.value
            XCTAssertEqual(status, 200)
            XCTAssertGreaterThan(detections, 0)
        }
        try await running.value
        var late = URLRequest(url: URL(string: "http://127.0.0.1:\(port.get())/v2/health/live")!)
        late.timeoutInterval = 5
        do {
            _ = try await URLSession.shared.data(for: late)
            XCTFail("the server still accepts connections after shutdown")
        } catch {}
    }

    func testServeCommandExitsCleanlyOnSIGTERM() throws {
        let model = try ServerFixture.spyglassFile.get()
        let process = Process()
        process.executableURL = try Self.spyglassExecutable()
        process.arguments = ["serve", "--model", "yolo=\(model.path)", "--port", "0", "--workers", "1", "--log-level", "warning"]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.interrupt() } }
        // The first stdout line names the bound address.
        var line = Data()
        while !line.contains(10) {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self)
        XCTAssertTrue(text.hasPrefix("spyglass serving yolo on http://127.0.0.1:"), text)
        let port = text.split(separator: ":").last.flatMap { Int($0.prefix { $0.isNumber }) } ?? 0
        XCTAssertGreaterThan(port, 0)
        let health = try Self.get(URL(string: "http://127.0.0.1:\(port)/v2/health/live")!)
        XCTAssertEqual(String(decoding: health, as: UTF8.self), #"{"live":true}"#)
        process.terminate()  // SIGTERM
        let deadline = Date().addingTimeInterval(15)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        XCTAssertFalse(process.isRunning, "serve did not stop within 15 s of SIGTERM")
        process.waitUntilExit()
        XCTAssertEqual(process.terminationReason, .exit)
        XCTAssertEqual(process.terminationStatus, 0)
    }

    /// The `spyglass` binary of this build: next to the test bundle (CLIRunner's guess), or in the
    /// folder that holds it (where Linux's `Bundle(for:)` points).
    static func spyglassExecutable() throws -> URL {
        let candidates = [CLIRunner.executable,
                          Bundle(for: OverloadAndShutdownTests.self).bundleURL.appendingPathComponent("spyglass")]
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw XCTSkip("spyglass executable not built (looked at \(candidates.map(\.path)))")
        }
        return found
    }

    /// Waits (bounded, so a scheduling problem fails the test instead of hanging the suite) until
    /// `queue` has admitted `count` jobs; on timeout opens `gate` so nothing stays blocked.
    static func waitUntil(_ queue: InferenceQueue, admits count: Int, else gate: Gate,
                          file: StaticString = #filePath, line: UInt = #line) async throws {
        let deadline = Date().addingTimeInterval(30)
        while queue.admitted < count {
            guard Date() < deadline else {
                gate.open()
                throw TimedOut(what: "\(count) jobs admitted within 30 s (admitted: \(queue.admitted))")
            }
            try await Task.sleep(nanoseconds: 1_000_000)
        }
    }

    /// A blocking GET for the synchronous test.
    static func get(_ url: URL) throws -> Data {
        let done = DispatchSemaphore(value: 0)
        let result = Locked<Result<Data, any Error>>(.failure(URLError(.timedOut)))
        URLSession.shared.dataTask(with: url) { data, _, error in
            result.set(error.map { .failure($0) } ?? .success(data ?? Data()))
            done.signal()
        }.resume()
        _ = done.wait(timeout: .now() + 10)
        return try result.get().get()
    }
}

struct TimedOut: Error, CustomStringConvertible {
    let what: String
    var description: String { "timed out waiting for \(what)" }
}

/// A job that holds its worker until the test opens the gate; the test can wait until it is held.
final class Gate: Sendable {
    private let held = DispatchSemaphore(value: 0)
    private let opened = DispatchSemaphore(value: 0)

    /// Called on the worker thread: says it is held, then blocks until `open` (at most 60 s).
    func hold() {
        held.signal()
        _ = opened.wait(timeout: .now() + 60)
    }

    func open() { opened.signal() }

    /// Bounded, and polled so no cooperative thread blocks.
    func waitUntilHeld() async throws {
        let deadline = Date().addingTimeInterval(30)
        while held.wait(timeout: .now()) == .timedOut {
            guard Date() < deadline else { open(); throw TimedOut(what: "the job to start") }
            try await Task.sleep(nanoseconds: 1_000_000)
        }
    }
}
