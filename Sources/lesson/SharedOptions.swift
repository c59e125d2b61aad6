import ArgumentParser
import Foundation
import LessonKit

/// Where lessons are found (`--lessons`), shared by every subcommand.
struct LessonsOptions: ParsableArguments {
    @Option(name: .customLong("lessons"), help: ArgumentHelp(
        "The lessons/ folder (default: $LESSON_LESSONS_DIR, else the nearest lessons/ above the current "
            + "directory or the executable).", valueName: "dir"))
    var directory: String?

    /// The catalog of lessons.
    func catalog() throws -> LessonCatalog {
        try LessonCatalog.locate(explicit: directory)
    }
}

/// A lesson number and where its lesson and output live, shared by `show`, `run`, `open`, `clean`.
struct LessonSelection: ParsableArguments {
    @Argument(help: "The lesson number (see `lesson list`).")
    var number: Int

    @OptionGroup var lessons: LessonsOptions

    @Option(name: .customLong("output"), help: ArgumentHelp(
        "The output root; lesson N writes to DIR/N/.", valueName: "dir"))
    var outputRoot: String = "output"

    /// The lesson's declaration.
    func lesson() throws -> Lesson {
        try lessons.catalog().lesson(number)
    }

    /// Refuses an output root (or its lesson folder) that is a link loop: creating folders in it
    /// would fail later as "missing and could not be created".
    func checkOutputRoot() throws {
        let root = URL(fileURLWithPath: outputRoot)
        for url in [root, root.appendingPathComponent("\(number)")] {
            do {
                _ = try InputError.fileType(of: url)
            } catch InputError.linkLoop(let loop) {
                throw InputError.linkLoop(loop)
            } catch {
                continue  // missing is fine: the runner creates it, and says so if it cannot
            }
        }
    }

    /// The lesson's output folder and cache.
    var store: ArtifactStore {
        ArtifactStore(outputRoot: URL(fileURLWithPath: outputRoot).standardizedFileURL, lesson: number)
    }
}

/// Errors from the command line, outside the runtime's own.
struct CommandError: Error, CustomStringConvertible {
    let description: String
}
