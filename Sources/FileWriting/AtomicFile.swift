import Foundation

/// Writes files so readers never see them half-written: the content goes to a temporary file in
/// the same folder (so the rename stays on one file system), which is then renamed over the
/// destination; a reader sees the old file or the complete new one. The temporary file is removed
/// if anything fails. File-system failures are `FileWriteError`s naming the file (a full disk
/// says so).
public enum AtomicFile {
    /// Writes `data` to `url`. With `createFolder`, the folder is created first if missing;
    /// without it, a missing folder is a failure.
    public static func write(_ data: Data, to url: URL, createFolder: Bool = true) throws {
        try write(to: url, createFolder: createFolder) { temporary in try data.write(to: temporary) }
    }

    /// Lets `produce` create the file at a temporary URL, then renames it to `url`. What `produce`
    /// throws is rethrown as it is, except Foundation and POSIX errors, which become `FileWriteError`s.
    public static func write(to url: URL, createFolder: Bool = true, _ produce: (URL) throws -> Void) throws {
        if createFolder { try self.createFolder(of: url) }
        let temporary = temporaryURL(beside: url)
        do {
            try produce(temporary)
            try rename(temporary, to: url)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw isFileSystemError(error) ? FileWriteError.from(error, writing: url) : error
        }
    }

    /// Copies `source` to `destination`, creating its folder if missing.
    public static func copy(_ source: URL, to destination: URL) throws {
        try write(to: destination) { temporary in try FileManager.default.copyItem(at: source, to: temporary) }
    }

    private static func createFolder(of url: URL) throws {
        let folder = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw FileWriteError.from(error, writing: folder)
        }
    }

    private static func temporaryURL(beside url: URL) -> URL {
        url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
    }

    /// Renames `temporary` to `url`, replacing a file there (rename(2) is atomic for files).
    private static func rename(_ temporary: URL, to url: URL) throws {
        guard Foundation.rename(temporary.path, url.path) == 0 else {
            let code = errno
            if FileSystemFailure.isDiskFull(code: code) { throw FileWriteError.diskFull(path: url.path) }
            throw FileWriteError.failed(path: url.path, reason: String(cString: strerror(code)))
        }
    }

    private static func isFileSystemError(_ error: Error) -> Bool {
        let domain = (error as NSError).domain
        return error is FileWriteError || domain == NSPOSIXErrorDomain || domain == NSCocoaErrorDomain
    }
}
