import ArgumentParser
import Foundation
import LessonKit

extension LessonCommand {
    /// `lesson open N`: every output of the last run in lesson order, and the page in the browser.
    struct Open: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print every output of a lesson's last run in lesson order and open its index.html in the browser.")

        @OptionGroup var selection: LessonSelection

        @Flag(help: "Only print the paths, even with a desktop.")
        var printOnly = false

        func run() throws {
            let lesson = try selection.lesson()
            let store = selection.store
            let writer = SummaryWriter(lesson: lesson, store: store)
            guard let record = RunRecord.load(from: store),
                  FileManager.default.fileExists(atPath: writer.url.path) else {
                throw CommandError(description: "lesson \(selection.number) has no run in \(store.outputDirectory.path) yet. "
                    + "Run `lesson run \(selection.number)` first (or pass the --output DIR you used).")
            }
            for url in Self.outputs(of: lesson, run: record, store: store) { print(url.path) }
            guard !printOnly else { return }
            guard FileManager.default.fileExists(atPath: writer.pageURL.path) else {
                printError("No index.html in \(store.outputDirectory.path): run `lesson render \(lesson.number)` to write it.")
                return
            }
            guard let opener = Self.desktopOpener() else {
                printError("No desktop here (neither DISPLAY nor WAYLAND_DISPLAY is set), so nothing was opened: "
                    + "open \(writer.pageURL.path) in a browser on a machine with one.")
                return
            }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [opener, writer.pageURL.path]
            do {
                try process.run()
            } catch {
                printError("Could not run \(opener) to open \(writer.pageURL.path): \(error)")
            }
        }

        /// What the run wrote, in lesson order: each cell's published files (figures, CSV, JSON)
        /// in the order it published them, then `summary.md`, `index.html` and the notebook.
        /// Only files that exist are listed.
        static func outputs(of lesson: Lesson, run: RunRecord, store: ArtifactStore) -> [URL] {
            let records = SummaryWriter.storedRecords(of: run, in: store)
            let published = topologicalOrder(lesson.graph).flatMap { records[$0]?.published ?? [] }
            let writer = SummaryWriter(lesson: lesson, store: store)
            var seen: Set<String> = []
            let urls = published.filter { seen.insert($0).inserted }.map { store.outputDirectory.appendingPathComponent($0) }
                + [writer.url, writer.pageURL, writer.notebookURL]
            return urls.filter { FileManager.default.fileExists(atPath: $0.path) }
        }

        private func printError(_ message: String) {
            FileHandle.standardError.write(Data((message + "\n").utf8))
        }

        /// `open` on macOS; `xdg-open` on Linux when a display is available; nil otherwise.
        static func desktopOpener(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
            #if os(macOS)
            return "open"
            #else
            let display = [environment["DISPLAY"], environment["WAYLAND_DISPLAY"]].contains { !($0 ?? "").isEmpty }
            return display ? "xdg-open" : nil
            #endif
        }
    }
}
