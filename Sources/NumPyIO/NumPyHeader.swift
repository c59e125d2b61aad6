import Foundation

/// The header of a `.npy` file: magic, version, header length, and the header dict.
///
/// Layout (numpy's `format.py` documentation): the 6 bytes `\x93NUMPY`, a major and a
/// minor version byte, the header length (little-endian `UInt16` in version 1.0,
/// `UInt32` in 2.0 and 3.0), then the header: the `repr` of a dict with `descr`,
/// `fortran_order` and `shape`, padded with spaces and a final newline. Versions 1.0
/// and 2.0 encode the header in latin-1, 3.0 in UTF-8. The data follow immediately.
struct NumPyHeader: Equatable {
    /// How the elements are stored.
    var elementType: NumPyElementType
    /// The array's shape; `[]` for a scalar.
    var shape: [Int]
    /// The product of `shape` (1 for a scalar).
    var elementCount: Int
    /// The number of bytes before the first element.
    var dataOffset: Int

    /// The number of data bytes the header promises.
    var dataByteCount: Int { elementCount * elementType.byteCount }

    static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]  // "\x93NUMPY"

    /// numpy aligns the start of the data to this many bytes so the file can be memory-mapped.
    static let alignment = 64

    /// numpy (since 1.23) pads the header for the first axis to grow to this many digits in place.
    static let growthAxisDigits = 21
}

// MARK: - Reading

extension NumPyHeader {
    /// Parses the header at the start of `bytes`; `name` names the file in errors.
    static func parse(_ bytes: UnsafeRawBufferPointer, name: String) throws -> NumPyHeader {
        let (version, headerStart, headerLength) = try readPreamble(bytes, name: name)
        guard headerStart + headerLength <= bytes.count else {
            throw NumPyError.malformedHeader(
                name: name, reason: "the header is \(headerLength) bytes but the file ends after "
                    + "\(bytes.count - headerStart); the file was cut short")
        }
        let headerBytes = UnsafeRawBufferPointer(rebasing: bytes[headerStart..<(headerStart + headerLength)])
        let text = version.major >= 3
            ? String(decoding: headerBytes, as: UTF8.self)
            : String(String.UnicodeScalarView(headerBytes.map { Unicode.Scalar($0) }))  // latin-1
        let dict: PythonLiteral
        do {
            dict = try PythonLiteral.parse(text)
        } catch let error as PythonLiteralError {
            throw NumPyError.malformedHeader(name: name, reason: error.description)
        }
        var header = try interpret(dict, name: name)
        header.dataOffset = headerStart + headerLength
        return header
    }

    /// The bytes before the header text: magic, version, and a 2-byte (version 1) or
    /// 4-byte (versions 2 and 3) header length.
    static func preambleSize(version: Int) -> Int { magic.count + 2 + (version == 1 ? 2 : 4) }

    /// Where the header (and so the data) ends, from the preamble at the start of `bytes`.
    static func headerEnd(_ bytes: UnsafeRawBufferPointer, name: String) throws -> Int {
        let (_, headerStart, headerLength) = try readPreamble(bytes, name: name)
        return headerStart + headerLength
    }

    /// Magic, version and header length; returns where the header text starts.
    private static func readPreamble(_ bytes: UnsafeRawBufferPointer, name: String) throws
        -> (version: (major: UInt8, minor: UInt8), headerStart: Int, headerLength: Int) {
        let magicCount = magic.count
        guard bytes.prefix(magicCount).elementsEqual(magic.prefix(bytes.count)) else {
            throw NumPyError.notNumPyData(name: name)
        }
        guard bytes.count >= magicCount + 4 else {
            throw NumPyError.malformedHeader(
                name: name, reason: bytes.isEmpty ? "the file is empty" : "the file ends inside the preamble")
        }
        let major = bytes[magicCount], minor = bytes[magicCount + 1]
        let lengthStart = magicCount + 2
        switch (major, minor) {
        case (1, 0):
            let length = Int(bytes[lengthStart]) | Int(bytes[lengthStart + 1]) << 8
            return ((major, minor), lengthStart + 2, length)
        case (2, 0), (3, 0):
            guard bytes.count >= lengthStart + 4 else {
                throw NumPyError.malformedHeader(name: name, reason: "the file ends inside the header length")
            }
            let length = (0..<4).reduce(0) { $0 | Int(bytes[lengthStart + $1]) << (8 * $1) }
            return ((major, minor), lengthStart + 4, length)
        default:
            throw NumPyError.unsupportedVersion(name: name, major: major, minor: minor)
        }
    }

    /// Checks the header dict and resolves dtype, order and shape.
    private static func interpret(_ dict: PythonLiteral, name: String) throws -> NumPyHeader {
        guard case .dictionary = dict else {
            throw NumPyError.malformedHeader(name: name, reason: "the header is not a dict")
        }
        guard let descr = dict["descr"], let fortran = dict["fortran_order"], let shapeValue = dict["shape"] else {
            throw NumPyError.malformedHeader(
                name: name, reason: "the header dict lacks one of 'descr', 'fortran_order', 'shape'")
        }
        let elementType = try NumPyElementType.resolve(descr, name: name)
        guard case .boolean(let isFortranOrder) = fortran else {
            throw NumPyError.malformedHeader(name: name, reason: "'fortran_order' is not True or False")
        }
        let shape = try dimensions(of: shapeValue, name: name)
        // Column-major and row-major storage coincide when at most one axis is longer than 1.
        if isFortranOrder && shape.filter({ $0 > 1 }).count > 1 {
            throw NumPyError.fortranOrder(name: name, descr: elementType.descr)
        }
        let count = try elementCount(of: shape, byteCount: elementType.byteCount, name: name)
        return NumPyHeader(elementType: elementType, shape: shape, elementCount: count, dataOffset: 0)
    }

    private static func dimensions(of value: PythonLiteral, name: String) throws -> [Int] {
        let items: [PythonLiteral]
        switch value {
        case .tuple(let elements), .list(let elements): items = elements
        default: throw NumPyError.malformedHeader(name: name, reason: "'shape' is not a tuple")
        }
        return try items.map { item in
            guard case .integer(let extent) = item, extent >= 0 else {
                throw NumPyError.malformedHeader(name: name, reason: "'shape' holds \(item), not a size ≥ 0")
            }
            return extent
        }
    }

    /// The product of the extents, rejecting sizes whose byte count overflows.
    private static func elementCount(of shape: [Int], byteCount: Int, name: String) throws -> Int {
        var count = 1
        for extent in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: extent)
            guard !overflow else {
                throw NumPyError.malformedHeader(name: name, reason: "shape \(shape) is impossibly large")
            }
            count = product
        }
        guard !count.multipliedReportingOverflow(by: byteCount).overflow else {
            throw NumPyError.malformedHeader(name: name, reason: "shape \(shape) is impossibly large")
        }
        return count
    }
}

// MARK: - Writing

extension NumPyHeader {
    /// The preamble and header numpy writes for a little-endian float32 C-order array of `shape`:
    /// version 1.0 (2.0 only if the header outgrows 65535 bytes), keys in sorted order,
    /// room for the first axis to grow, padded so the data start at a multiple of 64.
    static func encoded(shape: [Int]) -> Data {
        let shapeText: String
        switch shape.count {
        case 0: shapeText = "()"
        case 1: shapeText = "(\(shape[0]),)"
        default: shapeText = "(" + shape.map(String.init).joined(separator: ", ") + ")"
        }
        var dict = "{'descr': '<f4', 'fortran_order': False, 'shape': \(shapeText), }"
        if let first = shape.first {
            dict += String(repeating: " ", count: max(0, growthAxisDigits - String(first).count))
        }
        let text = Array(dict.utf8)  // ASCII, so latin-1 and UTF-8 agree
        let version1Length = paddedLength(of: text.count, lengthBytes: 2)
        let (version, lengthBytes, headerLength): (UInt8, Int, Int) = version1Length <= Int(UInt16.max)
            ? (1, 2, version1Length)
            : (2, 4, paddedLength(of: text.count, lengthBytes: 4))
        var data = Data(magic)
        data.append(contentsOf: [version, 0])
        data.append(contentsOf: (0..<lengthBytes).map { UInt8(truncatingIfNeeded: headerLength >> (8 * $0)) })
        data.append(contentsOf: text)
        data.append(contentsOf: [UInt8](repeating: 0x20, count: headerLength - text.count - 1))
        data.append(0x0A)
        return data
    }

    /// The header length (dict, spaces, newline) that makes the data start at a multiple of 64.
    /// Like numpy, a preamble that is already aligned still gets a full 64 bytes of padding.
    private static func paddedLength(of textCount: Int, lengthBytes: Int) -> Int {
        let unpadded = magic.count + 2 + lengthBytes + textCount + 1  // + 1 for the final newline
        let padding = alignment - unpadded % alignment
        return textCount + padding + 1
    }
}
