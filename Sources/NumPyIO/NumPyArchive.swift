import Foundation
import Tensors
import ZIPFoundation

/// Reads and writes numpy's `.npz` archives: zip files whose members `<key>.npy` hold one array each.
///
/// Reading accepts stored and deflated members, with or without zip64 extra fields
/// (`numpy.savez` adds them, other writers may not). Keys may contain `/`, as in the
/// official BiT checkpoints (`resnet/head/conv2d/bias`). Archives are read with libarchive
/// (`ZipReader`, which says why) and written with ZIPFoundation.
public enum NumPyArchive {
    /// Chunk size for zip writes: a 100 MB checkpoint takes about a hundred chunks.
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
        try checkEndRecord(url)
        var arrays: [String: NumPyArray] = [:]
        let members = try ZipReader.forEachMember(of: url, wants: { $0.hasSuffix(".npy") }) { path, data in
            arrays[String(path.dropLast(".npy".count))] = try NumPyFile.decodeArray(data, name: "\(url.path): \(path)")
        }
        if let announced = ZipEntryCount.announced(in: url), announced != members {
            throw NumPyError.damagedArchive(
                path: url.path, reason: "the directory lists \(announced) members but only \(members) are readable")
        }
        return arrays
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

    /// Throws unless `url` is a readable file with a zip end record: a missing file, a file
    /// that is no zip at all and one cut short get their own messages.
    private static func checkEndRecord(_ url: URL) throws {
        try FileContents.checkReadable(url)
        guard !ZipEntryCount.hasEndRecord(url) else { return }
        // A zip starts with a local file header "PK\u{3}\u{4}"; without its end record it was cut short.
        if try startsWithZipSignature(url) {
            throw NumPyError.damagedArchive(path: url.path, reason: "no end-of-central-directory record: the file is truncated")
        }
        throw NumPyError.notAnArchive(path: url.path)
    }

    private static func startsWithZipSignature(_ url: URL) throws -> Bool {
        guard let handle = try? FileHandle(forReadingFrom: url) else {
            throw NumPyError.unreadable(path: url.path, reason: "cannot open it")
        }
        defer { try? handle.close() }
        let prefix = (try? handle.read(upToCount: 4)) ?? Data()
        return prefix.elementsEqual([0x50, 0x4B, 0x03, 0x04])
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
