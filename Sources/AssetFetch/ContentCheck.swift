import CArchive
import Foundation

/// Checks that a download holds the kind of file its name promises before it is installed and
/// its sum pinned: a server that answers 200 with an HTML page (a captive portal's login page,
/// a proxy's error page, a moved file) must not become `BiT-M-R50x1.npz`.
///
/// - `.tar.gz`: the gzip magic `1f 8b`;
/// - `.npz`: a zip archive (libarchive lists it) of at least one member, every one a `.npy`
///   whose data starts with numpy's magic `\x93NUMPY`;
/// - `.npy`: numpy's magic;
/// - any other name: anything but an HTML or XML page.
enum ContentCheck {
    /// Throws `FetchError.unexpectedContent` unless `file` is what `asset` promises.
    static func check(_ file: URL, of asset: Asset) throws {
        let head = try prefix(of: file, count: 512)
        let name = asset.destination.lowercased()
        func refuse(_ expected: String) -> FetchError {
            .unexpectedContent(url: asset.url, expected: expected, found: describe(head))
        }
        if asset.kind == .tarGzArchive || name.hasSuffix(".tar.gz") || name.hasSuffix(".tgz") {
            guard head.starts(with: [0x1F, 0x8B]) else { throw refuse("a gzip-compressed tar archive") }
        } else if name.hasSuffix(".npz") {
            let expected = "a NumPy .npz archive (a zip of .npy arrays)"
            guard head.starts(with: [0x50, 0x4B, 0x03, 0x04]) else { throw refuse(expected) }
            if let problem = npzProblem(file) {
                throw FetchError.unexpectedContent(url: asset.url, expected: expected, found: problem)
            }
        } else if name.hasSuffix(".npy") {
            guard head.starts(with: numpyMagic) else { throw refuse("a NumPy .npy array") }
        } else if isMarkup(head) {
            throw refuse("the file the lesson declares")
        }
    }

    static let numpyMagic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]

    /// What the first bytes look like, for the message.
    static func describe(_ head: [UInt8]) -> String {
        if head.isEmpty { return "an empty file" }
        if isMarkup(head) { return "an HTML or XML page" }
        if head.allSatisfy({ (0x20..<0x7F).contains($0) || [0x09, 0x0A, 0x0D].contains($0) }) { return "plain text" }
        return "a file of another kind (it starts with bytes "
            + head.prefix(4).map { String(format: "%02x", $0) }.joined(separator: " ") + ")"
    }

    /// Whether the bytes start, after white space and a byte-order mark, with `<!doctype`, `<html`, `<?xml` or `<head`.
    static func isMarkup(_ head: [UInt8]) -> Bool {
        let text = String(decoding: head, as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: "\u{FEFF}"))).lowercased()
        return ["<!doctype", "<html", "<?xml", "<head", "<body"].contains { text.hasPrefix($0) }
    }

    /// Why the zip at `file` is not an `.npz`, or nil when every member is a `.npy` array.
    static func npzProblem(_ file: URL) -> String? {
        guard let reader = archive_read_new() else { return "a file libarchive could not open" }
        defer { archive_read_free(reader) }
        archive_read_support_format_zip_seekable(reader)
        guard archive_read_open_filename(reader, file.path, 1 << 16) == ARCHIVE_OK else {
            return "a damaged zip archive"
        }
        var entry: OpaquePointer?, arrays = 0
        var magic = [UInt8](repeating: 0, count: numpyMagic.count)
        while true {
            let status = archive_read_next_header(reader, &entry)
            if status == ARCHIVE_EOF { break }
            guard status == ARCHIVE_OK || status == ARCHIVE_WARN, let entry else { return "a damaged zip archive" }
            guard archive_entry_filetype(entry) & 0o170000 == 0o100000 else { continue }
            let path = archive_entry_pathname(entry).map { String(cString: $0) } ?? ""
            guard path.hasSuffix(".npy") else { return "a zip archive holding '\(path)', which is not a .npy array" }
            let count = archive_read_data(reader, &magic, magic.count)
            guard count == magic.count, magic == numpyMagic else {
                return "a zip archive whose member '\(path)' is not a .npy array"
            }
            arrays += 1
        }
        return arrays == 0 ? "an empty zip archive" : nil
    }

    private static func prefix(of file: URL, count: Int) throws -> [UInt8] {
        guard let handle = try? FileHandle(forReadingFrom: file) else {
            throw FetchError.fileSystem(path: file, operation: "read", reason: "it cannot be opened")
        }
        defer { try? handle.close() }
        return [UInt8]((try? handle.read(upToCount: count)) ?? Data())
    }
}
