import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Free space on the disk a download goes to, checked before the first byte is fetched: a
/// 218 MB archive that fills the disk at 90% (and then needs as much again to be extracted)
/// would fail late, leaving a part file that can never complete.
enum DiskSpace {
    /// Bytes available to this user on the file system holding `path` (or its nearest existing
    /// parent), nil when it cannot be read.
    static func available(at path: URL) -> Int64? {
        var folder = path.standardizedFileURL
        while !FileManager.default.fileExists(atPath: folder.path), folder.path != "/" {
            folder.deleteLastPathComponent()
        }
        var status = statvfs()
        guard statvfs(folder.path, &status) == 0 else { return nil }
        let (bytes, overflow) = Int64(status.f_bavail).multipliedReportingOverflow(by: Int64(status.f_frsize))
        return overflow ? Int64.max : bytes
    }

    /// The bytes `asset` still needs in the cache when its size is declared: the rest of the
    /// download (after `partialBytes` already there) and, for an archive, its extracted files
    /// (counted as large again: JPEG photos do not shrink in a tar.gz).
    static func needed(for asset: Asset, partialBytes: Int64) -> Int64? {
        guard let size = asset.sizeInBytes else { return nil }
        let download = max(0, size - partialBytes)
        return asset.kind == .tarGzArchive ? download + size : download
    }

    /// Throws `FetchError.insufficientSpace` when `asset` cannot fit in the cache.
    static func check(_ asset: Asset, cache: URL, partialBytes: Int64) throws {
        guard let needed = needed(for: asset, partialBytes: partialBytes),
              let available = available(at: cache), needed > available else { return }
        throw FetchError.insufficientSpace(path: cache, neededBytes: needed, availableBytes: available)
    }
}
