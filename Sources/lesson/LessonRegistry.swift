import LessonKit
import BigTransferLesson
import TourLesson
import UpstreamLesson

/// The lesson implementations built into this executable, matched to `lessons/*/lesson.toml` by number.
enum LessonRegistry {
    static let programs: [LessonProgram] = [
        TourProgram(),
        UpstreamProgram(),
        BigTransferProgram(),
    ]

    /// The program of lesson `number`.
    static func program(_ number: Int) throws -> LessonProgram {
        guard let program = programs.first(where: { $0.number == number }) else {
            throw CatalogError.noProgram(number)
        }
        return program
    }
}
