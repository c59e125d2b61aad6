import CArchive
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs work on a new thread whose working directory is a given folder, while the
/// rest of the process keeps its own.
///
/// libarchive resolves an entry's relative path against the working directory, and its
/// secure flags refuse absolute paths; `chdir` for the whole process would move every
/// other thread too (other tests, other cells). A thread-private working directory
/// gives libarchive a relative root without that side effect.
enum IsolatedWorkingDirectory {
    /// Runs `body` on a fresh thread whose working directory is `folder`, and returns its result.
    static func run<T>(in folder: URL, _ body: @escaping () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(with: Result {
                    try enter(folder)
                    return try body()
                })
            }
            thread.name = "lesson.extract"
            thread.start()
        }
    }

    /// Gives the calling thread its own working directory and moves it to `folder`.
    private static func enter(_ folder: URL) throws {
        #if os(Linux)
        // unshare(CLONE_FS): this thread stops sharing root, cwd and umask with the others.
        guard unshare(CARCHIVE_CLONE_FS) == 0 else {
            throw failure(folder, "give the extraction thread its own working directory for")
        }
        guard chdir(folder.path) == 0 else { throw failure(folder, "enter") }
        #else
        // Darwin's per-thread working directory (macOS 10.16+ <pthread.h>).
        guard pthread_chdir_np(folder.path) == 0 else { throw failure(folder, "enter") }
        #endif
    }

    private static func failure(_ folder: URL, _ operation: String) -> FetchError {
        .fileSystem(path: folder, operation: operation, reason: String(cString: strerror(errno)))
    }
}
