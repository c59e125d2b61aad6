import Dispatch
import Foundation

/// How many threads the engine's kernels use, and the parallel loops they run on.
///
/// The engine parallelizes itself (BLAS runs single-threaded inside each worker,
/// see `BLASRuntime`), so BLAS threads and the engine's threads never compete for
/// the same cores.
public enum ComputeThreads {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var configured = ProcessInfo.processInfo.activeProcessorCount

    /// The number of worker threads (default: the active processor count).
    public static var count: Int {
        get { lock.withLock { configured } }
        set { lock.withLock { configured = max(1, newValue) } }
    }

    /// Runs `body(worker)` once for each worker in `0..<workers` concurrently.
    public static func run(workers: Int, _ body: (Int) -> Void) {
        if workers <= 1 {
            body(0)
        } else {
            DispatchQueue.concurrentPerform(iterations: workers, execute: body)
        }
    }

    /// Runs `body(range)` over contiguous, nearly equal slices of `0..<total`,
    /// one per worker; slices smaller than `minimumSlice` are not split further.
    public static func forEachSlice(of total: Int, minimumSlice: Int = 1,
                                    _ body: (Range<Int>) -> Void) {
        guard total > 0 else { return }
        let workers = max(1, min(count, total / max(minimumSlice, 1)))
        run(workers: workers) { worker in
            body(total * worker / workers ..< total * (worker + 1) / workers)
        }
    }

    /// Hands the tiles `0..<tiles` out one at a time to the workers (dynamic
    /// scheduling: a worker slowed by another process does not hold the rest back).
    /// `body(tile, worker)` may use per-worker scratch indexed by `worker`.
    public static func forEachTile(_ tiles: Int, workers: Int? = nil,
                                   _ body: (_ tile: Int, _ worker: Int) -> Void) {
        guard tiles > 0 else { return }
        let workerCount = max(1, min(workers ?? count, tiles))
        let next = TileCounter()
        run(workers: workerCount) { worker in
            while let tile = next.take(below: tiles) { body(tile, worker) }
        }
    }
}

/// A shared counter handing out tile indices under a lock.
private final class TileCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    func take(below limit: Int) -> Int? {
        lock.withLock {
            guard value < limit else { return nil }
            defer { value += 1 }
            return value
        }
    }
}
