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
///
/// A member is inflated only as far as its visitor asks (`MemberData.next` for a header,
/// `all` for the whole member), and never past the size the directory declares: a member that
/// is not needed is skipped without inflating it (the seekable reader jumps over its
/// compressed bytes), so a zip bomb among unused members costs nothing.
enum ZipReader {
    /// Chunk size of the reads: a 100 MB checkpoint takes about a hundred.
    static let chunkSize = 1 << 20

    /// A regular-file member as the directory describes it.
    struct Member {
        /// Its path inside the archive.
        let path: String
        /// The inflated size the directory declares, nil when it declares none.
        let declaredSize: Int?
    }

    /// The current member's bytes, read on demand (once: libarchive streams them).
    struct MemberData {
        fileprivate let member: Member
        fileprivate let reader: OpaquePointer
        fileprivate let url: URL

        /// The next `count` bytes of the member (fewer at its end); successive calls continue
        /// where the last one stopped.
        func next(_ count: Int) throws -> Data {
            try ZipReader.read(member, upTo: count, exact: false, reader: reader, url: url)
        }

        /// The whole member (unread so far): exactly its declared size (an error when the data are
        /// longer or shorter, or when the directory declares no size).
        func all() throws -> Data {
            guard let declared = member.declaredSize else {
                throw NumPyError.damagedMember(path: url.path, member: member.path,
                                               reason: "the directory declares no size for it")
            }
            return try ZipReader.read(member, upTo: declared, exact: true, reader: reader, url: url)
        }
    }

    /// Calls `visit(path, bytes)` for each regular-file member whose path `wants` accepts, in
    /// directory order; the other members are skipped unread.
    ///
    /// - Returns: the number of members read or skipped (folders included).
    /// - Throws: `NumPyError.damagedArchive` when the directory or a local header cannot be read,
    ///   `damagedMember` when a member's data is (bad deflate stream, CRC-32 mismatch, wrong size).
    static func forEachMember(of url: URL, wants: (String) -> Bool,
                              _ visit: (String, Data) throws -> Void) throws -> Int {
        try forEachMember(of: url) { member, data in
            guard wants(member.path) else { return }
            try visit(member.path, try data.all())
        }
    }

    /// Calls `visit(member, data)` for each regular-file member, in directory order; whatever of
    /// a member `visit` does not read is skipped without being inflated.
    ///
    /// - Returns: the number of members read or skipped (folders included).
    static func forEachMember(of url: URL, _ visit: (Member, MemberData) throws -> Void) throws -> Int {
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
            guard archive_entry_filetype(entry) & fileTypeMask == regularFile else { continue }
            let declared = archive_entry_size_is_set(entry) != 0 ? Int(archive_entry_size(entry)) : nil
            let member = Member(path: path, declaredSize: declared)
            try visit(member, MemberData(member: member, reader: reader, url: url))
        }
    }

    /// At most `limit` bytes of the current member, never more than its declared size; with
    /// `exact`, the member must end exactly at its declared size.
    private static func read(_ member: Member, upTo limit: Int, exact: Bool, reader: OpaquePointer,
                             url: URL) throws -> Data {
        let declared = member.declaredSize
        let wanted = min(limit, declared.map { max($0, 0) } ?? limit)
        var data = Data()
        // The callers checked the size against their budget; a shorter stream just stops early.
        data.reserveCapacity(wanted)
        let chunk = UnsafeMutableRawPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { chunk.deallocate() }
        // With `exact`, one byte past the declared size is asked for, to catch a longer stream.
        let stop = exact ? wanted + 1 : wanted
        while data.count < stop {
            let count = archive_read_data(reader, chunk, min(chunkSize, stop - data.count))
            if count == 0 { break }
            guard count > 0 else {
                let detail = message(of: reader)
                throw NumPyError.damagedMember(path: url.path, member: member.path,
                                               reason: detail.contains("CRC") ? "CRC-32 checksum mismatch" : detail)
            }
            data.append(chunk.assumingMemoryBound(to: UInt8.self), count: count)
        }
        if exact, let declared, data.count != declared {
            throw NumPyError.damagedMember(
                path: url.path, member: member.path,
                reason: "\(data.count)\(data.count > declared ? " or more" : "") bytes extracted, "
                    + "the directory promises \(declared)")
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
