import Foundation

/// Hand-built `.npy` bytes and fixture locations for the tests.
enum NpyTestData {
    /// `Tests/NumPyIOTests/Fixtures`, generated once with numpy 2.4
    /// (`np.savez` / `np.savez_compressed` of the same four arrays; see `fixtureArrays`).
    static let fixtures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    /// A `.npy` file: magic, version, little-endian header length (2 bytes in 1.0, else 4),
    /// `header` (latin-1 in 1.0/2.0, UTF-8 in 3.0) and `payload`. No padding unless `header` has it.
    static func npy(major: UInt8 = 1, header: String, payload: [UInt8]) -> Data {
        let text: [UInt8] = major >= 3 ? Array(header.utf8) : header.unicodeScalars.map { UInt8($0.value) }
        var data = Data([0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, major, 0])
        let lengthBytes = major == 1 ? 2 : 4
        data.append(contentsOf: (0..<lengthBytes).map { UInt8(truncatingIfNeeded: text.count >> (8 * $0)) })
        data.append(contentsOf: text)
        data.append(contentsOf: payload)
        return data
    }

    /// A header dict text.
    static func dict(descr: String = "<f4", fortran: Bool = false, shape: String) -> String {
        "{'descr': '\(descr)', 'fortran_order': \(fortran ? "True" : "False"), 'shape': \(shape), }\n"
    }

    static func floatBytes(_ values: [Float]) -> [UInt8] {
        values.withUnsafeBytes { Array($0) }
    }

    static func doubleBytes(_ values: [Double]) -> [UInt8] {
        values.withUnsafeBytes { Array($0) }
    }

    static func bigEndianBytes(of values: [Float]) -> [UInt8] {
        values.flatMap { value in
            withUnsafeBytes(of: value.bitPattern.bigEndian) { Array($0) }
        }
    }
}
