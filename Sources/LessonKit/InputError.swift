import Foundation

/// Problems with external inputs (`--data`, `--weights`, resolved assets).
public enum InputError: Error, CustomStringConvertible, Equatable {
    case missing(URL)
    case unreadable(URL)
    case emptyFolder(URL)
    case notAFolder(URL)
    case notAFile(URL)
    case unresolved(name: String, lesson: Int)

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
        }
    }

    /// Checks `--data`: an existing folder with at least one visible entry.
    public static func checkDataFolder(_ url: URL) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else { throw missing(url) }
        guard isDirectory.boolValue else { throw notAFolder(url) }
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: url.path) else {
            throw unreadable(url)
        }
        guard entries.contains(where: { !$0.hasPrefix(".") }) else { throw emptyFolder(url) }
    }

    /// Checks `--weights`: an existing, readable file.
    public static func checkWeightsFile(_ url: URL) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else { throw missing(url) }
        guard !isDirectory.boolValue else { throw notAFile(url) }
        guard FileManager.default.isReadableFile(atPath: url.path) else { throw unreadable(url) }
    }
}
