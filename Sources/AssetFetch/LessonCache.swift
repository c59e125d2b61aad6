import Foundation

/// The per-user folder where `lesson fetch` keeps downloaded assets.
public enum LessonCache {
    /// `$XDG_CACHE_HOME/lesson` when `XDG_CACHE_HOME` is set to an absolute path,
    /// else `~/.cache/lesson` (the XDG Base Directory rule: a relative value is ignored).
    ///
    /// - Parameters:
    ///   - environment: the variables to read; the process environment by default.
    ///   - home: the user's home folder; the current user's by default.
    public static func directory(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        home: URL = FileManager.default.homeDirectoryForCurrentUser
    ) -> URL {
        if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") {
            return URL(fileURLWithPath: xdg, isDirectory: true).appendingPathComponent("lesson", isDirectory: true)
        }
        return home.appendingPathComponent(".cache", isDirectory: true)
            .appendingPathComponent("lesson", isDirectory: true)
    }
}
