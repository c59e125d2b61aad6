import Foundation

/// Objects shared between cells of one process (for example a loaded model), outside the cache.
///
/// Key entries by what determines them, typically an upstream cell's cache key
/// (`"model:\(try context.upstreamKey(producing: Backbone.self))"`), so a stale object is never reused.
public final class ProcessMemo: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [String: Any] = [:]

    public init() {}

    /// The value stored under `key`, if it has type `T`.
    public func value<T>(_ key: String, as type: T.Type = T.self) -> T? {
        lock.lock()
        defer { lock.unlock() }
        return values[key] as? T
    }

    /// Stores `value` under `key`, replacing what was there.
    public func store<T>(_ value: T, for key: String) {
        lock.lock()
        values[key] = value
        lock.unlock()
    }

    /// The value under `key`, made and stored by `make` if absent.
    public func value<T>(_ key: String, make: () throws -> T) rethrows -> T {
        if let known: T = value(key) { return known }
        let made = try make()
        store(made, for: key)
        return made
    }
}
