import FileWriting
import Foundation
import Tensors

// The bulk copies below reinterpret little-endian file bytes as host floats.
#if !_endian(little)
#error("NumPyIO assumes a little-endian host (x86-64, arm64)")
#endif

/// An array read from `.npy` data, with what the reader did to it.
public struct NumPyArray: Equatable, Sendable {
    /// The values as float32, row-major, in the stored shape (`[]` for a scalar).
    public var tensor: Tensor
    /// The dtype stored in the file: `<f4` or `<f8`.
    public var storedDType: String
    /// Why the values differ from the stored ones (float64 rounded to float32), or `nil`.
    public var conversionNote: String?
}

/// An array's description from its `.npy` header (as in an `.npz` archive), without its data.
public struct NumPyArrayInfo: Equatable, Sendable {
    /// The stored shape (`[]` for a scalar).
    public var shape: [Int]
    /// The stored dtype: `<f4` or `<f8`.
    public var storedDType: String
    /// The member's size in bytes, header and data: what reading it takes before conversion.
    public var memberSize: Int

    /// The bytes of the array as float32, once read.
    public var tensorByteCount: Int { shape.reduce(1, *) * MemoryLayout<Float>.size }
}

/// Reads and writes single arrays in numpy's `.npy` format.
///
/// Reads versions 1.0, 2.0 and 3.0 of little-endian float32 (`<f4`) arrays in C order, and
/// float64 (`<f8`) ones rounded to float32 with a note. Writes version 1.0 `<f4` byte for
/// byte as `numpy.save` does.
public enum NumPyFile {
    /// The array in the `.npy` file at `url`.
    /// - Throws: `NumPyError` naming the file: missing, unreadable, not `.npy`, unsupported dtype, truncated.
    public static func readArray(from url: URL) throws -> Tensor {
        try load(from: url).tensor
    }

    /// The shape and dtype of the array in the `.npy` file at `url`, from its header alone.
    /// - Throws: `NumPyError` naming the file (missing, not a regular file, not `.npy`, damaged header).
    public static func readInfo(from url: URL) throws -> NumPyArrayInfo {
        try FileContents.checkReadable(url)
        guard let handle = try? FileHandle(forReadingFrom: url) else {
            throw NumPyError.unreadable(path: url.path, reason: "cannot open it")
        }
        defer { try? handle.close() }
        var bytes = (try? handle.read(upToCount: NumPyHeader.preambleSize(version: 2))) ?? Data()
        let end = try bytes.withUnsafeBytes { try NumPyHeader.headerEnd($0, name: url.path) }
        guard end <= NumPyArchive.maximumHeaderSize else {
            throw NumPyError.malformedHeader(name: url.path, reason: "the header claims \(end) bytes")
        }
        if end > bytes.count { bytes += (try? handle.read(upToCount: end - bytes.count)) ?? Data() }
        let header = try bytes.withUnsafeBytes { try NumPyHeader.parse($0, name: url.path) }
        let size = (try? handle.seekToEnd()).map(Int.init) ?? 0
        return NumPyArrayInfo(shape: header.shape, storedDType: header.elementType.descr, memberSize: size)
    }

    /// The array in the `.npy` file at `url`, with its stored dtype and conversion note.
    public static func load(from url: URL) throws -> NumPyArray {
        try decodeArray(FileContents.read(url), name: url.path)
    }

    /// The array encoded in `data`; `name` identifies the source in errors.
    public static func decode(_ data: Data, name: String) throws -> Tensor {
        try decodeArray(data, name: name).tensor
    }

    /// The array encoded in `data`, with its stored dtype and conversion note.
    ///
    /// Bytes after the array's data are ignored, as `numpy.load` ignores them.
    /// The float32 copy must fit `budget` bytes (checked before it is allocated).
    public static func decodeArray(_ data: Data, name: String,
                                   budget: Int = MemoryBudget.bytes) throws -> NumPyArray {
        try data.withUnsafeBytes { bytes in
            let header = try NumPyHeader.parse(bytes, name: name)
            let available = bytes.count - header.dataOffset
            guard available >= header.dataByteCount else {
                throw NumPyError.truncatedData(
                    name: name, expectedBytes: header.dataByteCount, actualBytes: available)
            }
            let needed = header.elementCount * MemoryLayout<Float>.size
            guard needed <= budget else {
                throw NumPyError.overBudget(path: name, neededBytes: needed, budgetBytes: budget)
            }
            let body = UnsafeRawBufferPointer(
                rebasing: bytes[header.dataOffset..<(header.dataOffset + header.dataByteCount)])
            let scalars = convert(body, from: header.elementType, count: header.elementCount)
            return NumPyArray(
                tensor: Tensor(shape: header.shape, scalars: scalars),
                storedDType: header.elementType.descr,
                conversionNote: conversionNote(for: header.elementType, name: name))
        }
    }

    /// `tensor` as `.npy` bytes: version 1.0, `<f4`, C order, data aligned to 64 bytes.
    public static func encode(_ tensor: Tensor) -> Data {
        var data = NumPyHeader.encoded(shape: tensor.shape)
        data.reserveCapacity(data.count + tensor.count * MemoryLayout<Float>.size)
        tensor.scalars.withUnsafeBytes { data.append(contentsOf: $0) }
        return data
    }

    /// Writes `tensor` to `url` as `.npy`, atomically (temporary file, then rename).
    /// - Throws: `NumPyError.writeFailed` naming the file.
    public static func write(_ tensor: Tensor, to url: URL) throws {
        try AtomicFile.writeNumPy(to: url) { temporary in try encode(tensor).write(to: temporary) }
    }

    /// Float32 data are copied in bulk; float64 data are rounded element by element.
    private static func convert(_ body: UnsafeRawBufferPointer, from type: NumPyElementType, count: Int) -> [Float] {
        [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            switch type {
            case .float32:
                UnsafeMutableRawBufferPointer(buffer).copyMemory(from: body)
            case .float64:
                for index in 0..<count {
                    buffer[index] = Float(body.loadUnaligned(fromByteOffset: index * 8, as: Double.self))
                }
            }
            initialized = count
        }
    }

    private static func conversionNote(for type: NumPyElementType, name: String) -> String? {
        switch type {
        case .float32:
            return nil
        case .float64:
            return "\(name): float64 (<f8) values were rounded to float32 "
                + "(about 7 significant digits; magnitudes beyond 3.4e38 become infinite)"
        }
    }
}
