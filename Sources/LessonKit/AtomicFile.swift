import Foundation

/// Why a file could not be written: a full disk said as such, anything else with its reason.
public enum FileWriteError: Error, CustomStringConvertible, Equatable {
    /// No space left on the device (or over quota).
    case diskFull(path: String)
    /// Another failure; `reason` is the system's.
    case failed(path: String, reason: String)

    public var description: String {
        switch self {
        case .diskFull(let path):
            return "cannot write \(path): the disk is full (no space left on device). Free some space, or choose "
                + "an output folder on another disk with --output DIR."
        case .failed(let path, let reason):
            return "cannot write \(path) (\(reason)). Check that its folder exists and is writable."
        }
    }

    /// The typed error for a Foundation or POSIX error met while writing `url`.
    public static func from(_ error: Error, writing url: URL) -> FileWriteError {
        if let typed = error as? FileWriteError { return typed }
        var current: NSError? = error as NSError, reason = (error as NSError).localizedDescription
        while let nsError = current {
            if nsError.domain == NSPOSIXErrorDomain, nsError.code == Int(ENOSPC) || nsError.code == Int(EDQUOT) {
                return .diskFull(path: url.path)
            }
            if nsError.domain == NSCocoaErrorDomain, nsError.code == NSFileWriteOutOfSpaceError {
                return .diskFull(path: url.path)
            }
            if nsError.domain == NSPOSIXErrorDomain { reason = String(cString: strerror(Int32(nsError.code))) }
            current = nsError.userInfo[NSUnderlyingErrorKey] as? NSError
        }
        return .failed(path: url.path, reason: reason)
    }
}

/// Writes files and folders so readers never see them half-written:
/// write to a temporary name in the same folder, then rename into place.
/// Failures are `FileWriteError`s naming the file (a full disk says so).
public enum AtomicFile {
    /// Writes `data` to `url` via a temporary sibling and a rename.
    public static func write(_ data: Data, to url: URL) throws {
        let folder = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw FileWriteError.from(error, writing: folder)
        }
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        do {
            try data.write(to: temporary)
            try replace(url, with: temporary)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw FileWriteError.from(error, writing: url)
        }
    }

    /// Copies `source` to `destination` via a temporary sibling and a rename.
    public static func copy(_ source: URL, to destination: URL) throws {
        let folder = destination.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let temporary = folder.appendingPathComponent(".\(destination.lastPathComponent).\(UUID().uuidString).tmp")
        do {
            try FileManager.default.copyItem(at: source, to: temporary)
            try replace(destination, with: temporary)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }

    /// Renames `temporary` to `url`, replacing a file there (rename(2) is atomic for files).
    private static func replace(_ url: URL, with temporary: URL) throws {
        guard rename(temporary.path, url.path) == 0 else {
            let code = errno
            if code == ENOSPC || code == EDQUOT { throw FileWriteError.diskFull(path: url.path) }
            throw FileWriteError.failed(path: url.path, reason: "cannot rename into it: \(String(cString: strerror(code)))")
        }
    }
}
