import Foundation

/// Where the runner's terminal output goes, and whether it may animate.
///
/// Lines and the progress bar share one lock, so a bar being redrawn from a worker
/// thread never splits a line.
public final class Console: @unchecked Sendable {
    /// True for an interactive terminal: progress bars animate in place.
    /// False for pipes and CI: progress is printed as whole lines.
    public let isInteractive: Bool
    private let sink: (String) -> Void
    private let errorSink: ((String) -> Void)?
    private let lock = NSLock()
    private var barVisible = false

    /// A console writing to `sink`; `isInteractive` decides how progress is shown.
    /// `errorSink`, when given, also receives every `error` line (standard error).
    public init(isInteractive: Bool, sink: @escaping (String) -> Void, errorSink: ((String) -> Void)? = nil) {
        self.isInteractive = isInteractive
        self.sink = sink
        self.errorSink = errorSink
    }

    /// Standard output; interactive only for a terminal, and never under `CI` or `TERM=dumb`.
    public convenience init() {
        let environment = ProcessInfo.processInfo.environment
        let ci = environment["CI"].map { !$0.isEmpty && $0 != "false" && $0 != "0" } ?? false
        let dumb = environment["TERM"] == "dumb"
        self.init(isInteractive: isatty(STDOUT_FILENO) == 1 && !ci && !dumb, sink: { text in
            FileHandle.standardOutput.write(Data(text.utf8))
        }, errorSink: { text in
            FileHandle.standardError.write(Data(text.utf8))
        })
    }

    /// Writes `text` to standard error as well (when this console has an error sink), so a
    /// failure is seen by whoever reads only stderr (a script, CI, `2>` to a log file).
    public func error(_ text: String) {
        guard let errorSink else { return }
        lock.lock()
        defer { lock.unlock() }
        errorSink(text + "\n")
    }

    /// Prints one line (clearing a progress bar first, if one is shown).
    public func line(_ text: String) {
        lock.lock()
        defer { lock.unlock() }
        if barVisible {
            sink("\r\u{1B}[2K")
            barVisible = false
        }
        sink(text + "\n")
    }

    /// Draws `text` in place of the current progress bar (interactive consoles only).
    func drawBar(_ text: String) {
        guard isInteractive else { return }
        lock.lock()
        defer { lock.unlock() }
        sink("\r\u{1B}[2K" + text)
        barVisible = true
    }

    /// Removes a progress bar, if one is shown.
    func clearBar() {
        lock.lock()
        defer { lock.unlock() }
        if barVisible {
            sink("\r\u{1B}[2K")
            barVisible = false
        }
    }
}

/// Human-readable durations and counts for terminal and summary.
public enum Format {
    /// `3,670`, `-2,064,728`: thousands separated by commas whatever the locale.
    public static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var groups: [Substring] = []
        var end = digits.endIndex
        while end > digits.startIndex {
            let start = digits.index(end, offsetBy: -3, limitedBy: digits.startIndex) ?? digits.startIndex
            groups.insert(digits[start..<end], at: 0)
            end = start
        }
        return (value < 0 ? "-" : "") + groups.joined(separator: ",")
    }

    /// `0.42 s`, `12.3 s`, `2 min 05 s`, `1 h 02 min`.
    public static func duration(_ seconds: TimeInterval) -> String {
        if seconds < 10 { return String(format: "%.2f s", seconds) }
        if seconds < 60 { return String(format: "%.1f s", seconds) }
        let whole = Int(seconds.rounded())
        if whole < 3600 { return String(format: "%d min %02d s", whole / 60, whole % 60) }
        return String(format: "%d h %02d min", whole / 3600, (whole % 3600) / 60)
    }

    /// `m:ss` for an ETA.
    public static func clock(_ seconds: TimeInterval) -> String {
        let whole = max(0, Int(seconds.rounded()))
        if whole >= 3600 { return String(format: "%d:%02d:%02d", whole / 3600, (whole % 3600) / 60, whole % 60) }
        return String(format: "%d:%02d", whole / 60, whole % 60)
    }

    /// `12.3/s` or `154/s`.
    static func rate(_ perSecond: Double) -> String {
        perSecond >= 10 ? String(format: "%.0f/s", perSecond) : String(format: "%.1f/s", perSecond)
    }
}
