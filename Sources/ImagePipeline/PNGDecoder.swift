import CCairo

/// PNG decoding through Cairo's PNG reader (libpng underneath).
///
/// Cairo hands back 8-bit premultiplied ARGB32 (images with alpha) or RGB24
/// (without), with grey expanded to RGB and 16-bit samples reduced to 8 bits.
/// Colour under alpha is un-premultiplied (exact for opaque pixels, to within
/// rounding otherwise; fully transparent pixels come out black).
enum PNGDecoder {
    /// The bytes Cairo's stream reader still has to read.
    private final class Reader {
        let bytes: UnsafeRawBufferPointer
        var offset = 0
        init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }
    }

    /// Decodes a PNG held in `bytes`; `path` names it in errors.
    static func decode(_ bytes: UnsafeRawBufferPointer, path: String) throws -> RGBImage {
        let (width, height) = try headerSize(bytes, path: path)
        // Cairo allocates the whole surface before reading a row: check the size first.
        try ImageDecoder.checkSize(width: width, height: height, path: path)
        let reader = Reader(bytes)
        let surface = withExtendedLifetime(reader) {
            cairo_image_surface_create_from_png_stream({ closure, data, length in
                let reader = Unmanaged<Reader>.fromOpaque(closure!).takeUnretainedValue()
                let wanted = Int(length)
                guard reader.bytes.count - reader.offset >= wanted, let data else {
                    return CAIRO_STATUS_READ_ERROR
                }
                data.update(from: reader.bytes.baseAddress!.advanced(by: reader.offset)
                                .assumingMemoryBound(to: UInt8.self), count: wanted)
                reader.offset += wanted
                return CAIRO_STATUS_SUCCESS
            }, Unmanaged.passUnretained(reader).toOpaque())
        }
        defer { cairo_surface_destroy(surface) }
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else {
            let reason = String(cString: cairo_status_to_string(status))
            throw ImageDecodingError.corrupt(path: path, reason: "invalid PNG data (\(reason))")
        }
        return try rgb(from: surface, path: path)
    }

    /// Width and height from the IHDR chunk, which the PNG specification requires to come
    /// first, right after the 8-byte signature: length (13), "IHDR", width, height (big-endian).
    static func headerSize(_ bytes: UnsafeRawBufferPointer, path: String) throws -> (width: Int, height: Int) {
        guard bytes.count >= 24, Array(bytes[12..<16]) == Array("IHDR".utf8) else {
            throw ImageDecodingError.corrupt(path: path, reason: "invalid PNG data (no IHDR header chunk)")
        }
        func bigEndian(_ offset: Int) -> Int {
            (offset..<offset + 4).reduce(0) { $0 << 8 | Int(bytes[$1]) }
        }
        return (bigEndian(16), bigEndian(20))
    }

    /// The RGB pixels of a Cairo image surface (native-endian 32-bit words, A in the top byte).
    private static func rgb(from surface: OpaquePointer?, path: String) throws -> RGBImage {
        cairo_surface_flush(surface)
        let format = cairo_image_surface_get_format(surface)
        guard format == CAIRO_FORMAT_ARGB32 || format == CAIRO_FORMAT_RGB24 else {
            throw ImageDecodingError.corrupt(path: path, reason: "unsupported PNG pixel format \(format.rawValue)")
        }
        let width = Int(cairo_image_surface_get_width(surface))
        let height = Int(cairo_image_surface_get_height(surface))
        let stride = Int(cairo_image_surface_get_stride(surface))
        guard let base = cairo_image_surface_get_data(surface), width > 0, height > 0 else {
            throw ImageDecodingError.corrupt(path: path, reason: "the PNG holds no pixels")
        }
        let hasAlpha = format == CAIRO_FORMAT_ARGB32
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        for y in 0..<height {
            let row = UnsafeRawPointer(base + y * stride)
            for x in 0..<width {
                let word = row.loadUnaligned(fromByteOffset: x * 4, as: UInt32.self)
                let alpha = hasAlpha ? UInt32(word >> 24) : 255
                let out = (y * width + x) * 3
                pixels[out] = unpremultiplied((word >> 16) & 0xFF, alpha)
                pixels[out + 1] = unpremultiplied((word >> 8) & 0xFF, alpha)
                pixels[out + 2] = unpremultiplied(word & 0xFF, alpha)
            }
        }
        return RGBImage(width: width, height: height, pixels: pixels)
    }

    /// A premultiplied colour value divided by its alpha, rounded to nearest.
    private static func unpremultiplied(_ value: UInt32, _ alpha: UInt32) -> UInt8 {
        if alpha == 255 { return UInt8(value) }
        if alpha == 0 { return 0 }
        return UInt8(min(255, (value * 255 + alpha / 2) / alpha))
    }
}
