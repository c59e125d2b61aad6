import CCairo
import CTurboJPEG
import Foundation
import Testing
@testable import ImagePipeline

@Suite struct ImageDecoderTests {
    /// The largest channel difference between two images of one size.
    func largestDifference(_ a: RGBImage, _ b: RGBImage) -> Int {
        zip(a.pixels, b.pixels).map { abs(Int($0) - Int($1)) }.max() ?? 0
    }

    @Test func decodesAnRGBJPEG() throws {
        let data = try TestImages.jpeg(TestImages.quadrants)
        #expect(!data.withUnsafeBytes { JPEGDecoder.hasAdobeMarker($0) })
        let decoded = try ImageDecoder.decode(data, path: "quadrants.jpg")
        #expect(decoded.width == 32 && decoded.height == 16)
        // Quality 100, no chroma subsampling, flat blocks: within 2 levels of the source.
        #expect(largestDifference(decoded, TestImages.quadrants) <= 2)
        #expect(decoded.pixel(x: 3, y: 3).r > 190 && decoded.pixel(x: 28, y: 12).b < 45)
    }

    @Test func replicatesGrayscaleJPEGIntoRGB() throws {
        let gray: [UInt8] = (0..<(16 * 8)).map { $0 % 16 < 8 ? 30 : 220 }
        let data = try TestImages.jpeg(gray, width: 16, height: 8, format: TJPF_GRAY, subsampling: TJSAMP_GRAY)
        let decoded = try ImageDecoder.decode(data, path: "gray.jpg")
        #expect(decoded.width == 16 && decoded.height == 8)
        for y in 0..<8 {
            for x in 0..<16 {
                let (r, g, b) = decoded.pixel(x: x, y: y)
                #expect(r == g && g == b)
                #expect(abs(Int(r) - Int(gray[y * 16 + x])) <= 2)
            }
        }
    }

    @Test func convertsAdobeCMYKJPEGAsTensorFlowDoes() throws {
        // TurboJPEG stores CMYK the Adobe way (inverted, with an APP14 marker), so
        // TensorFlow's rule R = K * C / 255 applies. Values: C=255, M=128, Y=0, K=200.
        let cmyk = [UInt8]((0..<(16 * 16)).flatMap { _ in [255, 128, 0, 200] as [UInt8] })
        let data = try TestImages.jpeg(cmyk, width: 16, height: 16, format: TJPF_CMYK, subsampling: TJSAMP_444)
        #expect(data.withUnsafeBytes { JPEGDecoder.hasAdobeMarker($0) })
        let decoded = try ImageDecoder.decode(data, path: "cmyk.jpg")
        #expect(decoded.width == 16 && decoded.height == 16)
        let (r, g, b) = decoded.pixel(x: 5, y: 9)
        #expect(abs(Int(r) - 200) <= 2)  // 200 * 255 / 255
        #expect(abs(Int(g) - 100) <= 2)  // 200 * 128 / 255 = 100
        #expect(Int(b) <= 2)             // 200 * 0 / 255
    }

    @Test func cmykRuleMatchesTensorFlowIntegerArithmetic() {
        let pixel: [UInt8] = [255, 128, 0, 200]
        #expect(JPEGDecoder.rgbFromCMYK(pixel, adobeInverted: true) == [200, 100, 0])
        // Plain CMYK: (255 - K) * (255 - C) / 255 = 55 * 0 / 255, 55 * 127 / 255 = 27, 55 * 255 / 255.
        #expect(JPEGDecoder.rgbFromCMYK(pixel, adobeInverted: false) == [0, 27, 55])
    }

    @Test func decodesAnOpaquePNGExactly() throws {
        let words: [UInt32] = (0..<(5 * 3)).map { (i: Int) -> UInt32 in
            let red = UInt32(i * 10) << 16, green = UInt32(200 - i) << 8
            return 0xFF00_0000 | red | green | 7
        }
        let data = try TestImages.png(width: 5, height: 3, format: CAIRO_FORMAT_RGB24, words: words)
        let decoded = try ImageDecoder.decode(data, path: "opaque.png")
        #expect(decoded.width == 5 && decoded.height == 3)
        #expect(decoded.pixel(x: 4, y: 2) == (140, 186, 7))
        #expect(decoded.pixel(x: 0, y: 0) == (0, 200, 7))
    }

    @Test func dropsPNGAlphaKeepingColour() throws {
        // Premultiplied half-transparent red (128, 0, 0) at alpha 128 is red 255 unpremultiplied.
        let words: [UInt32] = [0x8080_0000, 0xFF00_FF00, 0x0000_0000, 0xFF10_2030]
        let data = try TestImages.png(width: 2, height: 2, format: CAIRO_FORMAT_ARGB32, words: words)
        let decoded = try ImageDecoder.decode(data, path: "alpha.png")
        #expect(decoded.pixel(x: 0, y: 0) == (255, 0, 0))
        #expect(decoded.pixel(x: 1, y: 0) == (0, 255, 0))
        #expect(decoded.pixel(x: 0, y: 1) == (0, 0, 0))
        #expect(decoded.pixel(x: 1, y: 1) == (16, 32, 48))
    }

    @Test func decodesAGrayscalePNGIntoRGB() throws {
        // Cairo writes an A8 surface as an 8-bit grayscale PNG.
        let data = try TestImages.png(width: 3, height: 1, format: CAIRO_FORMAT_A8, words: [0, 90, 255])
        #expect(data[25] == 0 || data[25] == 4)  // IHDR colour type: gray (0) or gray + alpha (4)
        let decoded = try ImageDecoder.decode(data, path: "gray.png")
        #expect(decoded.width == 3 && decoded.height == 1)
        #expect(decoded.pixel(x: 1, y: 0).r == decoded.pixel(x: 1, y: 0).g)
    }

    @Test func rejectsATruncatedJPEGNamingTheFile() throws {
        let data = try TestImages.jpeg(TestImages.quadrants)
        let truncated = data.prefix(data.count / 2)
        let error = #expect(throws: ImageDecodingError.self) {
            try ImageDecoder.decode(truncated, path: "/data/roses/cut.jpg")
        }
        #expect(error?.path == "/data/roses/cut.jpg")
        #expect(error?.description.contains("/data/roses/cut.jpg") == true)
    }

    @Test func rejectsGarbageAfterAJPEGSignature() {
        let garbage = Data([0xFF, 0xD8, 0xFF, 0xE0] + [UInt8](repeating: 0x42, count: 300))
        #expect(throws: ImageDecodingError.self) { try ImageDecoder.decode(garbage, path: "bad.jpg") }
    }

    @Test func rejectsFilesThatAreNeitherJPEGNorPNG() {
        #expect(throws: ImageDecodingError.unsupportedFormat(path: "notes.jpg")) {
            try ImageDecoder.decode(Data("hello".utf8), path: "notes.jpg")
        }
    }

    @Test func rejectsATruncatedPNG() throws {
        let data = try TestImages.png(width: 8, height: 8, format: CAIRO_FORMAT_RGB24,
                                      words: [UInt32](repeating: 0xFF33_6699, count: 64))
        #expect(throws: ImageDecodingError.self) { try ImageDecoder.decode(data.prefix(40), path: "cut.png") }
    }

    @Test func reportsAMissingFileAsUnreadable() {
        let missing = URL(fileURLWithPath: "/nonexistent/lesson/flower.jpg")
        let error = #expect(throws: ImageDecodingError.self) { try ImageDecoder.decode(contentsOf: missing) }
        #expect(error?.path == missing.path)
    }
}
