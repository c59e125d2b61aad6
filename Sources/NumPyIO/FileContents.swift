import Foundation

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

    /// Throws `fileNotFound` or `unreadable` (for a folder) before any reading starts.
    static func checkReadable(_ url: URL) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw NumPyError.fileNotFound(path: url.path)
        }
        guard !isDirectory.boolValue else {
            throw NumPyError.unreadable(path: url.path, reason: "it is a folder, not a file")
        }
    }
}
