import Foundation

/// One downloadable asset of a lesson, as declared in the lesson file:
/// where it comes from, what it must hash to, and where it lands in the user cache.
///
/// A lesson file may leave out the size and the SHA-256 when none is published: the
/// download is then trusted on first use (see `AssetFetcher.fetch`).
///
/// ```swift
/// let photos = Asset(
///     name: "flower_photos",
///     url: URL(string: "https://example.org/flower_photos.tgz")!,
///     sizeInBytes: 228_813_984,
///     sha256: "…64 hex digits…",
///     kind: .tarGzArchive,
///     destination: "datasets/tf_flowers")
/// ```
public struct Asset: Sendable, Hashable {
    /// What the downloaded bytes are.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// A single file, kept as downloaded (a checkpoint, say).
        case file
        /// A `.tar.gz` archive, extracted into the destination folder and then deleted.
        case tarGzArchive = "tar.gz"
    }

    /// Short name shown to the learner ("flower_photos", "BiT-M-R50x1").
    public let name: String
    /// Where the bytes are downloaded from (http or https).
    public let url: URL
    /// Exact size of the download in bytes, or nil when none is published: the download
    /// is then checked only against the server's Content-Length, if it sends one.
    public let sizeInBytes: Int64?
    /// Expected SHA-256 of the download, as 64 lowercase hexadecimal digits, or nil when none
    /// is published: the fetcher then records the sum of the first download beside it
    /// (`checksumRecordLocation`) and checks the installed file against that record later.
    public let sha256: String?
    /// File or archive.
    public let kind: Kind
    /// Relative path under the lesson cache: the file itself for `.file`,
    /// the folder the archive's entries are extracted into for `.tarGzArchive`.
    public let destination: String

    public init(name: String, url: URL, sizeInBytes: Int64?, sha256: String?, kind: Kind, destination: String) {
        self.name = name
        self.url = url
        self.sizeInBytes = sizeInBytes
        self.sha256 = sha256?.lowercased()
        self.kind = kind
        self.destination = destination
    }

    /// The installed file (`.file`) or folder (`.tarGzArchive`) under `cache`.
    public func location(in cache: URL) -> URL {
        cache.appendingPathComponent(destination, isDirectory: kind == .tarGzArchive)
    }

    /// The verified download before it is installed: the file itself for `.file`,
    /// the archive beside its destination folder for `.tarGzArchive`.
    func downloadLocation(in cache: URL) -> URL {
        switch kind {
        case .file: return location(in: cache)
        case .tarGzArchive: return cache.appendingPathComponent(destination + ".tar.gz")
        }
    }

    /// The download in progress, kept between runs so that a later fetch resumes it.
    func partialLocation(in cache: URL) -> URL {
        let download = downloadLocation(in: cache)
        return download.deletingLastPathComponent().appendingPathComponent(download.lastPathComponent + ".part")
    }

    /// Where the SHA-256 computed on first use is recorded when the lesson file declares none:
    /// `<download>.sha256` in `sha256sum` format (for an archive it outlives the archive itself,
    /// as the record of what was extracted).
    public func checksumRecordLocation(in cache: URL) -> URL {
        let download = downloadLocation(in: cache)
        return download.deletingLastPathComponent().appendingPathComponent(download.lastPathComponent + ".sha256")
    }

    /// Whether the asset is installed under `cache` (it is renamed into place only once verified).
    public func isInstalled(in cache: URL) -> Bool {
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: location(in: cache).path, isDirectory: &isDirectory)
        return exists && isDirectory.boolValue == (kind == .tarGzArchive)
    }

    /// Rejects a declaration that cannot be fetched safely, before any byte is downloaded.
    func validate() throws {
        func invalid(_ reason: String) -> FetchError { .invalidAsset(name: name, reason: reason) }
        guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", url.host != nil else {
            throw invalid("its URL \(url.absoluteString) is not an http(s) address")
        }
        if let sizeInBytes, sizeInBytes <= 0 {
            throw invalid("its size must be a positive number of bytes")
        }
        if let sha256, !ChecksumRecord.isHexDigest(sha256) {
            throw invalid("its sha256 \"\(sha256)\" is not 64 hexadecimal digits")
        }
        if let problem = RelativePath.problem(with: destination) {
            throw invalid("its destination \"\(destination)\" \(problem)")
        }
        if RelativePath.components(of: destination).isEmpty {
            throw invalid("its destination is empty; name a file or folder under the lesson cache")
        }
    }
}
