import Foundation

/// Why an image file could not be decoded. Every case names the file.
public enum ImageDecodingError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The file could not be read at all.
    case unreadable(path: String, reason: String)
    /// The bytes are neither a JPEG nor a PNG.
    case unsupportedFormat(path: String)
    /// The decoder rejected the bytes: corrupt, truncated or of an unsupported kind.
    case corrupt(path: String, reason: String)
    /// The file has no bytes.
    case empty(path: String)
    /// The header declares more pixels than `ImageDecoder.pixelBudget` (a decompression bomb,
    /// or a photo far larger than any lesson needs): it is not decoded at all.
    case tooLarge(path: String, width: Int, height: Int, budget: Int)

    /// The file the error is about.
    public var path: String {
        switch self {
        case .unreadable(let path, _), .unsupportedFormat(let path), .corrupt(let path, _), .empty(let path),
             .tooLarge(let path, _, _, _):
            return path
        }
    }

    /// The reason alone, without the path (for a table of skipped files).
    public var reason: String {
        switch self {
        case .unreadable(_, let reason): return "unreadable: \(reason)"
        case .unsupportedFormat: return "not a JPEG or PNG file"
        case .corrupt(_, let reason): return reason
        case .empty: return "the file is empty (0 bytes)"
        case .tooLarge(_, let width, let height, let budget):
            return "too large: its header declares \(width)x\(height) pixels, over the budget of "
                + "\(budget / 1_000_000) megapixels (not decoded)"
        }
    }

    public var description: String {
        "cannot decode \(path): \(reason). Replace or remove the file; the pipeline skips it meanwhile."
    }
}

/// Decodes JPEG (libjpeg-turbo) and PNG (Cairo) files to 8-bit RGB, as
/// TensorFlow's `tf.io.decode_image(contents, channels=3)` does.
///
/// - Grayscale images become RGB by replicating the gray value.
/// - CMYK JPEGs are converted the way TensorFlow's decoder converts them.
/// - EXIF orientation is ignored, as TensorFlow's decoder ignores it: the pixels
///   are returned in stored order, so a photo a camera marked "rotate 90°" comes
///   out sideways, exactly as the lesson's TensorFlow pipeline sees it.
/// - PNG alpha is dropped (TensorFlow's `channels=3` keeps the colour and drops alpha).
public enum ImageDecoder {
    /// The most pixels an image may have: 50 megapixels (8,660 x 5,773, say; the lesson
    /// resizes to 384 px). An image's header is read before anything is allocated for its
    /// pixels, and an image declaring more is skipped unread, so a small file claiming
    /// 65,000 x 65,000 pixels (a decompression bomb) costs nothing. Pillow caps its
    /// decoding the same way (`Image.MAX_IMAGE_PIXELS`, about 89 megapixels).
    public static let pixelBudget = 50_000_000

    /// The largest file read: a JPEG or PNG of `pixelBudget` pixels needs far less than 4 bytes
    /// a pixel, so a larger file is not a usable image and is not read into memory.
    public static var fileSizeLimit: Int { pixelBudget * 4 }

    /// Throws `tooLarge` when `width` x `height` exceeds the budget, and `corrupt` when the header
    /// gives an empty image.
    static func checkSize(width: Int, height: Int, path: String) throws {
        guard width > 0, height > 0 else {
            throw ImageDecodingError.corrupt(path: path, reason: "the header gives an empty image (\(width)x\(height))")
        }
        guard width.multipliedReportingOverflow(by: height).partialValue <= pixelBudget,
              width <= pixelBudget, height <= pixelBudget else {
            throw ImageDecodingError.tooLarge(path: path, width: width, height: height, budget: pixelBudget)
        }
    }

    /// The kind of image a file holds, recognised by its first bytes (not its name).
    public enum Format: Sendable {
        case jpeg, png
    }

    /// The format of `bytes`, or nil when they start with neither signature.
    public static func format(of bytes: UnsafeRawBufferPointer) -> Format? {
        // JPEG: SOI marker then the first marker's 0xFF. PNG: its 8-byte signature.
        if bytes.count >= 3, bytes[0] == 0xFF, bytes[1] == 0xD8, bytes[2] == 0xFF { return .jpeg }
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        if bytes.count >= png.count, zip(bytes.prefix(png.count), png).allSatisfy({ $0 == $1 }) { return .png }
        return nil
    }

    /// Decodes the image file at `url`.
    public static func decode(contentsOf url: URL) throws -> RGBImage {
        let data: Data
        do {
            let size = (try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.intValue ?? 0
            if size > fileSizeLimit {
                throw ImageDecodingError.corrupt(path: url.path, reason: "the file is \(size / 1_000_000) MB, more "
                    + "than any image within the \(pixelBudget / 1_000_000)-megapixel budget needs (not read)")
            }
            data = try Data(contentsOf: url)
        } catch let error as ImageDecodingError {
            throw error
        } catch {
            throw ImageDecodingError.unreadable(path: url.path, reason: error.localizedDescription)
        }
        return try decode(data, path: url.path)
    }

    /// Decodes encoded image bytes; `path` only names the source in errors.
    public static func decode(_ data: Data, path: String) throws -> RGBImage {
        if data.isEmpty { throw ImageDecodingError.empty(path: path) }
        return try data.withUnsafeBytes { bytes in
            switch format(of: bytes) {
            case .jpeg: return try JPEGDecoder.decode(bytes, path: path)
            case .png: return try PNGDecoder.decode(bytes, path: path)
            case nil: throw ImageDecodingError.unsupportedFormat(path: path)
            }
        }
    }
}
