import Foundation

/// Fetches lesson assets into the user cache: download (resuming a partial one),
/// SHA-256 verification, then installation: a rename for a file, safe extraction
/// for an archive. Nothing reaches its final place unless its checksum matched.
///
/// ```swift
/// let fetcher = AssetFetcher()                    // ~/.cache/lesson
/// let result = try await fetcher.fetch(asset) { progress in bar.draw(progress.fraction) }
/// ```
public struct AssetFetcher: Sendable {
    /// The cache folder assets are installed under.
    public let cacheDirectory: URL
    /// Whole seconds to wait for a connection, or for the next byte of a download.
    public let connectTimeout: TimeInterval

    /// - Parameters:
    ///   - cacheDirectory: where assets are installed; `LessonCache.directory()` by default.
    ///   - connectTimeout: seconds before an unanswered connection (or a stalled download) fails,
    ///     rounded up to whole seconds, at least 1: Foundation on Linux counts whole seconds
    ///     (and 0 would mean no limit at all).
    public init(cacheDirectory: URL = LessonCache.directory(), connectTimeout: TimeInterval = 10) {
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
    /// - Parameter progress: called from a background thread, often (every network chunk).
    /// - Throws: `FetchError`.
    @discardableResult
    public func fetch(_ asset: Asset,
                      progress: @escaping @Sendable (FetchProgress) -> Void = { _ in }) async throws -> FetchResult
    {
        try asset.validate()
        let location = asset.location(in: cacheDirectory)
        if asset.isInstalled(in: cacheDirectory) {
            return FetchResult(location: location, wasAlreadyInstalled: true, bytesDownloaded: 0, resumedFromByte: 0)
        }
        let download = asset.downloadLocation(in: cacheDirectory)
        var outcome = ResumableDownload.Outcome(resumedFrom: 0, bytesReceived: 0)
        if !FileManager.default.fileExists(atPath: download.path) {
            outcome = try await downloadAndVerify(asset, to: download, progress: progress)
        } else {
            // A verified archive whose extraction was interrupted: it was renamed only after
            // its checksum matched, but check again in case it was touched since.
            try verify(asset, file: download, progress: progress)
        }
        if asset.kind == .tarGzArchive {
            try await extract(asset, archive: download, into: location, progress: progress)
        }
        return FetchResult(location: location, wasAlreadyInstalled: false,
                           bytesDownloaded: outcome.bytesReceived, resumedFromByte: outcome.resumedFrom)
    }

    /// Downloads into the `.part` file, verifies it, then renames it to `download`.
    private func downloadAndVerify(_ asset: Asset, to download: URL,
                                   progress: @escaping @Sendable (FetchProgress) -> Void) async throws
        -> ResumableDownload.Outcome
    {
        let partial = asset.partialLocation(in: cacheDirectory)
        let transfer = ResumableDownload(url: asset.url, partialFile: partial, expectedSize: asset.sizeInBytes,
                                         idleTimeout: connectTimeout)
        let outcome: ResumableDownload.Outcome
        do {
            outcome = try await transfer.run { bytes in
                progress(FetchProgress(asset: asset.name, phase: .downloading, bytesDone: bytes,
                                       totalBytes: asset.sizeInBytes))
            }
        } catch FetchError.sizeMismatch(let url, let expected, let received) {
            try? FileManager.default.removeItem(at: partial)
            throw FetchError.sizeMismatch(url: url, expected: expected, received: received)
        }
        try verify(asset, file: partial, progress: progress)
        do {
            try FileManager.default.moveItem(at: partial, to: download)
        } catch {
            throw FetchError.fileSystem(path: download, operation: "move the verified download to",
                                        reason: error.localizedDescription)
        }
        return outcome
    }

    /// Checks the file's SHA-256; on a mismatch deletes it and throws `checksumMismatch`.
    private func verify(_ asset: Asset, file: URL, progress: @escaping @Sendable (FetchProgress) -> Void) throws {
        let found = try FileChecksum.sha256(of: file) { bytes in
            progress(FetchProgress(asset: asset.name, phase: .verifying, bytesDone: bytes,
                                   totalBytes: asset.sizeInBytes))
        }
        guard found == asset.sha256 else {
            try? FileManager.default.removeItem(at: file)
            throw FetchError.checksumMismatch(url: asset.url, file: file, expected: asset.sha256, found: found)
        }
    }

    /// Extracts the verified archive into place, then deletes it (the extracted folder is what lessons read).
    private func extract(_ asset: Asset, archive: URL, into location: URL,
                         progress: @escaping @Sendable (FetchProgress) -> Void) async throws
    {
        try await TarGzExtractor.extract(archive: archive, into: location) { bytes in
            progress(FetchProgress(asset: asset.name, phase: .extracting, bytesDone: bytes,
                                   totalBytes: asset.sizeInBytes))
        }
        try? FileManager.default.removeItem(at: archive)
    }
}
