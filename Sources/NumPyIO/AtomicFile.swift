import Foundation
import Tensors

/// Writes files so that a reader sees either the old file or the complete new one, never a
/// half-written file: the content goes to a temporary file in the same folder (so the
/// rename stays on one file system), which is then renamed over the destination.
enum AtomicFile {
    /// Writes `data` to `url` atomically.
    static func write(_ data: Data, to url: URL) throws {
        try write(to: url) { temporary in try data.write(to: temporary) }
    }

    /// Lets `produce` create the file at a temporary URL, then renames it to `url`.
    /// The temporary file is removed if anything fails.
    static func write(to url: URL, _ produce: (URL) throws -> Void) throws {
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        do {
            try produce(temporary)
            guard rename(temporary.path, url.path) == 0 else {
                let code = errno
                if code == ENOSPC || code == EDQUOT { throw NumPyError.diskFull(path: url.path) }
                throw NumPyError.writeFailed(path: url.path, reason: String(cString: strerror(code)))
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            if let error = error as? NumPyError { throw error }
            if isDiskFull(error) { throw NumPyError.diskFull(path: url.path) }
            throw NumPyError.writeFailed(path: url.path, reason: Self.reason(error))
        }
    }

    /// Whether a Foundation or POSIX error (or the one under it) is ENOSPC or EDQUOT.
    static func isDiskFull(_ error: Error) -> Bool { FileSystemFailure.isDiskFull(error) }

    /// A short reason for a Foundation or POSIX error.
    private static func reason(_ error: Error) -> String {
        if let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError {
            return underlying.localizedDescription
        }
        return (error as NSError).localizedDescription
    }
}
