import Foundation

/// The options a lesson's inputs add to `lesson run` (`flag` in `[[inputs]]`), read from the
/// arguments the command's own options left over: LessonKit knows no lesson's flags.
public enum InputFlags {
    /// Options of `lesson run` itself, which no input may take.
    public static let reserved = ["cell", "from", "downstream", "set", "output", "lessons", "help", "version"]

    /// The given inputs by name, from `--FLAG PATH` or `--FLAG=PATH` pairs, each checked to be
    /// what its declaration's `kind` says. Throws for an option the lesson does not declare.
    public static func parse(_ arguments: [String], lesson: Lesson,
                             currentDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        throws -> [String: URL] {
        var given: [String: URL] = [:]
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            guard argument.hasPrefix("--") else { throw InputError.unexpectedArgument(argument, lesson: lesson) }
            var flag = String(argument.dropFirst(2)), value: String?
            if let equals = flag.firstIndex(of: "=") {
                value = String(flag[flag.index(after: equals)...])
                flag = String(flag[..<equals])
            } else if index + 1 < arguments.count {
                index += 1
                value = arguments[index]
            }
            guard let declaration = lesson.inputs.first(where: { $0.flag == flag }) else {
                throw InputError.unknownFlag(flag, lesson: lesson)
            }
            guard let value, !value.isEmpty else { throw InputError.missingValue(flag: flag) }
            guard given[declaration.name] == nil else { throw InputError.repeatedFlag(flag) }
            let path = value.hasPrefix("/") ? value : currentDirectory.appendingPathComponent(value).path
            let url = URL(fileURLWithPath: path).standardizedFileURL
            try InputError.check(url, for: declaration)
            given[declaration.name] = url
            index += 1
        }
        return given
    }
}
