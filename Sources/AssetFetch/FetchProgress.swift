import Foundation

/// A progress report for one asset; the caller draws the bar.
public struct FetchProgress: Sendable, Equatable {
    /// What the fetcher is doing.
    public enum Phase: String, Sendable, Equatable {
        /// Receiving bytes: `bytesDone` counts the bytes of the download on disk, resumed ones included.
        case downloading
        /// Hashing the download: `bytesDone` counts the bytes hashed.
        case verifying
        /// Unpacking the archive: `bytesDone` counts the compressed bytes read.
        case extracting
    }

    /// The asset's name.
    public let asset: String
    public let phase: Phase
    public let bytesDone: Int64
    /// The size of the download: as declared in the lesson file, else as the server announced
    /// it (Content-Length), else nil while unknown.
    public let totalBytes: Int64?

    public init(asset: String, phase: Phase, bytesDone: Int64, totalBytes: Int64?) {
        self.asset = asset
        self.phase = phase
        self.bytesDone = bytesDone
        self.totalBytes = totalBytes
    }

    /// `bytesDone / totalBytes`, clamped to 0...1 (0 while the total is unknown).
    public var fraction: Double {
        guard let totalBytes, totalBytes > 0 else { return 0 }
        return min(1, max(0, Double(bytesDone) / Double(totalBytes)))
    }
}

/// What `AssetFetcher.fetch` did.
public struct FetchResult: Sendable, Equatable {
    /// The installed file or folder.
    public let location: URL
    /// True when the asset was already installed and nothing was downloaded.
    public let wasAlreadyInstalled: Bool
    /// Bytes received over the network in this call.
    public let bytesDownloaded: Int64
    /// The offset a partial download was resumed from (0 for a fresh or restarted download).
    public let resumedFromByte: Int64
    /// How the installed bytes were checked in this call.
    public var checksum: ChecksumCheck = .notRechecked

    /// What backed the SHA-256 check of a fetch.
    public enum ChecksumCheck: Sendable, Equatable {
        /// Already installed with a declared sum: not hashed again.
        case notRechecked
        /// The download matched the sum declared in the lesson file.
        case declared(sha256: String)
        /// The lesson file declares no sum: this download's sum was computed and recorded in `record`.
        case recordedOnFirstUse(sha256: String, record: URL)
        /// The lesson file declares no sum: the installed file still matches the one recorded in `record`.
        case matchedRecord(sha256: String, record: URL)
    }
}
