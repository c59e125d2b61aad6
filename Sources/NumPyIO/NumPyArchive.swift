import Foundation
import Tensors
import ZIPFoundation

/// Reads and writes numpy's `.npz` archives: zip files whose members `<key>.npy` hold one array each.
///
/// Reading accepts stored and deflated members, with or without zip64 extra fields
/// (`numpy.savez` adds them, other writers may not). Keys may contain `/`, as in the
/// official BiT checkpoints (`resnet/head/conv2d/bias`).
public enum NumPyArchive {
    /// Chunk size for zip reads and writes: a 100 MB checkpoint takes about a hundred chunks.
    static let chunkSize = 1 << 20

    /// The arrays in the `.npz` file at `url`, keyed by member name without `.npy`.
    ///
    /// Members whose names do not end in `.npy` (and folders) are skipped, as they hold no array.
    /// - Throws: `NumPyError` naming the file (and member): missing, not a zip, damaged, bad array.
    public static func read(from url: URL) throws -> [String: Tensor] {
        try readArrays(from: url).mapValues(\.tensor)
    }

    /// The arrays in the `.npz` file at `url` with their stored dtypes and conversion notes.
    public static func readArrays(from url: URL) throws -> [String: NumPyArray] {
        let archive = try open(url)
        var arrays: [String: NumPyArray] = [:]
        var entryCount = 0
        for entry in archive {
            entryCount += 1
            guard entry.type == .file && entry.path.hasSuffix(".npy") else { continue }
            let data = try extract(entry, from: archive, url: url)
            let key = String(entry.path.dropLast(".npy".count))
            arrays[key] = try NumPyFile.decodeArray(data, name: "\(url.path): \(entry.path)")
        }
        if let announced = ZipEntryCount.announced(in: url), announced != entryCount {
            throw NumPyError.damagedArchive(
                path: url.path, reason: "the directory lists \(announced) members but only \(entryCount) are readable")
        }
        return arrays
    }

    /// The array names in the `.npz` file at `url`, sorted, without extracting anything.
    public static func keys(in url: URL) throws -> [String] {
        let archive = try open(url)
        return archive.filter { $0.type == .file && $0.path.hasSuffix(".npy") }
            .map { String($0.path.dropLast(".npy".count)) }
            .sorted()
    }

    /// The conversion notes of `arrays` (float64 members rounded to float32), sorted by key.
    public static func conversionNotes(_ arrays: [String: NumPyArray]) -> [String] {
        arrays.keys.sorted().compactMap { arrays[$0]?.conversionNote }
    }

    /// Writes `arrays` to `url` as `.npz`, members in key order, atomically (temporary file, then rename).
    ///
    /// - Parameter compressed: deflate the members (as `numpy.savez_compressed`); stored otherwise (`numpy.savez`).
    /// - Throws: `NumPyError.invalidKey` for an empty key or one starting or ending with `/`;
    ///   `writeFailed` naming the file.
    public static func write(_ arrays: [String: Tensor], to url: URL, compressed: Bool = false) throws {
        for key in arrays.keys { try validate(key) }
        try AtomicFile.write(to: url) { temporary in
            let archive = try Archive(url: temporary, accessMode: .create)
            for (key, tensor) in arrays.sorted(by: { $0.key < $1.key }) {
                try add(NumPyFile.encode(tensor), as: key + ".npy", to: archive, compressed: compressed)
            }
        }
    }

    // MARK: - Reading helpers

    /// Opens `url` for reading, telling a missing file, a non-zip file and a damaged zip apart.
    private static func open(_ url: URL) throws -> Archive {
        try FileContents.checkReadable(url)
        do {
            return try Archive(url: url, accessMode: .read)
        } catch Archive.ArchiveError.missingEndOfCentralDirectoryRecord {
            // A zip starts with a local file header "PK\u{3}\u{4}"; without its end record it was cut short.
            if try startsWithZipSignature(url) {
                throw NumPyError.damagedArchive(
                    path: url.path, reason: "no end-of-central-directory record: the file is truncated")
            }
            throw NumPyError.notAnArchive(path: url.path)
        } catch {
            throw NumPyError.unreadable(path: url.path, reason: "\(error)")
        }
    }

    private static func startsWithZipSignature(_ url: URL) throws -> Bool {
        guard let handle = try? FileHandle(forReadingFrom: url) else {
            throw NumPyError.unreadable(path: url.path, reason: "cannot open it")
        }
        defer { try? handle.close() }
        let prefix = (try? handle.read(upToCount: 4)) ?? Data()
        return prefix.elementsEqual([0x50, 0x4B, 0x03, 0x04])
    }

    /// The uncompressed bytes of `entry`, checked against the member's CRC-32.
    private static func extract(_ entry: Entry, from archive: Archive, url: URL) throws -> Data {
        var data = Data()
        // The size comes from the (possibly damaged) directory: reserve, but not without bound.
        data.reserveCapacity(Int(min(entry.uncompressedSize, UInt64(1 << 31))))
        do {
            // The checksum is computed below: ZIPFoundation's own is slow on Linux (see CRC32Checksum)
            // and it leaves the comparison to the caller anyway.
            _ = try archive.extract(entry, bufferSize: chunkSize, skipCRC32: true) { chunk in data.append(chunk) }
        } catch {
            throw NumPyError.damagedMember(path: url.path, member: entry.path, reason: describe(error))
        }
        guard data.count == entry.uncompressedSize else {
            throw NumPyError.damagedMember(
                path: url.path, member: entry.path,
                reason: "\(data.count) bytes extracted, the directory promises \(entry.uncompressedSize)")
        }
        guard data.withUnsafeBytes(CRC32Checksum.checksum) == entry.checksum else {
            throw NumPyError.damagedMember(path: url.path, member: entry.path, reason: "CRC-32 checksum mismatch")
        }
        return data
    }

    private static func describe(_ error: Error) -> String {
        switch error {
        case Archive.ArchiveError.invalidCompressionMethod: return "unknown compression method"
        case Archive.ArchiveError.invalidLocalHeaderDataOffset: return "invalid local header"
        default: return "\(error)"
        }
    }

    // MARK: - Writing helpers

    /// A fixed member date keeps archives of equal arrays byte-identical (cache hashing);
    /// 1980-01-02 UTC is in the DOS date range in every time zone.
    private static let memberDate = Date(timeIntervalSince1970: 315_619_200)

    private static func add(_ data: Data, as path: String, to archive: Archive, compressed: Bool) throws {
        try archive.addEntry(
            with: path, type: .file, uncompressedSize: Int64(data.count), modificationDate: memberDate,
            compressionMethod: compressed ? .deflate : .none, bufferSize: chunkSize
        ) { position, size in
            data.subdata(in: Int(position)..<(Int(position) + size))
        }
    }

    private static func validate(_ key: String) throws {
        if key.isEmpty { throw NumPyError.invalidKey(key: key, reason: "it is empty") }
        if key.hasSuffix("/") {
            throw NumPyError.invalidKey(key: key, reason: "a name ending in '/' would be a zip folder")
        }
        if key.hasPrefix("/") {
            throw NumPyError.invalidKey(key: key, reason: "a name starting with '/' is an absolute path")
        }
    }
}
