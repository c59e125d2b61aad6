import Foundation

/// The pixel size of a PNG file, read from its signature and IHDR chunk; nil when the
/// file is not a PNG.
struct PNGHeader: Equatable {
    let width: Int
    let height: Int

    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    init?(contentsOf url: URL) {
        guard let data = try? Data(contentsOf: url), data.count > 33 else { return nil }
        let bytes = [UInt8](data.prefix(24))
        // The IHDR chunk comes first: length 13, type "IHDR", then width and height big-endian.
        guard Array(bytes[0..<8]) == Self.signature, Array(bytes[12..<16]) == Array("IHDR".utf8) else { return nil }
        let integer = { (offset: Int) in bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) } }
        width = integer(16)
        height = integer(20)
    }

    init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }
}
