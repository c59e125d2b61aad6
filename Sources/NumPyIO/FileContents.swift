import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads whole files with errors that say which file and what to do.
enum FileContents {
    /// The bytes of the file at `url`, memory-mapped when possible.
    static func read(_ url: URL) throws -> Data {
        try checkReadable(url)
        do {
            return try Data(contentsOf: url, options: .mappedIfSafe)
        } catch {
            throw NumPyError.unreadable(path: url.path, reason: (error as NSError).localizedDescription)
        }
    }

    /// Throws before any reading starts unless `url` is a regular file (after following links):
    /// `fileNotFound`, `unreadable` (a folder, a link loop, no permission), or `notARegularFile`
    /// for a FIFO or a device, which would block or never end.
    static func checkReadable(_ url: URL) throws {
        var status = stat()
        guard stat(url.path, &status) == 0 else {
            let code = errno
            switch code {
            case ENOENT, ENOTDIR:
                // Arguments are decoded as UTF-8 with U+FFFD for bytes that are not: such a name
                // cannot be found again, and "no such file" would send the learner looking.
                guard url.path.contains("\u{FFFD}") else { throw NumPyError.fileNotFound(path: url.path) }
                throw NumPyError.unreadable(path: url.path, reason: "its name holds bytes that are not UTF-8 (shown "
                                                + "as \u{FFFD}), which cannot be opened; rename the file with UTF-8 "
                                                + "characters")
            case ELOOP:
                throw NumPyError.unreadable(path: url.path, reason: "it is a symbolic link that leads back to "
                                                + "itself (a link loop); point it at the real file")
            default:
                throw NumPyError.unreadable(path: url.path, reason: String(cString: strerror(code)))
            }
        }
        switch status.st_mode & S_IFMT {
        case S_IFREG:
            return
        case S_IFDIR:
            throw NumPyError.unreadable(path: url.path, reason: "it is a folder, not a file")
        case let kind:
            throw NumPyError.notARegularFile(path: url.path, kind: fileKind(kind))
        }
    }

    /// A learner's name for a non-regular file type (`st_mode & S_IFMT`).
    static func fileKind(_ kind: mode_t) -> String {
        switch kind {
        case S_IFIFO: return "a pipe (FIFO)"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFSOCK: return "a socket"
        case S_IFDIR: return "a folder"
        default: return "not a regular file"
        }
    }
}
