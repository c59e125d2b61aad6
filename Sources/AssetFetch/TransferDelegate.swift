import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Streams one HTTP response into the part file, chunk by chunk, and turns the way
/// the transfer ended into a `Result` or a `FetchError`.
///
/// URLSession calls it on a serial delegate queue, so its state needs no lock
/// (hence `@unchecked Sendable`); `continuation` is set before the task starts.
final class TransferDelegate: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    enum Result {
        case completed(ResumableDownload.Outcome)
        /// The server cannot continue the part file; truncate it and ask for the whole file.
        case restartFromZero
    }

    private let url: URL
    private let partialFile: URL
    private let requestedOffset: Int64
    /// The declared size, nil when the lesson file gives none.
    private let expectedSize: Int64?
    private let idleTimeout: TimeInterval
    private let progress: @Sendable (Int64, Int64?) -> Void
    var continuation: CheckedContinuation<Result, Error>?

    private var file: FileHandle?
    /// Whether a response's status was judged (and the part file opened when it carries the file).
    private var judged = false
    private var resumedFrom: Int64 = 0
    /// The part file's length: the requested offset until a response says otherwise.
    private var fileLength: Int64
    private var received: Int64 = 0
    /// The whole file's size: declared, else announced by the response (Content-Range, Content-Length).
    private var totalSize: Int64?
    /// Set when this delegate ends the transfer itself (bad status, too many bytes, disk error).
    private var verdict: Swift.Result<Result, FetchError>?

    init(url: URL, partialFile: URL, requestedOffset: Int64, expectedSize: Int64?, idleTimeout: TimeInterval,
         progress: @escaping @Sendable (Int64, Int64?) -> Void)
    {
        self.url = url
        self.partialFile = partialFile
        self.requestedOffset = requestedOffset
        self.expectedSize = expectedSize
        self.idleTimeout = idleTimeout
        self.progress = progress
        self.fileLength = requestedOffset
        self.totalSize = expectedSize
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        guard verdict == nil else { return }
        do {
            if !judged { try open(for: dataTask.response) }
            guard let file else { return dataTask.cancel() }
            received += Int64(data.count)
            fileLength += Int64(data.count)
            if let expectedSize, fileLength > expectedSize {
                verdict = .failure(.sizeMismatch(url: url, expected: expectedSize, received: fileLength))
                return dataTask.cancel()
            }
            try file.write(contentsOf: data)
            progress(fileLength, totalSize)
        } catch let error as FetchError {
            verdict = .failure(error)
            dataTask.cancel()
        } catch {
            verdict = .failure(.fileSystem(path: partialFile, operation: "write", reason: error.localizedDescription))
            dataTask.cancel()
        }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
        try? file?.close()
        file = nil
        let result: Swift.Result<Result, Error>
        if let verdict {
            result = verdict.mapError { $0 }
        } else {
            result = Swift.Result { try conclude(response: task.response, error: error) }
        }
        continuation?.resume(with: result)
        continuation = nil
    }

    /// Decides what the response's status means for the part file, and opens it for appending.
    private func open(for response: URLResponse?) throws {
        judged = true
        guard let http = response as? HTTPURLResponse else {
            throw FetchError.interrupted(url: url, bytesDone: requestedOffset, totalBytes: totalSize,
                                         partialFile: partialFile, reason: "the answer was not an HTTP response")
        }
        switch http.statusCode {
        case 206 where contentRangeStart(http) == requestedOffset:
            resumedFrom = requestedOffset
        case 416 where expectedSize == nil && contentRangeTotal(http) == requestedOffset:
            // With no declared size, a complete part file is only known as such when the
            // server says the range starting at its end is past the file (RFC 9110 §15.5.17).
            verdict = .success(.completed(.init(resumedFrom: requestedOffset, bytesReceived: 0)))
            return
        case 206, 416:
            verdict = .success(.restartFromZero)
            return
        case 200:
            // The server ignored the Range header and sends the whole file: start over.
            resumedFrom = 0
        default:
            throw FetchError.httpStatus(url: url, status: http.statusCode)
        }
        do {
            let handle = try FileHandle(forWritingTo: partialFile)
            try handle.truncate(atOffset: UInt64(resumedFrom))
            try handle.seekToEnd()
            file = handle
            fileLength = resumedFrom
            if expectedSize == nil { totalSize = announcedSize(http) }
        } catch {
            throw FetchError.fileSystem(path: partialFile, operation: "open for writing",
                                        reason: error.localizedDescription)
        }
    }

    /// The first byte position of a `Content-Range: bytes START-END/TOTAL` header (RFC 9110 §14.4).
    private func contentRangeStart(_ response: HTTPURLResponse) -> Int64? {
        guard let value = response.value(forHTTPHeaderField: "Content-Range") else { return nil }
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        guard trimmed.lowercased().hasPrefix("bytes ") else { return nil }
        let range = trimmed.dropFirst("bytes ".count)
        guard let dash = range.firstIndex(of: "-") else { return nil }
        return Int64(range[..<dash].trimmingCharacters(in: .whitespaces))
    }

    /// The complete size of a `Content-Range: bytes START-END/TOTAL` or `bytes */TOTAL` header.
    private func contentRangeTotal(_ response: HTTPURLResponse) -> Int64? {
        guard let value = response.value(forHTTPHeaderField: "Content-Range"),
              let slash = value.lastIndex(of: "/") else { return nil }
        return Int64(value[value.index(after: slash)...].trimmingCharacters(in: .whitespaces))
    }

    /// The whole file's size as the response announces it, nil when it does not.
    private func announcedSize(_ response: HTTPURLResponse) -> Int64? {
        if response.statusCode == 206, let total = contentRangeTotal(response) { return total }
        let length = response.expectedContentLength
        return length >= 0 ? resumedFrom + length : nil
    }

    /// The transfer ended without this delegate stopping it: classify how.
    private func conclude(response: URLResponse?, error: Error?) throws -> Result {
        if !judged, error == nil {
            // A response without a body never reached `didReceive data`: judge its status here.
            try open(for: response)
            try? file?.close()
            file = nil
            if let verdict { return try verdict.get() }
        }
        if let error {
            if response == nil, received == 0,
               let reason = Self.connectionFailure(error, host: url.host, timeout: idleTimeout)
            {
                throw FetchError.offline(url: url, reason: reason)
            }
            throw FetchError.interrupted(url: url, bytesDone: fileLength, totalBytes: totalSize,
                                         partialFile: partialFile, reason: Self.describe(error))
        }
        if let expectedSize, fileLength < expectedSize {
            if let declared = response?.expectedContentLength, declared >= 0, received == declared {
                // The whole response arrived and the file is still short: the server's file is
                // smaller than the lesson file says, so resuming would never complete it.
                throw FetchError.sizeMismatch(url: url, expected: expectedSize, received: fileLength)
            }
            throw FetchError.interrupted(url: url, bytesDone: fileLength, totalBytes: expectedSize,
                                         partialFile: partialFile, reason: "the server closed the connection early")
        }
        if expectedSize == nil, let totalSize, fileLength < totalSize {
            throw FetchError.interrupted(url: url, bytesDone: fileLength, totalBytes: totalSize,
                                         partialFile: partialFile, reason: "the server closed the connection early")
        }
        return .completed(.init(resumedFrom: resumedFrom, bytesReceived: received))
    }

    /// The reason to show when `error` means no connection could be made at all, else nil.
    static func connectionFailure(_ error: Error, host: String?, timeout: TimeInterval) -> String? {
        let host = host ?? "the server"
        switch (error as? URLError)?.code {
        case .notConnectedToInternet?, .dataNotAllowed?, .internationalRoamingOff?:
            return "no network connection"
        case .cannotFindHost?, .dnsLookupFailed?:
            return "the host name \(host) could not be resolved"
        case .cannotConnectToHost?:
            return "the connection to \(host) was refused or could not be made"
        case .timedOut?:
            return "\(host) did not answer within \(Int(timeout)) s"
        case .networkConnectionLost?, .cannotLoadFromNetwork?:
            return "the connection to \(host) was lost before it answered"
        default:
            return nil
        }
    }

    private static func describe(_ error: Error) -> String {
        switch (error as? URLError)?.code {
        case .timedOut?: return "no data arrived for too long"
        case .networkConnectionLost?: return "the connection was lost"
        default: return error.localizedDescription
        }
    }
}
