import Foundation

/// Reports progress through a loop: an animated bar with count, rate and ETA on a terminal;
/// on a pipe or in CI, one line per 10% instead. Loops shorter than `quietInterval`
/// print nothing. `advance` also checks for Ctrl-C, so a loop that reports progress
/// stops promptly when interrupted.
public final class ProgressReporter: @unchecked Sendable {
    /// The number of steps.
    public let total: Int
    /// What is being counted ("training batches").
    public let label: String
    private let console: Console
    private let cancellation: CancellationFlag
    private let clock: () -> TimeInterval
    private let quietInterval: TimeInterval
    private let start: TimeInterval
    private let lock = NSLock()
    private var completed = 0
    private var lastDecile = 0
    private var lastDraw: TimeInterval = -.infinity
    private var spoke = false
    private var finished = false

    /// - Parameters:
    ///   - clock: seconds from any fixed origin (tests inject their own).
    ///   - quietInterval: nothing is shown until this much time has passed.
    public init(total: Int, label: String, console: Console, cancellation: CancellationFlag,
                clock: @escaping () -> TimeInterval = { ProcessInfo.processInfo.systemUptime },
                quietInterval: TimeInterval = 1) {
        self.total = max(0, total)
        self.label = label
        self.console = console
        self.cancellation = cancellation
        self.clock = clock
        self.quietInterval = quietInterval
        self.start = clock()
    }

    /// Counts `steps` more as done (safe from several threads) and throws `RunInterrupted`
    /// if Ctrl-C was pressed.
    public func advance(by steps: Int = 1) throws {
        try cancellation.check()
        lock.lock()
        completed = min(total, completed + steps)
        let done = completed
        let now = clock()
        let elapsed = now - start
        var message: String?
        var bar: String?
        if done >= total && !finished {
            finished = true
            if spoke || elapsed >= quietInterval { message = completionLine(elapsed: elapsed) }
        } else if elapsed >= quietInterval && total > 0 {
            if console.isInteractive {
                if now - lastDraw >= 0.1 {
                    lastDraw = now
                    spoke = true
                    bar = barLine(done: done, elapsed: elapsed)
                }
            } else {
                let decile = done * 10 / total
                if decile > lastDecile {
                    lastDecile = decile
                    spoke = true
                    message = decileLine(done: done, elapsed: elapsed)
                }
            }
        }
        lock.unlock()
        if let bar { console.drawBar(bar) }
        if let message { console.line(message) }
    }

    private func rateAndETA(done: Int, elapsed: TimeInterval) -> (String, String) {
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let eta = rate > 0 ? Double(total - done) / rate : 0
        return (Format.rate(rate), Format.clock(eta))
    }

    func barLine(done: Int, elapsed: TimeInterval) -> String {
        let width = 24
        let filled = total > 0 ? done * width / total : width
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let (rate, eta) = rateAndETA(done: done, elapsed: elapsed)
        return "  \(label) \(bar) \(done)/\(total)  \(rate)  ETA \(eta)"
    }

    func decileLine(done: Int, elapsed: TimeInterval) -> String {
        let (rate, eta) = rateAndETA(done: done, elapsed: elapsed)
        return "  \(label): \(done * 100 / total)% (\(done)/\(total), \(rate), ETA \(eta))"
    }

    func completionLine(elapsed: TimeInterval) -> String {
        let rate = elapsed > 0 ? Format.rate(Double(total) / elapsed) : "-"
        return "  \(label): \(total)/\(total) in \(Format.duration(elapsed)) (\(rate))"
    }
}
