import AssetFetch
import Foundation
import LessonKit

/// The terminal output of `lesson fetch`: whole lines, and a byte progress bar per phase.
///
/// On a terminal the bar is redrawn in place at most ten times a second:
/// `BiT-M-R50x1 downloading [██████░░░░] 61%  62.3/102.1 MB  8.4 MB/s  ETA 0:05`.
/// On a pipe or in CI it prints one line per 10% instead (or one every 10 s while the
/// total is unknown), so logs stay short. Progress arrives from URLSession's threads,
/// hence the lock.
final class TransferBar: @unchecked Sendable {
    private let interactive: Bool
    private let clock: () -> TimeInterval
    private let write: (String) -> Void
    private let lock = NSLock()
    private var phase: (asset: String, phase: FetchProgress.Phase)?
    private var phaseStart: TimeInterval = 0
    private var phaseFirstByte: Int64 = 0
    private var lastDraw: TimeInterval = -.infinity
    private var lastDecile = 0
    private var barVisible = false

    init(interactive: Bool,
         clock: @escaping () -> TimeInterval = { ProcessInfo.processInfo.systemUptime },
         write: @escaping (String) -> Void = { FileHandle.standardOutput.write(Data($0.utf8)) })
    {
        self.interactive = interactive
        self.clock = clock
        self.write = write
    }

    /// Prints one line, clearing the bar first.
    func line(_ text: String) {
        lock.withLock {
            clearBar()
            write(text + "\n")
        }
    }

    /// Shows `progress`: redraws the bar, or prints a line when a new tenth is reached.
    func update(_ progress: FetchProgress) {
        lock.withLock {
            let now = clock()
            if phase?.asset != progress.asset || phase?.phase != progress.phase {
                phase = (progress.asset, progress.phase)
                phaseStart = now
                phaseFirstByte = progress.bytesDone
                lastDecile = progress.totalBytes == nil ? 0 : Int(progress.fraction * 10)
                lastDraw = -.infinity
            }
            if interactive {
                guard now - lastDraw >= 0.1 || progress.bytesDone == progress.totalBytes else { return }
                lastDraw = now
                write("\r\u{1B}[2K" + barText(progress, now: now))
                barVisible = true
            } else if let step = nextStep(progress, now: now) {
                lastDecile = step
                write(barText(progress, now: now) + "\n")
            }
        }
    }

    /// Removes the bar at the end of an asset.
    func finish() {
        lock.withLock { clearBar() }
    }

    /// `218.8 MB` (decimal megabytes, as download sizes are usually given).
    static func megabytes(_ bytes: Int64) -> String {
        String(format: "%.1f MB", Double(bytes) / 1e6)
    }

    /// The next reported step on a pipe: a new tenth of the total, or (total unknown)
    /// a new 10-second interval since the phase began; nil when nothing is due.
    private func nextStep(_ progress: FetchProgress, now: TimeInterval) -> Int? {
        let step = progress.totalBytes == nil ? Int((now - phaseStart) / 10) : Int(progress.fraction * 10)
        return step > lastDecile ? step : nil
    }

    private func barText(_ progress: FetchProgress, now: TimeInterval) -> String {
        let elapsed = now - phaseStart
        let rate = elapsed > 0 ? Double(progress.bytesDone - phaseFirstByte) / elapsed : 0
        let speed = String(format: "%.1f MB/s", rate / 1e6)
        let label = "  \(progress.asset) \(progress.phase.rawValue)"
        guard let total = progress.totalBytes, total > 0 else {
            return "\(label)  \(Self.megabytes(progress.bytesDone))  \(speed)"
        }
        let percent = Int(progress.fraction * 100)
        let amounts = String(format: "%.1f/%.1f MB", Double(progress.bytesDone) / 1e6, Double(total) / 1e6)
        let eta = rate > 0 ? Format.clock(Double(total - progress.bytesDone) / rate) : "-"
        guard interactive else { return "\(label): \(percent)%  \(amounts)  \(speed)  ETA \(eta)" }
        let width = 24
        let filled = Int(progress.fraction * Double(width))
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        return "\(label) \(bar) \(percent)%  \(amounts)  \(speed)  ETA \(eta)"
    }

    private func clearBar() {
        guard barVisible else { return }
        write("\r\u{1B}[2K")
        barVisible = false
    }
}
