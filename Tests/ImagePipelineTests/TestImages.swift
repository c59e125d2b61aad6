import CCairo
import CTurboJPEG
import Foundation
import ImagePipeline

/// Small images encoded in the test itself (JPEG through TurboJPEG, PNG through Cairo).
enum TestImages {
    struct EncodingFailed: Error {}

    /// An image whose pixel (x, y) has channels (r, g, b) = value(x, y).
    static func rgb(width: Int, height: Int, _ value: (Int, Int) -> (UInt8, UInt8, UInt8)) -> RGBImage {
        var pixels: [UInt8] = []
        for y in 0..<height {
            for x in 0..<width {
                let (r, g, b) = value(x, y)
                pixels += [r, g, b]
            }
        }
        return RGBImage(width: width, height: height, pixels: pixels)
    }

    /// Four flat colour quadrants: smooth areas survive JPEG almost exactly.
    static let quadrants = rgb(width: 32, height: 16) { x, y in
        switch (x < 16, y < 8) {
        case (true, true): return (200, 40, 40)
        case (false, true): return (40, 200, 40)
        case (true, false): return (40, 40, 200)
        case (false, false): return (220, 220, 30)
        }
    }

    /// JPEG bytes of `samples` (pixel format `format`, `channels` bytes a pixel).
    static func jpeg(_ samples: [UInt8], width: Int, height: Int, format: TJPF,
                     subsampling: TJSAMP, quality: Int32 = 100) throws -> Data {
        guard let handle = tjInitCompress() else { throw EncodingFailed() }
        defer { tjDestroy(handle) }
        var buffer: UnsafeMutablePointer<UInt8>?
        var size: UInt = 0
        let status = samples.withUnsafeBufferPointer {
            tjCompress2(handle, $0.baseAddress, Int32(width), 0, Int32(height), Int32(format.rawValue),
                        &buffer, &size, Int32(subsampling.rawValue), quality, 0)
        }
        guard status == 0, let buffer else { throw EncodingFailed() }
        defer { tjFree(buffer) }
        return Data(bytes: buffer, count: Int(size))
    }

    static func jpeg(_ image: RGBImage) throws -> Data {
        try jpeg(image.pixels, width: image.width, height: image.height, format: TJPF_RGB, subsampling: TJSAMP_444)
    }

    /// PNG bytes of a Cairo surface of `format` whose 32-bit (or 8-bit for A8) pixels are `words`.
    static func png(width: Int, height: Int, format: cairo_format_t, words: [UInt32]) throws -> Data {
        let surface = cairo_image_surface_create(format, Int32(width), Int32(height))
        defer { cairo_surface_destroy(surface) }
        cairo_surface_flush(surface)
        let stride = Int(cairo_image_surface_get_stride(surface))
        guard let data = cairo_image_surface_get_data(surface) else { throw EncodingFailed() }
        for y in 0..<height {
            for x in 0..<width {
                let word = words[y * width + x]
                if format == CAIRO_FORMAT_A8 {
                    data[y * stride + x] = UInt8(word)
                } else {
                    UnsafeMutableRawPointer(data + y * stride).storeBytes(of: word, toByteOffset: x * 4, as: UInt32.self)
                }
            }
        }
        cairo_surface_mark_dirty(surface)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("lesson-png-\(UUID().uuidString).png")
        defer { try? FileManager.default.removeItem(at: file) }
        guard cairo_surface_write_to_png(surface, file.path) == CAIRO_STATUS_SUCCESS else { throw EncodingFailed() }
        return try Data(contentsOf: file)
    }

    /// Writes `data` to `folder/name`, creating the folder.
    @discardableResult
    static func write(_ data: Data, to folder: URL, _ name: String) throws -> URL {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent(name)
        try data.write(to: url)
        return url
    }
}
