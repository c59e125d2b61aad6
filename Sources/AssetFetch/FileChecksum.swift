import Crypto
import Foundation

/// SHA-256 of a file, read in chunks so that a 200 MB download is never held in memory.
enum FileChecksum {
    /// Bytes read per step: large enough for throughput, small enough for memory.
    static let chunkSize = 1 << 20

    /// The file's SHA-256 as 64 lowercase hexadecimal digits.
    /// `progress` receives the bytes hashed so far after each chunk.
    static func sha256(of file: URL, progress: (Int64) -> Void = { _ in }) throws -> String {
        let handle: FileHandle
        do {
            handle = try FileHandle(forReadingFrom: file)
        } catch {
            throw FetchError.fileSystem(path: file, operation: "read", reason: error.localizedDescription)
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        var hashed: Int64 = 0
        while true {
            let chunk: Data?
            do {
                chunk = try handle.read(upToCount: chunkSize)
            } catch {
                throw FetchError.fileSystem(path: file, operation: "read", reason: error.localizedDescription)
            }
            guard let chunk, !chunk.isEmpty else { break }
            hasher.update(data: chunk)
            hashed += Int64(chunk.count)
            progress(hashed)
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
