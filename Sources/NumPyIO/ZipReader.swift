import CArchive
import Foundation

/// Reads the members of a zip archive with libarchive's seekable zip reader, which follows
/// the central directory and checks every member's CRC-32.
///
/// ZIPFoundation writes the project's archives but does not read them: its inflate loop
/// (0.9.20 on Linux) tells zlib that a whole buffer is available whatever the read returned,
/// and never ends when a damaged deflate stream runs into the end of the file. A single bit
/// flip in a compressed checkpoint made it spin forever (found by `ArchiveFuzzTests`).
/// libarchive is fuzzed continuously (OSS-Fuzz) and reports such members as errors.
enum ZipReader {
    /// Chunk size of the reads: a 100 MB checkpoint takes about a hundred.
    static let chunkSize = 1 << 20

    /// Calls `visit(path, bytes)` for each regular-file member whose path `wants` accepts, in
    /// directory order; the other members are skipped unread.
    ///
    /// - Returns: the number of members read or skipped (folders included).
    /// - Throws: `NumPyError.damagedArchive` when the directory or a local header cannot be read,
    ///   `damagedMember` when a member's data is (bad deflate stream, CRC-32 mismatch, wrong size).
    static func forEachMember(of url: URL, wants: (String) -> Bool,
                              _ visit: (String, Data) throws -> Void) throws -> Int {
        guard let reader = archive_read_new() else {
            throw NumPyError.unreadable(path: url.path, reason: "libarchive could not start a reader")
        }
        defer { archive_read_free(reader) }
        archive_read_support_format_zip_seekable(reader)
        guard archive_read_open_filename(reader, url.path, 1 << 16) == ARCHIVE_OK else {
            throw NumPyError.damagedArchive(path: url.path, reason: message(of: reader))
        }
        var members = 0
        var entry: OpaquePointer?
        while true {
            let status = archive_read_next_header(reader, &entry)
            if status == ARCHIVE_EOF { return members }
            guard status == ARCHIVE_OK || status == ARCHIVE_WARN, let entry else {
                throw unreadableMember(after: members, in: url, detail: message(of: reader))
            }
            members += 1
            let path = archive_entry_pathname(entry).map { String(cString: $0) } ?? ""
            guard archive_entry_filetype(entry) & fileTypeMask == regularFile, wants(path) else {
                archive_read_data_skip(reader)
                continue
            }
            let declared = archive_entry_size_is_set(entry) != 0 ? Int(archive_entry_size(entry)) : nil
            try visit(path, try data(of: path, declared: declared, reader: reader, url: url))
        }
    }

    /// The bytes of the current member, never more than its declared size.
    private static func data(of member: String, declared: Int?, reader: OpaquePointer, url: URL) throws -> Data {
        var data = Data()
        // The size comes from the (possibly damaged) directory: reserve, but not without bound.
        data.reserveCapacity(min(max(declared ?? 0, 0), 1 << 31))
        let chunk = UnsafeMutableRawPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { chunk.deallocate() }
        while true {
            let count = archive_read_data(reader, chunk, chunkSize)
            if count == 0 { break }
            guard count > 0 else {
                let detail = message(of: reader)
                throw NumPyError.damagedMember(path: url.path, member: member,
                                               reason: detail.contains("CRC") ? "CRC-32 checksum mismatch" : detail)
            }
            data.append(chunk.assumingMemoryBound(to: UInt8.self), count: count)
            if let declared, data.count > declared { break }
        }
        if let declared, data.count != declared {
            throw NumPyError.damagedMember(
                path: url.path, member: member,
                reason: "\(data.count)\(data.count > declared ? " or more" : "") bytes extracted, the directory promises \(declared)")
        }
        return data
    }

    /// A local header or directory record that cannot be read, worded with the count the
    /// end record announces when it has one (a damaged member must not look like a smaller archive).
    private static func unreadableMember(after readable: Int, in url: URL, detail: String) -> NumPyError {
        if let announced = ZipEntryCount.announced(in: url), announced != readable {
            return .damagedArchive(path: url.path, reason: "the directory lists \(announced) members but only "
                                   + "\(readable) are readable (\(detail))")
        }
        return .damagedArchive(path: url.path, reason: detail)
    }

    private static func message(of reader: OpaquePointer) -> String {
        archive_error_string(reader).map { String(cString: $0) } ?? "libarchive reported an error without a message"
    }

    /// File-type bits of `archive_entry_filetype` (POSIX `S_IFMT` and `S_IFREG`).
    private static let fileTypeMask: UInt32 = 0o170000
    private static let regularFile: UInt32 = 0o100000
}
