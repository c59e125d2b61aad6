import ArgumentParser
import Foundation
import LessonKit

extension LessonCommand {
    /// `lesson render N`: rewrites the views of the last run from its record and cache.
    struct Render: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Rewrite summary.md, index.html and the .ipynb of a lesson's last run from its cache, "
                + "running no cell.")

        @OptionGroup var selection: LessonSelection

        func run() throws {
            let lesson = try selection.lesson()
            let started = Date()
            let writer = SummaryWriter(lesson: lesson, store: selection.store, code: CellCode.locate(cells: lesson.cells.map(\.name), in: try LessonRegistry.program(lesson.number).sources))
            try writer.writeFromCache()
            let elapsed = Date().timeIntervalSince(started)
            for url in [writer.url, writer.pageURL, writer.notebookURL] { print(url.path) }
            print("Rendered lesson \(lesson.number)'s last run from the cache in \(Format.duration(elapsed)); "
                + "no cell ran.")
        }
    }
}
