import Foundation

/// The SHA-256 of a download whose lesson file publishes none, kept beside it on first use
/// ("trust on first use"): later fetches check the installed file against it.
///
/// The record is one line in `sha256sum` format (`<64 hex digits>  <file name>`), so
/// `sha256sum -c BiT-M-R50x1.npz.sha256` checks it by hand too.
enum ChecksumRecord {
    /// True for 64 lowercase hexadecimal digits.
    static func isHexDigest(_ text: String) -> Bool {
        let hexDigits = Set("0123456789abcdef")
        return text.count == 64 && text.allSatisfy(hexDigits.contains)
    }

    /// The recorded sum in `record`, nil when there is no record.
    /// - Throws: `FetchError.fileSystem` when the record exists but is unreadable or malformed.
    static func read(_ record: URL) throws -> String? {
        guard FileManager.default.fileExists(atPath: record.path) else { return nil }
        let text: String
        do {
            text = try String(contentsOf: record, encoding: .utf8)
        } catch {
            throw FetchError.fileSystem(path: record, operation: "read the recorded checksum",
                                        reason: error.localizedDescription)
        }
        let digest = text.split(whereSeparator: \.isWhitespace).first.map { $0.lowercased() } ?? ""
        guard isHexDigest(digest) else {
            throw FetchError.fileSystem(path: record, operation: "read the recorded checksum",
                                        reason: "it does not start with 64 hexadecimal digits; delete it and "
                                            + "the file beside it, then fetch again")
        }
        return digest
    }

    /// Writes `sha256` for the file named `fileName` to `record`, atomically
    /// (a temporary file in the same folder, then a rename).
    static func write(_ sha256: String, fileName: String, to record: URL) throws {
        let temporary = record.deletingLastPathComponent()
            .appendingPathComponent(".\(record.lastPathComponent).\(UUID().uuidString).tmp")
        do {
            try Data("\(sha256)  \(fileName)\n".utf8).write(to: temporary)
        } catch {
            throw FetchError.fileSystem(path: record, operation: "record the checksum in",
                                        reason: error.localizedDescription)
        }
        // rename(2) replaces an older record atomically.
        guard rename(temporary.path, record.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw FetchError.fileSystem(path: record, operation: "record the checksum in", reason: reason)
        }
    }
}
