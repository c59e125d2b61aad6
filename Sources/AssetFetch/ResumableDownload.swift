import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Downloads one URL into a `.part` file, streaming to disk, and resumes from the
/// file's current length with an HTTP `Range` request.
///
/// A server that ignores the range answers 200 with the whole file: the part file
/// is then truncated and the download starts over from byte 0 in the same request.
struct ResumableDownload {
    let url: URL
    let partialFile: URL
    /// The declared size, or nil when the lesson file gives none (the server's Content-Length
    /// then bounds the download, when it sends one).
    let expectedSize: Int64?
    /// Seconds without a byte (connecting included) before giving up. Foundation on Linux
    /// restarts this timer on every chunk received, so it bounds the connect time and
    /// stalls but not the length of a long download.
    let idleTimeout: TimeInterval

    /// What a completed download did.
    struct Outcome: Equatable {
        /// The offset the server resumed from (0 when it started over).
        let resumedFrom: Int64
        /// Bytes received over the network.
        let bytesReceived: Int64
    }

    /// Downloads the missing bytes; on return `partialFile` holds exactly `expectedSize` bytes
    /// (or, with no declared size, the whole response). `progress` receives the part file's
    /// length after each chunk and the total size once known.
    func run(progress: @escaping @Sendable (Int64, Int64?) -> Void) async throws -> Outcome {
        let offset = try preparePartialFile()
        if offset == expectedSize { return Outcome(resumedFrom: offset, bytesReceived: 0) }
        progress(offset, expectedSize)
        switch try await transfer(from: offset, progress: progress) {
        case .completed(let outcome):
            return outcome
        case .restartFromZero:
            // The server could not honour the range (416, or a Content-Range starting
            // elsewhere): the part file no longer matches it, so start over once.
            try truncatePartialFile()
            switch try await transfer(from: 0, progress: progress) {
            case .completed(let outcome): return outcome
            case .restartFromZero:
                throw FetchError.interrupted(url: url, bytesDone: 0, totalBytes: expectedSize, partialFile: partialFile,
                                             reason: "the server refused both a resumed and a fresh download")
            }
        }
    }

    /// Creates the part file if missing and returns the offset to resume from.
    private func preparePartialFile() throws -> Int64 {
        let manager = FileManager.default
        let folder = partialFile.deletingLastPathComponent()
        do {
            try manager.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw FetchError.fileSystem(path: folder, operation: "create the folder",
                                        reason: error.localizedDescription)
        }
        guard manager.fileExists(atPath: partialFile.path) else {
            guard manager.createFile(atPath: partialFile.path, contents: nil) else {
                throw FetchError.fileSystem(path: partialFile, operation: "create",
                                            reason: "the file could not be created")
            }
            return 0
        }
        let size = (try? manager.attributesOfItem(atPath: partialFile.path)[.size] as? NSNumber)?.int64Value ?? 0
        if let expectedSize, size > expectedSize {
            // Longer than the asset: not a prefix of it, so it cannot be resumed.
            try truncatePartialFile()
            return 0
        }
        return size
    }

    private func truncatePartialFile() throws {
        do {
            let handle = try FileHandle(forWritingTo: partialFile)
            defer { try? handle.close() }
            try handle.truncate(atOffset: 0)
        } catch {
            throw FetchError.fileSystem(path: partialFile, operation: "truncate", reason: error.localizedDescription)
        }
    }

    /// One HTTP request, streamed into the part file by a `TransferDelegate`.
    private func transfer(from offset: Int64, progress: @escaping @Sendable (Int64, Int64?) -> Void) async throws
        -> TransferDelegate.Result
    {
        var request = URLRequest(url: url)
        if offset > 0 { request.setValue("bytes=\(offset)-", forHTTPHeaderField: "Range") }
        // Byte ranges and sizes refer to the stored bytes: no transparent compression.
        request.setValue("identity", forHTTPHeaderField: "Accept-Encoding")

        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = idleTimeout
        configuration.timeoutIntervalForResource = 7 * 24 * 3600
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil

        let delegate = TransferDelegate(url: url, partialFile: partialFile, requestedOffset: offset,
                                        expectedSize: expectedSize, idleTimeout: idleTimeout, progress: progress)
        let queue = OperationQueue()
        queue.maxConcurrentOperationCount = 1  // the delegate's state is touched from this queue only
        let session = URLSession(configuration: configuration, delegate: delegate, delegateQueue: queue)
        defer { session.finishTasksAndInvalidate() }
        let task = session.dataTask(with: request)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                delegate.continuation = continuation
                task.resume()
            }
        } onCancel: {
            task.cancel()
        }
    }
}
