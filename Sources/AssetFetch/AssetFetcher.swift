import Foundation

/// Fetches lesson assets into the user cache: download (resuming a partial one),
/// SHA-256 verification, then installation: a rename for a file, safe extraction
/// for an archive. Nothing reaches its final place unless its checksum matched.
///
/// ```swift
/// let fetcher = AssetFetcher(cacheDirectory: cache)  // the caller's user cache
/// let result = try await fetcher.fetch(asset) { progress in bar.draw(progress.fraction) }
/// ```
public struct AssetFetcher: Sendable {
    /// The cache folder assets are installed under.
    public let cacheDirectory: URL
    /// Whole seconds to wait for a connection, or for the next byte of a download.
    public let connectTimeout: TimeInterval

    /// - Parameters:
    ///   - cacheDirectory: where assets are installed (the lesson runner passes its user cache).
    ///   - connectTimeout: seconds before an unanswered connection (or a stalled download) fails,
    ///     rounded up to whole seconds, at least 1: Foundation on Linux counts whole seconds
    ///     (and 0 would mean no limit at all).
    public init(cacheDirectory: URL, connectTimeout: TimeInterval = 10) {
        self.cacheDirectory = cacheDirectory
        self.connectTimeout = max(1, connectTimeout.rounded(.up))
    }

    /// Installs `asset` under the cache unless it is installed already.
    ///
    /// A partial download left by an interrupted fetch is resumed. A download whose
    /// SHA-256 differs from the declared one is deleted and reported; an already
    /// downloaded but not yet extracted archive is verified and extracted without
    /// downloading it again.
    ///
    /// When the lesson file declares no SHA-256 (none is published), the download is first
    /// checked to be the kind of file it is named for (`ContentCheck`: an HTML page is never
    /// installed as an `.npz`), then trusted on first use: its sum is computed and recorded at `asset.checksumRecordLocation(in:)`,
    /// and a later fetch of the installed file checks it against that record (a changed file
    /// is deleted and reported). When it declares no size, the server's Content-Length
    /// bounds the download instead.
    ///
    /// - Parameter progress: called from a background thread, often (every network chunk).
    /// - Throws: `FetchError`.
    @discardableResult
    public func fetch(_ asset: Asset,
                      progress: @escaping @Sendable (FetchProgress) -> Void = { _ in }) async throws -> FetchResult
    {
        try asset.validate()
        let location = asset.location(in: cacheDirectory)
        if asset.isInstalled(in: cacheDirectory) {
            var result = FetchResult(location: location, wasAlreadyInstalled: true, bytesDownloaded: 0,
                                     resumedFromByte: 0)
            if asset.sha256 == nil, asset.kind == .file {
                // A file pinned before its format was checked may be an HTML page: unpin and delete it.
                do {
                    try ContentCheck.check(location, of: asset)
                } catch {
                    try? FileManager.default.removeItem(at: location)
                    try? FileManager.default.removeItem(at: asset.checksumRecordLocation(in: cacheDirectory))
                    throw error
                }
                result.checksum = try verify(asset, file: location, checkRecord: true, progress: progress)
            }
            return result
        }
        let download = asset.downloadLocation(in: cacheDirectory)
        var outcome = ResumableDownload.Outcome(resumedFrom: 0, bytesReceived: 0)
        let checksum: FetchResult.ChecksumCheck
        if !FileManager.default.fileExists(atPath: download.path) {
            let fetched = try await downloadAndVerify(asset, to: download, progress: progress)
            outcome = fetched.outcome
            checksum = fetched.checksum
        } else {
            // A verified archive whose extraction was interrupted: it was renamed only after
            // its checksum matched, but check again in case it was touched since.
            checksum = try verify(asset, file: download, checkRecord: true, progress: progress)
        }
        if asset.kind == .tarGzArchive {
            try await extract(asset, archive: download, into: location, progress: progress)
        }
        var result = FetchResult(location: location, wasAlreadyInstalled: false,
                                 bytesDownloaded: outcome.bytesReceived, resumedFromByte: outcome.resumedFrom)
        result.checksum = checksum
        return result
    }

    /// Downloads into the `.part` file, verifies it, then renames it to `download`.
    private func downloadAndVerify(_ asset: Asset, to download: URL,
                                   progress: @escaping @Sendable (FetchProgress) -> Void) async throws
        -> (outcome: ResumableDownload.Outcome, checksum: FetchResult.ChecksumCheck)
    {
        let partial = asset.partialLocation(in: cacheDirectory)
        try DiskSpace.check(asset, cache: cacheDirectory, partialBytes: Self.size(of: partial) ?? 0)
        let transfer = ResumableDownload(url: asset.url, partialFile: partial, expectedSize: asset.sizeInBytes,
                                         idleTimeout: connectTimeout)
        let outcome: ResumableDownload.Outcome
        do {
            outcome = try await transfer.run { bytes, total in
                progress(FetchProgress(asset: asset.name, phase: .downloading, bytesDone: bytes, totalBytes: total))
            }
        } catch FetchError.sizeMismatch(let url, let expected, let received) {
            try? FileManager.default.removeItem(at: partial)
            removeEmptyFolders(from: partial.deletingLastPathComponent())
            throw FetchError.sizeMismatch(url: url, expected: expected, received: received)
        } catch {
            // Only bytes received can be resumed: an empty part file (offline, refused, timed
            // out before the first byte) and the folders made for it are removed.
            if Self.size(of: partial) == 0 {
                try? FileManager.default.removeItem(at: partial)
                removeEmptyFolders(from: partial.deletingLastPathComponent())
            }
            throw error
        }
        // Without a declared sum nothing vouches for the bytes: check their format before pinning them.
        if asset.sha256 == nil {
            do {
                try ContentCheck.check(partial, of: asset)
            } catch {
                try? FileManager.default.removeItem(at: partial)
                removeEmptyFolders(from: partial.deletingLastPathComponent())
                throw error
            }
        }
        // A fresh download replaces any earlier record: the record describes the file installed now.
        let checksum = try verify(asset, file: partial, checkRecord: false, progress: progress)
        do {
            try FileManager.default.moveItem(at: partial, to: download)
        } catch {
            throw FetchError.fileSystem(path: download, operation: "move the verified download to",
                                        reason: error.localizedDescription)
        }
        return (outcome, checksum)
    }

    /// Checks the file's SHA-256 against the declared one; on a mismatch deletes it and throws
    /// `checksumMismatch`. With no declared sum, compares it with the recorded one when
    /// `checkRecord` is set and a record exists (a mismatch deletes both and throws
    /// `recordedChecksumMismatch`), else records it.
    private func verify(_ asset: Asset, file: URL, checkRecord: Bool,
                        progress: @escaping @Sendable (FetchProgress) -> Void) throws -> FetchResult.ChecksumCheck
    {
        let total = asset.sizeInBytes ?? Self.size(of: file)
        let found = try FileChecksum.sha256(of: file) { bytes in
            progress(FetchProgress(asset: asset.name, phase: .verifying, bytesDone: bytes, totalBytes: total))
        }
        if let declared = asset.sha256 {
            guard found == declared else {
                try? FileManager.default.removeItem(at: file)
                throw FetchError.checksumMismatch(url: asset.url, file: file, expected: declared, found: found)
            }
            return .declared(sha256: found)
        }
        let record = asset.checksumRecordLocation(in: cacheDirectory)
        if checkRecord, let recorded = try ChecksumRecord.read(record) {
            guard found == recorded else {
                try? FileManager.default.removeItem(at: file)
                try? FileManager.default.removeItem(at: record)
                throw FetchError.recordedChecksumMismatch(file: file, record: record, recorded: recorded, found: found)
            }
            return .matchedRecord(sha256: found, record: record)
        }
        try ChecksumRecord.write(found, fileName: asset.downloadLocation(in: cacheDirectory).lastPathComponent,
                                 to: record)
        return .recordedOnFirstUse(sha256: found, record: record)
    }

    /// Extracts the verified archive into place, then deletes it (the extracted folder is what lessons read).
    private func extract(_ asset: Asset, archive: URL, into location: URL,
                         progress: @escaping @Sendable (FetchProgress) -> Void) async throws
    {
        let total = asset.sizeInBytes ?? Self.size(of: archive)
        try await TarGzExtractor.extract(archive: archive, into: location) { bytes in
            progress(FetchProgress(asset: asset.name, phase: .extracting, bytesDone: bytes, totalBytes: total))
        }
        try? FileManager.default.removeItem(at: archive)
    }

    /// Removes `folder` and its parents while they are empty, up to (not including) the cache.
    private func removeEmptyFolders(from folder: URL) {
        let manager = FileManager.default
        let root = cacheDirectory.standardizedFileURL.path
        var current = folder.standardizedFileURL
        while current.path.hasPrefix(root + "/"),
              let entries = try? manager.contentsOfDirectory(atPath: current.path), entries.isEmpty {
            try? manager.removeItem(at: current)
            current = current.deletingLastPathComponent()
        }
    }

    /// The file's size in bytes, nil when it cannot be read.
    private static func size(of file: URL) -> Int64? {
        (try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? NSNumber)?.int64Value
    }
}
