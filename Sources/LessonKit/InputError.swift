import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
    /// The path is a FIFO, a device or a socket, which would block or never end if read.
    case notARegularFile(URL, kind: String, flag: String)
    /// The path is a symbolic link that leads back to itself.
    case linkLoop(URL)
    /// The path as received holds U+FFFD: the name on disk has bytes that are not UTF-8.
    case invalidName(URL)

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
        case let .notARegularFile(url, kind, flag):
            return "\(url.path) is \(kind), not a regular file: reading it could block or never end. "
                + "\(flag) needs the path of a file on disk."
        case .linkLoop(let url):
            return "\(url.path) is a symbolic link that leads back to itself (a link loop). Point the link at the "
                + "real file or folder, or pass that path instead."
        case .invalidName(let url):
            return "\(url.path) cannot be opened: its name holds bytes that are not UTF-8 (shown as \u{FFFD}), "
                + "which this program cannot pass on to the file system. Rename it with UTF-8 characters "
                + "(for example `convmv -f latin1 -t utf8 --notest NAME`)."
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
    /// visible entry, or an existing, readable regular file (not a FIFO or device, which would block).
    public static func check(_ url: URL, for declaration: InputDeclaration) throws {
        let flag = declaration.flag ?? declaration.name, what = declaration.what
        switch declaration.kind {
        case .folder:
            guard try fileType(of: url) == S_IFDIR else { throw notAFolder(url, flag: flag, what: what) }
            guard let entries = try? FileManager.default.contentsOfDirectory(atPath: url.path) else {
                throw unreadable(url)
            }
            guard entries.contains(where: { !$0.hasPrefix(".") }) else { throw emptyFolder(url, flag: flag, what: what) }
        case .file:
            let type = try fileType(of: url)
            guard type != S_IFDIR else { throw notAFile(url, flag: flag, what: what) }
            guard type == S_IFREG else { throw notARegularFile(url, kind: kindName(type), flag: "--" + flag) }
            guard access(url.path, R_OK) == 0 else { throw unreadable(url) }
        case nil:
            _ = try fileType(of: url)
        }
    }

    /// Checks a file given to `flag` of a command (not a lesson input): it exists, is a regular
    /// file (not a folder, FIFO or device), and is readable.
    public static func checkRegularFile(_ url: URL, flag: String) throws {
        try check(url, for: InputDeclaration(name: flag, meaning: "a file", flag: String(flag.drop { $0 == "-" }),
                                             kind: .file))
    }

    /// The file type bits (`S_IFMT`) of `url` after following links, with the reasons `stat`
    /// fails turned into errors that say what to do.
    public static func fileType(of url: URL) throws -> mode_t {
        var status = stat()
        guard stat(url.path, &status) == 0 else {
            switch errno {
            case ELOOP: throw linkLoop(url)
            case EACCES: throw unreadable(url)
            default: throw url.path.contains("\u{FFFD}") ? invalidName(url) : missing(url)
            }
        }
        return status.st_mode & S_IFMT
    }

    /// A learner's name for a file type that is neither a file nor a folder.
    static func kindName(_ type: mode_t) -> String {
        switch type {
        case S_IFIFO: return "a pipe (FIFO)"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFSOCK: return "a socket"
        default: return "a special file"
        }
    }
}
