import Dispatch
import Foundation

/// Thrown by `checkCancellation()` once the learner pressed Ctrl-C.
public struct RunInterrupted: Error, CustomStringConvertible, Equatable {
    public init() {}
    public var description: String { "interrupted (Ctrl-C)" }
}

/// A flag set from a signal handler and polled by cells between steps.
public final class CancellationFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var cancelled = false

    public init() {}

    /// Whether cancellation was requested.
    public var isCancelled: Bool {
        lock.lock()
        defer { lock.unlock() }
        return cancelled
    }

    /// Requests cancellation; running cells stop at their next check.
    public func cancel() {
        lock.lock()
        cancelled = true
        lock.unlock()
    }

    /// Throws `RunInterrupted` if cancellation was requested.
    public func check() throws {
        if isCancelled { throw RunInterrupted() }
    }
}

/// Turns SIGINT (Ctrl-C) into a cancellation request instead of killing the process,
/// so the runner can mark the cell interrupted, drop its partial state and write the summary.
/// A second Ctrl-C exits at once (nothing half-written is ever renamed into the cache).
public final class InterruptHandler {
    private let source: DispatchSourceSignal
    private var count = 0

    /// Starts listening; keep the handler alive for as long as the run lasts.
    public init(flag: CancellationFlag, console: Console) {
        signal(SIGINT, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler { [weak self] in
            guard let self else { return }
            self.count += 1
            if self.count > 1 {
                console.line("\nSecond Ctrl-C: exiting now.")
                exit(130)
            }
            console.line("\nCtrl-C: stopping after the current step (press again to exit at once)...")
            flag.cancel()
        }
        source.resume()
    }

    deinit {
        source.cancel()
        signal(SIGINT, SIG_DFL)
    }
}
