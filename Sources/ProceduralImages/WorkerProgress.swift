import Foundation

/// Counts the items parallel workers finish and keeps the first error any of them hit,
/// shared by the worker threads of a `DispatchQueue.concurrentPerform` loop.
public final class WorkerProgress: @unchecked Sendable {
    private let lock = NSLock()
    private let total: Int
    private let report: ((_ done: Int, _ total: Int) -> Void)?
    private var done = 0
    private var firstError: Error?

    /// A tracker of `total` items; `report` is called (serially, under a lock) after each one.
    public init(total: Int, report: ((_ done: Int, _ total: Int) -> Void)? = nil) {
        self.total = total
        self.report = report
    }

    /// Whether any worker has failed, so that the others can stop early.
    public var failed: Bool { lock.withLock { firstError != nil } }
    /// The first error recorded, if any.
    public var error: Error? { lock.withLock { firstError } }

    /// Records one finished item and reports the count.
    public func finished() {
        lock.withLock {
            done += 1
            report?(done, total)
        }
    }

    /// Records a failure; only the first error is kept.
    public func fail(_ error: Error) {
        lock.withLock { if firstError == nil { firstError = error } }
    }
}
