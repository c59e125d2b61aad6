import Crypto
import Foundation

/// The SHA-256 of every file of a cell's state folder, kept in its `cell.json`, so that a
/// damaged cache (a truncated `head.npz`, a file edited or deleted by hand, a bad disk) is
/// found when the state is loaded and recomputed, never handed to a later cell.
enum StateChecksums {
    /// Relative path to hex SHA-256 of every regular file under `folder`, except the manifest.
    static func compute(in folder: URL) throws -> [String: String] {
        var sums: [String: String] = [:]
        for path in try files(in: folder) {
            sums[path] = try sha256(of: folder.appendingPathComponent(path))
        }
        return sums
    }

    /// Why the files under `folder` do not match `expected`, or nil when every one does.
    /// Files added since are ignored: only what the record lists is read by later cells.
    static func damage(in folder: URL, expected: [String: String]) -> String? {
        for (path, sum) in expected.sorted(by: { $0.key < $1.key }) {
            let url = folder.appendingPathComponent(path)
            guard FileManager.default.fileExists(atPath: url.path) else { return "\(path) is missing" }
            guard let found = try? sha256(of: url) else { return "\(path) cannot be read" }
            if found != sum { return "\(path) changed since it was written" }
        }
        return nil
    }

    /// Regular files under `folder`, as relative paths, the manifest left out.
    private static func files(in folder: URL) throws -> [String] {
        let base = folder.standardizedFileURL.path + "/"
        guard let walker = FileManager.default.enumerator(atPath: folder.path) else { return [] }
        var paths: [String] = []
        while let relative = walker.nextObject() as? String {
            let url = URL(fileURLWithPath: base + relative)
            let values = try url.resourceValues(forKeys: [.isRegularFileKey])
            if values.isRegularFile == true, relative != ArtifactStore.manifestName { paths.append(relative) }
        }
        return paths.sorted()
    }

    /// The file's SHA-256, read in 1 MiB pieces.
    static func sha256(of url: URL) throws -> String {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        var hasher = SHA256()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            hasher.update(data: chunk)
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
