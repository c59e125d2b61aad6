import Foundation

/// The lessons of a `lessons/` folder: one sub-folder per lesson (`62-big-transfer/lesson.toml`).
public struct LessonCatalog {
    /// The `lessons/` folder.
    public let directory: URL

    public init(directory: URL) {
        self.directory = directory
    }

    /// Finds the `lessons/` folder: `explicit` (`--lessons`), else `$LESSON_LESSONS_DIR`, else the
    /// nearest `lessons/` at or above the current directory, else at or above the executable.
    public static func locate(explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
                              currentDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
                              executable: URL = Self.executableURL) throws -> LessonCatalog {
        if let chosen = explicit ?? environment["LESSON_LESSONS_DIR"].flatMap({ $0.isEmpty ? nil : $0 }) {
            let url = URL(fileURLWithPath: chosen, relativeTo: currentDirectory).standardizedFileURL
            guard isDirectory(url) else { throw CatalogError.notAFolder(url) }
            return LessonCatalog(directory: url)
        }
        for start in [currentDirectory, executable.deletingLastPathComponent()] {
            if let found = searchUpward(from: start) { return LessonCatalog(directory: found) }
        }
        throw CatalogError.notFound(currentDirectory)
    }

    /// The running executable, symlinks resolved.
    public static var executableURL: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.resolvingSymlinksInPath()
    }

    private static func searchUpward(from start: URL) -> URL? {
        var folder = start.standardizedFileURL
        while true {
            let candidate = folder.appendingPathComponent("lessons")
            if isDirectory(candidate) { return candidate }
            let parent = folder.deletingLastPathComponent()
            if parent.path == folder.path { return nil }
            folder = parent
        }
    }

    private static func isDirectory(_ url: URL) -> Bool {
        var flag: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &flag) && flag.boolValue
    }

    /// Every lesson, by number. A broken `lesson.toml` is an error naming it.
    public func lessons() throws -> [Lesson] {
        let entries = (try? FileManager.default.contentsOfDirectory(
            at: directory, includingPropertiesForKeys: nil, options: [.skipsHiddenFiles])) ?? []
        let files = entries.map { $0.appendingPathComponent("lesson.toml") }
            .filter { FileManager.default.fileExists(atPath: $0.path) }
        let lessons = try files.map(LessonFile.load).sorted { $0.number < $1.number }
        for (earlier, later) in zip(lessons, lessons.dropFirst()) where earlier.number == later.number {
            throw CatalogError.duplicateNumber(earlier.number, earlier.file, later.file)
        }
        return lessons
    }

    /// Lesson `number`, or an error listing the known lessons.
    public func lesson(_ number: Int) throws -> Lesson {
        let all = try lessons()
        guard let found = all.first(where: { $0.number == number }) else {
            throw CatalogError.unknownLesson(number, known: all.map { "\($0.number) (\($0.title))" },
                                             directory: directory)
        }
        return found
    }
}

/// Problems finding lessons.
public enum CatalogError: Error, CustomStringConvertible, Equatable {
    case notFound(URL)
    case notAFolder(URL)
    case unknownLesson(Int, known: [String], directory: URL)
    case duplicateNumber(Int, URL, URL)
    case noProgram(Int)

    public var description: String {
        switch self {
        case .notFound(let url):
            return "no lessons/ folder at or above \(url.path) or the lesson executable. "
                + "Run from the repository, or pass --lessons DIR (or set LESSON_LESSONS_DIR)."
        case .notAFolder(let url):
            return "\(url.path) is not a folder of lessons. Pass the repository's lessons/ folder to --lessons."
        case .unknownLesson(let number, let known, let directory):
            let list = known.isEmpty ? "none" : known.joined(separator: ", ")
            return "there is no lesson \(number) in \(directory.path). Known lessons: \(list)."
        case .duplicateNumber(let number, let first, let second):
            return "lesson number \(number) is declared twice: \(first.path) and \(second.path). Renumber one of them."
        case .noProgram(let number):
            return "lesson \(number) has a lesson.toml but no implementation is built into this `lesson` "
                + "executable. Add its LessonProgram to the registry in Sources/lesson/LessonRegistry.swift."
        }
    }
}
