import BigTransferLesson
import LessonKit
import TourLesson
import UpstreamLesson

/// The Swift sources compiled into each lesson module (by the EmbedSources plugin), by lesson
/// program, and each cell's code found in them.
enum LessonSources {
    static let modules: [(program: LessonProgram, files: [SourceFile])] = [
        (TourProgram(), TourLesson.EmbeddedSources.files),
        (UpstreamProgram(), UpstreamLesson.EmbeddedSources.files),
        (BigTransferProgram(), BigTransferLesson.EmbeddedSources.files),
    ]

    /// The sources of lesson `number`'s module (none for a lesson without a program).
    static func files(of number: Int) -> [SourceFile] {
        modules.first { $0.program.number == number }?.files ?? []
    }

    /// Each cell's code: the `struct` named for the cell (`load-dataset` → `LoadDataset`).
    static func code(of lesson: Lesson) -> [String: CellCode] {
        CellCode.locate(cells: lesson.cells.map(\.name), in: files(of: lesson.number))
    }
}
