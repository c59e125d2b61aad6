import Foundation

/// Why fetching an asset failed. Each description names the address or file,
/// says what happened, and says what to do next.
public enum FetchError: Error, CustomStringConvertible, Equatable {
    /// The asset's declaration in the lesson file cannot be fetched as written.
    case invalidAsset(name: String, reason: String)
    /// No connection could be made (no network, unknown host, refused, or no answer in time).
    case offline(url: URL, reason: String)
    /// The server answered with an HTTP status other than 200 or 206.
    case httpStatus(url: URL, status: Int)
    /// The connection broke after some bytes arrived; they are kept for the next fetch to resume.
    /// `totalBytes` is nil when neither the lesson file nor the server gave the size.
    case interrupted(url: URL, bytesDone: Int64, totalBytes: Int64?, partialFile: URL, reason: String)
    /// The server's file is larger or smaller than declared; the download was deleted.
    case sizeMismatch(url: URL, expected: Int64, received: Int64)
    /// The downloaded bytes do not hash to the declared SHA-256; the file was deleted.
    case checksumMismatch(url: URL, file: URL, expected: String, found: String)
    /// An installed file no longer hashes to the sum recorded when it was first downloaded
    /// (its lesson file declares none); the file and its record were deleted.
    case recordedChecksumMismatch(file: URL, record: URL, recorded: String, found: String)
    /// An archive entry would write outside its folder (or is of a kind that is never extracted).
    case unsafeArchiveEntry(archive: URL, entry: String, reason: String)
    /// libarchive could not read or write the archive.
    case archiveFailure(archive: URL, reason: String)
    /// A file-system operation in the cache failed.
    case fileSystem(path: URL, operation: String, reason: String)
    /// The cache's disk has less free space than the declared asset needs; nothing was downloaded.
    case insufficientSpace(path: URL, neededBytes: Int64, availableBytes: Int64)
    /// The download is not the kind of file declared (an HTML page for an `.npz`); it was deleted.
    case unexpectedContent(url: URL, expected: String, found: String)

    public var description: String {
        switch self {
        case let .invalidAsset(name, reason):
            return "The asset \"\(name)\" cannot be fetched: \(reason). Fix its entry in the lesson file."
        case let .offline(url, reason):
            return "Could not download \(url.absoluteString): \(reason). The machine seems offline "
                + "(or the host is unreachable). Check the network connection and run `lesson fetch` again; "
                + "meanwhile `lesson run` works without the download, on the embedded offline default."
        case let .httpStatus(url, status):
            let meaning = status == 404 ? " (not found)" : ""
            return "The server answered HTTP \(status)\(meaning) for \(url.absoluteString). Check that the address "
                + "in the lesson file is still current, or pass a local copy with --data / --weights."
        case let .interrupted(url, done, total, partial, reason):
            let of = total.map { " of \($0)" } ?? ""
            return "The download of \(url.absoluteString) was interrupted after \(done)\(of) bytes (\(reason)). "
                + "The bytes so far are kept in \(partial.path); run `lesson fetch` again to resume."
        case let .sizeMismatch(url, expected, received):
            return "The server's file at \(url.absoluteString) is not the declared size: \(received) bytes "
                + "\(received > expected ? "arrived, more than" : "in all, fewer than") the \(expected) bytes in the "
                + "lesson file. The download was deleted; check the asset's size and address in the lesson file."
        case let .checksumMismatch(url, file, expected, found):
            return "The download of \(url.absoluteString) is corrupt: its SHA-256 is \(found), expected \(expected). "
                + "The file \(file.path) was deleted; run `lesson fetch` again to download it afresh."
        case let .recordedChecksumMismatch(file, record, recorded, found):
            return "The installed file \(file.path) has changed since it was downloaded: its SHA-256 is \(found), "
                + "but \(recorded) was recorded in \(record.path) on the first download (the lesson file declares "
                + "no checksum). Both were deleted; run `lesson fetch` again to download it afresh."
        case let .unsafeArchiveEntry(archive, entry, reason):
            return "Refused to extract \(archive.path): its entry \"\(entry)\" \(reason). Nothing was installed; "
                + "the archive may be tampered with, so check its source."
        case let .archiveFailure(archive, reason):
            return "Could not extract \(archive.path): \(reason). Delete it and run `lesson fetch` again."
        case let .insufficientSpace(path, needed, available):
            func megabytes(_ bytes: Int64) -> String { String(format: "%.0f MB", Double(bytes) / 1e6) }
            return "The disk holding \(path.path) has \(megabytes(available)) free, but this asset needs "
                + "\(megabytes(needed)) (the download, and its extracted files for an archive). Nothing was "
                + "downloaded; free some space, or set XDG_CACHE_HOME to a cache folder on another disk."
        case let .unexpectedContent(url, expected, found):
            return "The download of \(url.absoluteString) is not \(expected): it is \(found). A Wi-Fi login page, "
                + "a proxy's error page or a moved file answers like this. Nothing was installed or recorded (the "
                + "download was deleted); open the address in a browser or log in to the network, then run "
                + "`lesson fetch` again."
        case let .fileSystem(path, operation, reason):
            return "Could not \(operation) \(path.path): \(reason). Check the free space and permissions of the cache "
                + "folder (set XDG_CACHE_HOME to use another one)."
        }
    }
}
