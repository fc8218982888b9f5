import Foundation

/// A small thread-safe cache that keeps the `capacity` most recently used values (plans per input
/// shape, imported graphs per binding); a value is made on first use, under the lock.
public final class LRUCache<Key: Hashable, Value>: @unchecked Sendable {
    public let capacity: Int
    /// How many values were made (a hit makes none).
    public private(set) var made = 0
    private var values: [Key: Value] = [:]
    private var recency: [Key] = []
    private let lock = NSLock()

    public init(capacity: Int) { self.capacity = max(1, capacity) }

    public func value(for key: Key, make: () throws -> Value) rethrows -> Value {
        try lock.withLock {
            if let value = values[key] {
                recency.removeAll { $0 == key }
                recency.append(key)
                return value
            }
            let value = try make()
            made += 1
            values[key] = value
            recency.append(key)
            if recency.count > capacity { values[recency.removeFirst()] = nil }
            return value
        }
    }
}
