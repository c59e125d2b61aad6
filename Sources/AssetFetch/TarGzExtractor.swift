import CArchive
import Foundation

/// Extracts a `.tar.gz` archive with libarchive, safely and atomically.
///
/// Every entry passes `ArchiveEntryPolicy` before it is written, and libarchive writes
/// it with its secure flags (no `..`, no absolute paths, nothing through symlinks).
/// Entries go into a hidden temporary sibling of the destination, which is renamed
/// into place only when the whole archive has been extracted; on any failure the
/// sibling is deleted and the destination is left as it was.
public enum TarGzExtractor {
    /// libarchive's secure extraction flags, plus restoring modification times.
    /// Permissions are the archive's, filtered by the umask; owners are never restored.
    static let diskOptions: Int32 = ARCHIVE_EXTRACT_TIME
        | ARCHIVE_EXTRACT_SECURE_NODOTDOT
        | ARCHIVE_EXTRACT_SECURE_SYMLINKS
        | ARCHIVE_EXTRACT_SECURE_NOABSOLUTEPATHS

    /// The options when entries are written to absolute paths under the staging folder
    /// (see `ExtractionThread`): libarchive cannot refuse absolute paths then, since every
    /// path is one, so that check rests on `ArchiveEntryPolicy`, which ran before the prefix.
    static let prefixedDiskOptions: Int32 = diskOptions & ~ARCHIVE_EXTRACT_SECURE_NOABSOLUTEPATHS

    /// Extracts `archive` into the folder `destination`, which must not exist yet.
    ///
    /// - Parameter progress: compressed bytes read so far, after each entry.
    /// - Returns: the number of entries written.
    @discardableResult
    public static func extract(archive: URL, into destination: URL,
                               progress: @escaping @Sendable (Int64) -> Void = { _ in }) async throws -> Int
    {
        let manager = FileManager.default
        let parent = destination.deletingLastPathComponent()
        let sibling = parent.appendingPathComponent(".\(destination.lastPathComponent).extracting-\(UUID().uuidString)")
        do {
            try manager.createDirectory(at: sibling, withIntermediateDirectories: true)
        } catch {
            throw FetchError.fileSystem(path: sibling, operation: "create the folder",
                                        reason: error.localizedDescription)
        }
        // libarchive refuses to write through any symlink on an entry's path, the folders
        // above the staging folder included (a symlinked home or cache, macOS's /var).
        let staging = sibling.resolvingSymlinksInPath()
        do {
            let count = try await ExtractionThread.run(in: staging) { isInStaging in
                try extractEntries(of: archive, under: isInStaging ? nil : staging.path, progress: progress)
            }
            do {
                try manager.moveItem(at: staging, to: destination)
            } catch {
                throw FetchError.fileSystem(path: destination, operation: "move the extracted folder to",
                                            reason: error.localizedDescription)
            }
            return count
        } catch {
            try? manager.removeItem(at: staging)
            throw error
        }
    }

    /// Reads every entry of `archive` and writes it relative to the working directory,
    /// or, when `base` is given, under that absolute folder.
    static func extractEntries(of archive: URL, under base: String?, progress: (Int64) -> Void) throws -> Int {
        guard let reader = archive_read_new() else { throw failure(archive, "libarchive could not start a reader") }
        defer { archive_read_free(reader) }
        archive_read_support_filter_gzip(reader)
        archive_read_support_format_tar(reader)
        guard archive_read_open_filename(reader, archive.path, 1 << 16) == ARCHIVE_OK else {
            throw failure(archive, message(of: reader))
        }
        guard let writer = archive_write_disk_new() else {
            throw failure(archive, "libarchive could not start a writer")
        }
        defer { archive_write_free(writer) }
        archive_write_disk_set_options(writer, base == nil ? diskOptions : prefixedDiskOptions)

        var policy = ArchiveEntryPolicy()
        var written = 0
        var entry: OpaquePointer?
        while true {
            let status = archive_read_next_header(reader, &entry)
            if status == ARCHIVE_EOF { break }
            guard status >= ARCHIVE_WARN, let entry else { throw failure(archive, message(of: reader)) }
            if let name = try admit(entry, policy: &policy, archive: archive, base: base) {
                try write(entry, named: name, from: reader, to: writer, archive: archive)
                written += 1
            }
            progress(archive_filter_bytes(reader, -1))
        }
        guard archive_write_close(writer) >= ARCHIVE_WARN else { throw failure(archive, message(of: writer)) }
        return written
    }

    /// Runs the policy on one entry and rewrites its paths to their normalized form (under
    /// `base` when given). Returns the entry's name as archived, or nil for the archive's
    /// root folder entry, which is not written.
    private static func admit(_ entry: OpaquePointer, policy: inout ArchiveEntryPolicy, archive: URL,
                              base: String?) throws -> String?
    {
        let path = string(archive_entry_pathname(entry))
        let decision: ArchiveEntryPolicy.Decision
        do {
            decision = try policy.admit(path: path, kind: kind(of: entry))
        } catch let rejection as ArchiveEntryPolicy.Rejection {
            throw FetchError.unsafeArchiveEntry(archive: archive, entry: path, reason: rejection.reason)
        }
        guard case let .extract(normalized, hardLinkTarget) = decision else { return nil }
        let prefix = base.map { $0 + "/" } ?? ""
        if prefix + normalized != path { archive_entry_set_pathname(entry, prefix + normalized) }
        if let hardLinkTarget { archive_entry_set_hardlink(entry, prefix + hardLinkTarget) }
        return path
    }

    /// What an entry creates, as the policy sees it.
    private static func kind(of entry: OpaquePointer) -> ArchiveEntryPolicy.Kind {
        if let hardLink = archive_entry_hardlink(entry) { return .hardLink(target: String(cString: hardLink)) }
        switch archive_entry_filetype(entry) & FileType.mask {
        case FileType.regular: return .regularFile
        case FileType.directory: return .directory
        case FileType.symbolicLink: return .symbolicLink(target: string(archive_entry_symlink(entry)))
        case FileType.characterDevice: return .unsupported("character device")
        case FileType.blockDevice: return .unsupported("block device")
        case FileType.fifo: return .unsupported("FIFO")
        case FileType.socket: return .unsupported("socket")
        default: return .unsupported("entry of unknown type")
        }
    }

    /// Writes the entry's header, then its data block by block (sparse files keep their holes).
    private static func write(_ entry: OpaquePointer, named path: String, from reader: OpaquePointer,
                              to writer: OpaquePointer, archive: URL) throws
    {
        guard archive_write_header(writer, entry) >= ARCHIVE_WARN else {
            throw refusedOrFailed(path, message(of: writer), archive: archive)
        }
        if archive_entry_size(entry) > 0 {
            var block: UnsafeRawPointer?
            var size = 0
            var offset: la_int64_t = 0
            while true {
                let status = archive_read_data_block(reader, &block, &size, &offset)
                if status == ARCHIVE_EOF { break }
                guard status >= ARCHIVE_WARN else { throw failure(archive, message(of: reader)) }
                guard archive_write_data_block(writer, block, size, offset) >= ARCHIVE_WARN else {
                    throw failure(archive, "writing \(path): \(message(of: writer))")
                }
            }
        }
        guard archive_write_finish_entry(writer) >= ARCHIVE_WARN else {
            throw failure(archive, "finishing \(path): \(message(of: writer))")
        }
    }

    /// libarchive's secure flags refuse an entry with a message; keep it attached to the entry.
    private static func refusedOrFailed(_ path: String, _ message: String, archive: URL) -> FetchError {
        .unsafeArchiveEntry(archive: archive, entry: path, reason: "was refused by libarchive (\(message))")
    }

    private static func failure(_ archive: URL, _ reason: String) -> FetchError {
        .archiveFailure(archive: archive, reason: reason)
    }

    private static func message(of handle: OpaquePointer) -> String {
        archive_error_string(handle).map { String(cString: $0) } ?? "unknown libarchive error"
    }

    private static func string(_ pointer: UnsafePointer<CChar>?) -> String {
        pointer.map { String(cString: $0) } ?? ""
    }

    /// File-type bits of `archive_entry_filetype` (the POSIX `S_IF*` values libarchive uses as `AE_IF*`).
    enum FileType {
        static let mask: UInt32 = 0o170000
        static let regular: UInt32 = 0o100000
        static let directory: UInt32 = 0o040000
        static let symbolicLink: UInt32 = 0o120000
        static let characterDevice: UInt32 = 0o020000
        static let blockDevice: UInt32 = 0o060000
        static let fifo: UInt32 = 0o010000
        static let socket: UInt32 = 0o140000
    }
}
