import ArgumentParser
import LessonKit

extension LessonCommand {
    /// `lesson list`: the lessons found under `lessons/`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the available lessons.")

        @OptionGroup var lessons: LessonsOptions

        func run() throws {
            let catalog = try lessons.catalog()
            let all = try catalog.lessons()
            if all.isEmpty {
                print("No lessons in \(catalog.directory.path).")
                return
            }
            let width = all.map { String($0.number).count }.max() ?? 2
            for lesson in all {
                let number = String(lesson.number).leftPadded(to: width)
                let implemented = LessonRegistry.programs.contains { $0.number == lesson.number }
                print("\(number)  \(lesson.title)\(implemented ? "" : "  (not built into this executable)")")
            }
        }
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        String(repeating: " ", count: max(0, width - count)) + self
    }

    func rightPadded(to width: Int) -> String {
        self + String(repeating: " ", count: max(0, width - count))
    }
}
