import ArgumentParser
import Foundation
import LessonKit

extension LessonCommand {
    /// `lesson open N`: the summary and figures of the last run; opens the summary when a display exists.
    struct Open: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the summary and figures of a lesson's last run (newest first) and open the summary.")

        @OptionGroup var selection: LessonSelection

        @Flag(help: "Only print the paths, even with a display.")
        var printOnly = false

        static let figureExtensions: Set<String> = ["png", "svg", "jpg", "jpeg", "pdf"]

        func run() throws {
            _ = try selection.lesson()
            let folder = selection.store.outputDirectory
            let summary = folder.appendingPathComponent("summary.md")
            guard FileManager.default.fileExists(atPath: summary.path) else {
                throw CommandError(description: "lesson \(selection.number) has no summary in \(folder.path) yet. "
                    + "Run `lesson run \(selection.number)` first (or pass the --output DIR you used).")
            }
            for url in ([summary] + figures(in: folder)).sortedNewestFirst() { print(url.path) }
            guard !printOnly, let opener = Self.desktopOpener() else { return }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [opener, summary.path]
            try? process.run()
        }

        private func figures(in folder: URL) -> [URL] {
            let entries = (try? FileManager.default.contentsOfDirectory(
                at: folder, includingPropertiesForKeys: [.contentModificationDateKey],
                options: [.skipsHiddenFiles])) ?? []
            return entries.filter { Self.figureExtensions.contains($0.pathExtension.lowercased()) }
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

extension Array where Element == URL {
    func sortedNewestFirst() -> [URL] {
        func modified(_ url: URL) -> Date {
            (try? url.resourceValues(forKeys: [.contentModificationDateKey]))?.contentModificationDate ?? .distantPast
        }
        return sorted { modified($0) > modified($1) }
    }
}
