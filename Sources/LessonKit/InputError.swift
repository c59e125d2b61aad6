import Foundation

/// Problems with external inputs: the paths a learner gives with an input's flag, resolved assets.
public enum InputError: Error, CustomStringConvertible, Equatable {
    case missing(URL)
    case unreadable(URL)
    case emptyFolder(URL, flag: String, what: String)
    case notAFolder(URL, flag: String, what: String)
    case notAFile(URL, flag: String, what: String)
    case unresolved(name: String, lesson: Int)
    case unknownFlag(String, lesson: Int, valid: [String])
    case unexpectedArgument(String, lesson: Int, valid: [String])
    case missingValue(flag: String)
    case repeatedFlag(String)

    public var description: String {
        switch self {
        case .missing(let url): return "\(url.path) does not exist. Check the path you passed."
        case .unreadable(let url): return "\(url.path) cannot be read. Check its permissions."
        case .emptyFolder(let url, let flag, let what):
            return "\(url.path) is empty. --\(flag) needs a folder: \(what)."
        case .notAFolder(let url, let flag, let what):
            return "\(url.path) is a file, not a folder. --\(flag) needs a folder: \(what)."
        case .notAFile(let url, let flag, let what):
            return "\(url.path) is a folder, not a file. --\(flag) needs a file: \(what)."
        case .unresolved(let name, let lesson):
            return "lesson \(lesson)'s program did not resolve its declared input '\(name)'. "
                + "Its resolveInputs must return every input declared in lesson.toml."
        case .unknownFlag(let flag, let lesson, let valid):
            return "lesson \(lesson) takes no option --\(flag). " + Self.options(valid, lesson: lesson)
        case .unexpectedArgument(let argument, let lesson, let valid):
            return "unexpected argument '\(argument)'. " + Self.options(valid, lesson: lesson)
        case .missingValue(let flag):
            return "--\(flag) needs a path: --\(flag) PATH."
        case .repeatedFlag(let flag):
            return "--\(flag) is given twice: give it once."
        }
    }

    private static func options(_ valid: [String], lesson: Int) -> String {
        valid.isEmpty ? "Its inputs take no option (`lesson show \(lesson)` lists them)."
            : "Its inputs' options: \(valid.map { "--\($0)" }.joined(separator: ", ")) (`lesson show \(lesson)`)."
    }

    static func unknownFlag(_ flag: String, lesson: Lesson) -> InputError {
        .unknownFlag(flag, lesson: lesson.number, valid: lesson.inputs.compactMap(\.flag))
    }

    static func unexpectedArgument(_ argument: String, lesson: Lesson) -> InputError {
        .unexpectedArgument(argument, lesson: lesson.number, valid: lesson.inputs.compactMap(\.flag))
    }

    /// Checks a path given for `declaration` against its kind: an existing folder with at least one
    /// visible entry, or an existing, readable file.
    public static func check(_ url: URL, for declaration: InputDeclaration) throws {
        let flag = declaration.flag ?? declaration.name, what = declaration.what
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else { throw missing(url) }
        switch declaration.kind {
        case .folder:
            guard isDirectory.boolValue else { throw notAFolder(url, flag: flag, what: what) }
            guard let entries = try? FileManager.default.contentsOfDirectory(atPath: url.path) else {
                throw unreadable(url)
            }
            guard entries.contains(where: { !$0.hasPrefix(".") }) else { throw emptyFolder(url, flag: flag, what: what) }
        case .file:
            guard !isDirectory.boolValue else { throw notAFile(url, flag: flag, what: what) }
            guard FileManager.default.isReadableFile(atPath: url.path) else { throw unreadable(url) }
        case nil:
            break
        }
    }
}
