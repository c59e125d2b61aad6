import CArchive
import Foundation

/// Builds tiny `.tar.gz` archives for the tests with libarchive's writer, entry names
/// exactly as given (libarchive's writer, unlike the `tar` command, strips nothing:
/// `../evil` and `/tmp/evil` go into the archive as written).
enum TarGzFixture {
    enum Entry {
        case file(String, String)
        case directory(String)
        case symbolicLink(String, target: String)
        case hardLink(String, target: String)
        case fifo(String)
    }

    struct WriteError: Error, CustomStringConvertible {
        let description: String
    }

    /// Writes `entries`, in order, as a gzip-compressed POSIX tar archive at `url`.
    static func write(_ entries: [Entry], to url: URL) throws {
        guard let archive = archive_write_new() else { throw WriteError(description: "archive_write_new failed") }
        defer { archive_write_free(archive) }
        archive_write_add_filter_gzip(archive)
        archive_write_set_format_pax_restricted(archive)
        guard archive_write_open_filename(archive, url.path) == ARCHIVE_OK else { throw error(archive) }
        for entry in entries {
            try write(entry, to: archive)
        }
        guard archive_write_close(archive) == ARCHIVE_OK else { throw error(archive) }
    }

    private static func write(_ entry: Entry, to archive: OpaquePointer) throws {
        let header = archive_entry_new()
        defer { archive_entry_free(header) }
        var contents = Data()
        switch entry {
        case let .file(path, text):
            contents = Data(text.utf8)
            describe(header, path: path, type: 0o100000, permissions: 0o644, size: contents.count)
        case let .directory(path):
            describe(header, path: path, type: 0o040000, permissions: 0o755, size: 0)
        case let .symbolicLink(path, target):
            describe(header, path: path, type: 0o120000, permissions: 0o777, size: 0)
            archive_entry_set_symlink(header, target)
        case let .hardLink(path, target):
            describe(header, path: path, type: 0o100000, permissions: 0o644, size: 0)
            archive_entry_set_hardlink(header, target)
        case let .fifo(path):
            describe(header, path: path, type: 0o010000, permissions: 0o644, size: 0)
        }
        guard archive_write_header(archive, header) == ARCHIVE_OK else { throw error(archive) }
        if !contents.isEmpty {
            let written = contents.withUnsafeBytes { archive_write_data(archive, $0.baseAddress, $0.count) }
            guard written == contents.count else { throw error(archive) }
        }
    }

    private static func describe(_ header: OpaquePointer?, path: String, type: UInt32, permissions: UInt32, size: Int) {
        archive_entry_set_pathname(header, path)
        archive_entry_set_filetype(header, type)
        archive_entry_set_perm(header, permissions)
        archive_entry_set_size(header, la_int64_t(size))
        archive_entry_set_mtime(header, 1_700_000_000, 0)
    }

    private static func error(_ archive: OpaquePointer) -> WriteError {
        WriteError(description: archive_error_string(archive).map { String(cString: $0) } ?? "libarchive error")
    }
}
