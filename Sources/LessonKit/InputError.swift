import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Problems with external inputs (`--data`, `--weights`, resolved assets).
public enum InputError: Error, CustomStringConvertible, Equatable {
    case missing(URL)
    case unreadable(URL)
    case emptyFolder(URL)
    case notAFolder(URL)
    case notAFile(URL)
    case unresolved(name: String, lesson: Int)
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
        case .emptyFolder(let url):
            return "\(url.path) is empty. --data needs an image folder with one sub-folder per class."
        case .notAFolder(let url):
            return "\(url.path) is a file, not a folder. --data needs a folder with one sub-folder per class."
        case .notAFile(let url): return "\(url.path) is a folder, not a file. --weights needs a checkpoint file."
        case .unresolved(let name, let lesson):
            return "lesson \(lesson)'s program did not resolve its declared input '\(name)'. "
                + "Its resolveInputs must return every input declared in lesson.toml."
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

    /// Checks `--data`: an existing folder with at least one visible entry.
    public static func checkDataFolder(_ url: URL) throws {
        guard try fileType(of: url) == S_IFDIR else { throw notAFolder(url) }
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: url.path) else {
            throw unreadable(url)
        }
        guard entries.contains(where: { !$0.hasPrefix(".") }) else { throw emptyFolder(url) }
    }

    /// Checks `--weights`: an existing, readable regular file.
    public static func checkWeightsFile(_ url: URL) throws {
        try checkRegularFile(url, flag: "--weights")
    }

    /// Checks a file given to `flag`: it exists, is a regular file (not a folder, FIFO or
    /// device), and is readable.
    public static func checkRegularFile(_ url: URL, flag: String) throws {
        let type = try fileType(of: url)
        guard type != S_IFDIR else { throw notAFile(url) }
        guard type == S_IFREG else { throw notARegularFile(url, kind: kindName(type), flag: flag) }
        guard access(url.path, R_OK) == 0 else { throw unreadable(url) }
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
