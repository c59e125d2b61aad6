import Foundation
import LessonKit
import Testing

@Suite struct ProgressReporterTests {
    final class Recorder: @unchecked Sendable {
        var text = ""
        var now: TimeInterval = 0
        var lines: [String] { text.split(separator: "\n").map(String.init) }
    }

    private func reporter(_ recorder: Recorder, interactive: Bool, total: Int,
                          cancellation: CancellationFlag = CancellationFlag()) -> ProgressReporter {
        let console = Console(isInteractive: interactive) { recorder.text += $0 }
        return ProgressReporter(total: total, label: "batches", console: console, cancellation: cancellation,
                                clock: { recorder.now }, quietInterval: 1)
    }

    @Test func pipesGetOneLinePerTenPercent() throws {
        let recorder = Recorder()
        let progress = reporter(recorder, interactive: false, total: 50)
        for _ in 0..<50 {
            recorder.now += 0.5
            try progress.advance()
        }
        #expect(recorder.lines.count == 10)
        #expect(recorder.lines[0] == "  batches: 10% (5/50, 2.0/s, ETA 0:23)")
        #expect(recorder.lines[8] == "  batches: 90% (45/50, 2.0/s, ETA 0:03)")
        #expect(recorder.lines[9] == "  batches: 50/50 in 25.0 s (2.0/s)")
        #expect(!recorder.text.contains("\r"))
    }

    @Test func shortLoopsStayQuiet() throws {
        let recorder = Recorder()
        let progress = reporter(recorder, interactive: false, total: 10)
        for _ in 0..<10 {
            recorder.now += 0.01
            try progress.advance()
        }
        #expect(recorder.text == "")
    }

    @Test func terminalsGetAnAnimatedBar() throws {
        let recorder = Recorder()
        let progress = reporter(recorder, interactive: true, total: 4)
        recorder.now = 2
        try progress.advance(by: 2)
        #expect(recorder.text == "\r\u{1B}[2K  batches ████████████░░░░░░░░░░░░ 2/4  1.0/s  ETA 0:02")
        recorder.now = 4
        try progress.advance(by: 2)
        #expect(recorder.text.hasSuffix("\r\u{1B}[2K  batches: 4/4 in 4.00 s (1.0/s)\n"))
    }

    @Test func advanceThrowsOnceCancelled() throws {
        let recorder = Recorder()
        let flag = CancellationFlag()
        let progress = reporter(recorder, interactive: false, total: 10, cancellation: flag)
        try progress.advance()
        flag.cancel()
        #expect(throws: RunInterrupted()) { try progress.advance() }
    }
}
