import CArchive
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs an extraction on a thread of its own, whose working directory is, where the
/// system allows it, the extraction folder, while the rest of the process keeps its own.
///
/// libarchive resolves an entry's relative path against the working directory, and with
/// `ARCHIVE_EXTRACT_SECURE_NOABSOLUTEPATHS` it refuses absolute ones; a `chdir` for the
/// whole process would move every other thread too (other tests, other cells). On Linux,
/// `unshare(CLONE_FS)` gives one thread a private working directory. Where that is not
/// available (macOS, or a container whose seccomp profile denies `unshare`), the body is
/// told so and extracts to absolute paths under the folder instead.
enum ExtractionThread {
    /// Runs `body` on a fresh thread and returns its result. `body` receives true when the
    /// thread's working directory is `folder` (and only this thread's).
    static func run<T>(in folder: URL, _ body: @escaping (_ isInFolder: Bool) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(with: Result { try body(enterPrivately(folder)) })
            }
            thread.name = "lesson.extract"
            thread.start()
        }
    }

    /// Gives the calling thread its own working directory, set to `folder`; false if it cannot.
    private static func enterPrivately(_ folder: URL) -> Bool {
        #if os(Linux)
        // unshare(CLONE_FS): this thread stops sharing root, cwd and umask with the others,
        // so the chdir below moves this thread only.
        return unshare(CARCHIVE_CLONE_FS) == 0 && chdir(folder.path) == 0
        #else
        return false
        #endif
    }
}
