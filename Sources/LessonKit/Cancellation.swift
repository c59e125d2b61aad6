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

/// Turns SIGINT (Ctrl-C), SIGTERM (`kill`, a service manager, a CI timeout) and SIGHUP (the
/// terminal closed) into a cancellation request instead of killing the process, so the runner
/// can mark the cell interrupted, drop its partial state and write the summary: a run stopped
/// any of these ways leaves the same state as Ctrl-C. A second signal exits at once (nothing
/// half-written is ever renamed into the cache).
///
/// Cells check the flag at least once a second; should one step still be running `grace`
/// seconds after the signal (one long call into a library), `onDeadline` records the run as
/// interrupted and the process exits with 130 anyway. That is safe for the same reason a
/// second Ctrl-C is: a cell's state is only ever renamed into the cache once complete, and
/// the next run removes the partial folder the exit leaves.
public final class InterruptHandler {
    /// Seconds between Ctrl-C and the forced exit: the promise is an exit within 2 s.
    public static let defaultGrace: TimeInterval = 1.5

    /// The signals handled, with the name the message gives each.
    static let signals: [(number: Int32, name: String)] = [(SIGINT, "Ctrl-C"), (SIGTERM, "SIGTERM"), (SIGHUP, "SIGHUP")]

    private var sources: [DispatchSourceSignal] = []
    private let lock = NSLock()
    private var count = 0
    private var disarmed = false

    /// Starts listening; keep the handler alive for as long as the run lasts.
    public init(flag: CancellationFlag, console: Console, grace: TimeInterval = InterruptHandler.defaultGrace,
                onDeadline: @escaping () -> Void = {}) {
        for (number, name) in Self.signals {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [weak self] in
                self?.received(name, flag: flag, console: console, grace: grace, onDeadline: onDeadline)
            }
            source.resume()
            sources.append(source)
        }
    }

    private func received(_ name: String, flag: CancellationFlag, console: Console, grace: TimeInterval,
                          onDeadline: @escaping () -> Void) {
        lock.lock()
        count += 1
        let count = self.count
        lock.unlock()
        if count > 1 {
            console.line("\nSecond \(name): exiting now.")
            exit(130)
        }
        console.line("\n\(name): stopping (press Ctrl-C again to exit at once)...")
        flag.cancel()
        DispatchQueue.global().asyncAfter(deadline: .now() + grace) { [weak self] in
            guard let self, self.armed else { return }
            console.line("  the current step did not stop within \(grace) s: exiting now "
                + "(finished cells are cached; the interrupted one is computed again next time)")
            onDeadline()
            exit(130)
        }
    }

    /// False once the run has returned: the forced exit must not cut short the normal one.
    private var armed: Bool {
        lock.lock()
        defer { lock.unlock() }
        return !disarmed
    }

    /// Stops the forced exit (call when the run has returned and is reporting its outcome).
    public func disarm() {
        lock.lock()
        disarmed = true
        lock.unlock()
    }

    deinit {
        for source in sources { source.cancel() }
        for (number, _) in Self.signals { signal(number, SIG_DFL) }
    }
}
