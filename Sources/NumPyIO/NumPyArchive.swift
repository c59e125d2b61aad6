import FileWriting
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
    /// - Throws: `NumPyError` naming the file (and member): missing, not a zip, damaged, bad array,
    ///   or more than `MemoryBudget.bytes` to allocate.
    public static func read(from url: URL) throws -> [String: Tensor] {
        try readArrays(from: url).mapValues(\.tensor)
    }

    /// The arrays in the `.npz` file at `url` with their stored dtypes and conversion notes.
    ///
    /// Reads in two passes: first every member's `.npy` header (shapes and sizes, a few bytes
    /// each), then, once the total is known to fit `budget` bytes, the data of the members
    /// `keys` names (all when nil). A member that is not wanted is never inflated.
    public static func readArrays(from url: URL, keys: Set<String>? = nil,
                                  budget: Int = MemoryBudget.bytes) throws -> [String: NumPyArray] {
        let infos = try readInfo(from: url)
        let wanted = keys.map { keys in infos.filter { keys.contains($0.key) } } ?? infos
        try checkBudget(wanted, of: url, budget: budget)
        var arrays: [String: NumPyArray] = [:]
        _ = try ZipReader.forEachMember(of: url) { member, data in
            guard let key = key(of: member.path), let info = wanted[key] else { return }
            guard member.declaredSize == info.memberSize else {
                throw NumPyError.damagedArchive(path: url.path, reason: "member '\(member.path)' changed while "
                                                    + "it was read")
            }
            arrays[key] = try NumPyFile.decodeArray(try data.all(), name: "\(url.path): \(member.path)")
        }
        return arrays
    }

    /// The shape, dtype and size of every array in the `.npz` file at `url`, from the members'
    /// headers alone (no array data is inflated), keyed as `readArrays` keys them.
    ///
    /// - Throws: `NumPyError` naming the file (and member); `damagedMember` when a member's
    ///   declared size disagrees with the size its header's shape needs.
    public static func readInfo(from url: URL) throws -> [String: NumPyArrayInfo] {
        try checkEndRecord(url)
        var infos: [String: NumPyArrayInfo] = [:]
        let members = try ZipReader.forEachMember(of: url) { member, data in
            guard let key = key(of: member.path) else { return }
            // Two members of one name: which array is meant cannot be known (readers disagree).
            guard infos[key] == nil else {
                throw NumPyError.damagedArchive(path: url.path, reason: "it holds two members named '\(member.path)'")
            }
            infos[key] = try info(of: member, data: data, in: url)
        }
        if let announced = ZipEntryCount.announced(in: url), announced != members {
            throw NumPyError.damagedArchive(
                path: url.path, reason: "the directory lists \(announced) members but only \(members) are readable")
        }
        return infos
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
        try AtomicFile.writeNumPy(to: url) { temporary in
            let archive = try Archive(url: temporary, accessMode: .create)
            for (key, tensor) in arrays.sorted(by: { $0.key < $1.key }) {
                try add(NumPyFile.encode(tensor), as: key + ".npy", to: archive, compressed: compressed)
            }
        }
    }

    // MARK: - Reading helpers

    /// The array key of a member path (`a/b.npy` → `a/b`), nil for a member that holds no array.
    private static func key(of path: String) -> String? {
        path.hasSuffix(".npy") ? String(path.dropLast(".npy".count)) : nil
    }

    /// The longest `.npy` header read: numpy itself refuses headers over 10,000 bytes by default.
    static let maximumHeaderSize = 1 << 20

    /// Bytes after an array's data that a member may hold (numpy ignores them): a little
    /// padding, never a hidden payload the reader would have to inflate.
    static let maximumTrailingBytes = 1 << 16

    /// A member's header, read from the first bytes of its data, checked against its declared size.
    private static func info(of member: ZipReader.Member, data: ZipReader.MemberData,
                             in url: URL) throws -> NumPyArrayInfo {
        let name = "\(url.path): \(member.path)"
        guard let declared = member.declaredSize else {
            throw NumPyError.damagedMember(path: url.path, member: member.path,
                                           reason: "the directory declares no size for it")
        }
        var bytes = try data.next(NumPyHeader.preambleSize(version: 2))
        let headerEnd = try bytes.withUnsafeBytes { try NumPyHeader.headerEnd($0, name: name) }
        guard headerEnd <= maximumHeaderSize else {
            throw NumPyError.malformedHeader(name: name, reason: "the header claims \(headerEnd) bytes, more than "
                                                + "the \(maximumHeaderSize) any array needs")
        }
        if headerEnd > bytes.count { bytes += try data.next(headerEnd - bytes.count) }
        let header = try bytes.withUnsafeBytes { try NumPyHeader.parse($0, name: name) }
        let needed = header.dataOffset + header.dataByteCount
        guard declared >= needed else {
            throw NumPyError.truncatedData(name: name, expectedBytes: header.dataByteCount,
                                           actualBytes: max(0, declared - header.dataOffset))
        }
        guard declared - needed <= maximumTrailingBytes else {
            throw NumPyError.damagedMember(
                path: url.path, member: member.path,
                reason: "it declares \(declared) bytes but its array of shape \(header.shape) needs \(needed)")
        }
        return NumPyArrayInfo(shape: header.shape, storedDType: header.elementType.descr, memberSize: declared)
    }

    /// Throws `overBudget` unless the arrays (as float32) and the largest member's bytes fit `budget`.
    private static func checkBudget(_ infos: [String: NumPyArrayInfo], of url: URL, budget: Int) throws {
        var needed = infos.values.map(\.memberSize).max() ?? 0
        for info in infos.values {
            let (sum, overflow) = needed.addingReportingOverflow(info.tensorByteCount)
            needed = overflow ? Int.max : sum
        }
        guard needed <= budget else {
            throw NumPyError.overBudget(path: url.path, neededBytes: needed, budgetBytes: budget)
        }
    }

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
