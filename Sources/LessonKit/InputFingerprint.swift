import Crypto
import FileWriting
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What identifies an external input's contents without reading all of it every run.
///
/// A folder: its relative file list with sizes and modification times. A file: its
/// size, modification time and SHA-256 (hashed once, then remembered for that size and time).
/// The absolute location is not part of it: moving the data keeps the cache.
public struct InputFingerprint: Equatable, Sendable {
    /// Hex SHA-256 of the fingerprint's facts; this enters cache keys.
    public let digest: String
    /// For people: "200 files, 4.1 MB" or "3.4 MB, sha256 1a2b3c4d5e6f".
    public let summary: String

    public init(digest: String, summary: String) {
        self.digest = digest
        self.summary = summary
    }

    /// The fingerprint of an input that may be absent and is (see `ResolvedInput.mayBeAbsent`):
    /// a key computed without it differs from any key computed with it, and stays the same
    /// until it appears.
    public static let absent = InputFingerprint(digest: Fingerprinter.hex(SHA256.hash(data: Data("absent".utf8))),
                                                summary: "absent")
}

/// Computes fingerprints, remembering file hashes in a small JSON memo.
public final class Fingerprinter {
    private let memoURL: URL?
    private var memo: [String: String]

    /// - Parameter memoURL: where file hashes are remembered between runs (nil: only in memory).
    public init(memoURL: URL?) {
        self.memoURL = memoURL
        if let memoURL, let data = try? Data(contentsOf: memoURL),
           let stored = try? JSONDecoder().decode([String: String].self, from: data) {
            memo = stored
        } else {
            memo = [:]
        }
    }

    /// The fingerprint of the folder or file at `url`.
    public func fingerprint(_ url: URL) throws -> InputFingerprint {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw InputError.missing(url)
        }
        return isDirectory.boolValue ? try folderFingerprint(url) : try fileFingerprint(url)
    }

    private func folderFingerprint(_ folder: URL) throws -> InputFingerprint {
        let files = try Self.regularFiles(in: folder)
        var lines: [String] = []
        var totalBytes: Int64 = 0
        let base = URL(fileURLWithPath: folder.standardizedFileURL.resolvingSymlinksInPath().path)
        for (relative, size, _) in files {
            // Each file's contents, not its size and time: a file rewritten with the same size and
            // its old modification time restored is still a changed input.
            lines.append("\(relative)\t\(size)\t\(try contentHash(base.appendingPathComponent(relative), save: false))")
            totalBytes += size
        }
        saveMemo()
        let digest = Self.hex(SHA256.hash(data: Data(lines.joined(separator: "\n").utf8)))
        return InputFingerprint(digest: digest, summary: "\(files.count) files, \(Self.bytes(totalBytes))")
    }

    /// The hex SHA-256 of a file's contents (remembered for its path, size and modification time).
    public func contentHash(_ file: URL) throws -> String {
        try contentHash(file, save: true)
    }

    /// The SHA-256 of `file`'s contents, remembered under its path, size, modification time, inode
    /// and status-change time: a write changes the last, and no user command can set it back, so a
    /// remembered hash is never served for changed contents.
    private func contentHash(_ file: URL, save: Bool) throws -> String {
        let (size, mtime) = try Self.sizeAndTime(file)
        var status = stat()
        guard stat(file.path, &status) == 0 else { throw InputError.unreadable(file) }
        #if os(Linux)
        let changed = status.st_ctim
        #else
        let changed = status.st_ctimespec
        #endif
        let memoKey = "\(file.standardizedFileURL.path)|\(size)|\(mtime)|\(status.st_ino)|"
            + "\(changed.tv_sec).\(changed.tv_nsec)"
        if let known = memo[memoKey] { return known }
        let contentHash = try Self.hashContents(of: file)
        memo[memoKey] = contentHash
        if save { saveMemo() }
        return contentHash
    }

    private func fileFingerprint(_ file: URL) throws -> InputFingerprint {
        let (size, mtime) = try Self.sizeAndTime(file)
        let contentHash = try self.contentHash(file)
        let digest = Self.hex(SHA256.hash(data: Data("\(size)\t\(mtime)\t\(contentHash)".utf8)))
        return InputFingerprint(digest: digest, summary: "\(Self.bytes(size)), sha256 \(contentHash.prefix(12))")
    }

    private func saveMemo() {
        guard let memoURL, let data = try? JSONEncoder().encode(memo) else { return }
        // A lost memo only costs a re-hash, so a failed write is not an error.
        try? AtomicFile.write(data, to: memoURL)
    }

    /// Regular, non-hidden files below `folder`: relative path, size, mtime in nanoseconds; sorted by path.
    static func regularFiles(in folder: URL) throws -> [(String, Int64, Int64)] {
        let base = folder.standardizedFileURL.resolvingSymlinksInPath().path
        guard let enumerator = FileManager.default.enumerator(
            at: URL(fileURLWithPath: base), includingPropertiesForKeys: [.isRegularFileKey],
            options: [.skipsHiddenFiles]) else { throw InputError.unreadable(folder) }
        var files: [(String, Int64, Int64)] = []
        for case let url as URL in enumerator {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true else { continue }
            let path = url.standardizedFileURL.resolvingSymlinksInPath().path
            let relative = path.hasPrefix(base + "/") ? String(path.dropFirst(base.count + 1)) : url.lastPathComponent
            let (size, mtime) = try sizeAndTime(url)
            files.append((relative, size, mtime))
        }
        return files.sorted { $0.0 < $1.0 }
    }

    static func sizeAndTime(_ url: URL) throws -> (Int64, Int64) {
        let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
        let size = (attributes[.size] as? NSNumber)?.int64Value ?? 0
        let date = attributes[.modificationDate] as? Date ?? Date(timeIntervalSince1970: 0)
        return (size, Int64((date.timeIntervalSince1970 * 1e9).rounded()))
    }

    private static func hashContents(of file: URL) throws -> String {
        guard let handle = try? FileHandle(forReadingFrom: file) else { throw InputError.unreadable(file) }
        defer { try? handle.close() }
        var hasher = SHA256()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            hasher.update(data: chunk)
        }
        return hex(hasher.finalize())
    }

    static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        digest.map { String(format: "%02x", $0) }.joined()
    }

    static func bytes(_ count: Int64) -> String {
        if count < 1024 { return "\(count) B" }
        if count < 1 << 20 { return String(format: "%.1f KB", Double(count) / 1024) }
        if count < 1 << 30 { return String(format: "%.1f MB", Double(count) / Double(1 << 20)) }
        return String(format: "%.2f GB", Double(count) / Double(1 << 30))
    }
}
