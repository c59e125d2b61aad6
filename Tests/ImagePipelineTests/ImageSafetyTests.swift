import CCairo
import Foundation
import Testing
import TestSupport
@testable import ImagePipeline

/// Images that must never be decoded: headers over the pixel budget, empty files.
@Suite struct ImageSafetyTests {
    /// `jpeg` with the size in its start-of-frame segment replaced (a decompression bomb when large).
    static func jpeg(_ jpeg: Data, claiming width: Int, _ height: Int) throws -> Data {
        var bytes = [UInt8](jpeg)
        let sof = try #require((2..<bytes.count - 9).first { bytes[$0] == 0xFF && (0xC0...0xC2).contains(bytes[$0 + 1]) })
        bytes[sof + 5] = UInt8(height >> 8); bytes[sof + 6] = UInt8(height & 0xFF)
        bytes[sof + 7] = UInt8(width >> 8); bytes[sof + 8] = UInt8(width & 0xFF)
        return Data(bytes)
    }

    /// `png` with the width and height of its IHDR chunk replaced.
    static func png(_ png: Data, claiming width: Int, _ height: Int) -> Data {
        var bytes = [UInt8](png)
        for (offset, value) in [(16, width), (20, height)] {
            for i in 0..<4 { bytes[offset + i] = UInt8((value >> (8 * (3 - i))) & 0xFF) }
        }
        return Data(bytes)
    }

    static var smallPNG: Data {
        get throws {
            try TestImages.png(width: 4, height: 4, format: CAIRO_FORMAT_RGB24,
                               words: [UInt32](repeating: 0xFF10_2030, count: 16))
        }
    }

    @Test func aJPEGHeaderOverThePixelBudgetIsRejectedBeforeDecoding() throws {
        let bomb = try Self.jpeg(TestImages.jpeg(TestImages.quadrants), claiming: 65000, 65000)
        let error = #expect(throws: ImageDecodingError.self) { try ImageDecoder.decode(bomb, path: "bomb.jpg") }
        #expect(error == .tooLarge(path: "bomb.jpg", width: 65000, height: 65000, budget: 50_000_000))
        #expect(error?.description == "cannot decode bomb.jpg: too large: its header declares 65000x65000 pixels, "
                + "over the budget of 50 megapixels (not decoded). Replace or remove the file; the pipeline skips it meanwhile.")
        // 20,000 x 20,000 is 400 megapixels: also over, though it would fit in memory here.
        let large = try Self.jpeg(TestImages.jpeg(TestImages.quadrants), claiming: 20000, 20000)
        #expect(throws: ImageDecodingError.tooLarge(path: "l.jpg", width: 20000, height: 20000, budget: 50_000_000)) {
            try ImageDecoder.decode(large, path: "l.jpg")
        }
    }

    @Test func aPNGHeaderOverThePixelBudgetIsRejectedBeforeCairoAllocates() throws {
        let bomb = Self.png(try Self.smallPNG, claiming: 30000, 30000)
        #expect(throws: ImageDecodingError.tooLarge(path: "bomb.png", width: 30000, height: 30000, budget: 50_000_000)) {
            try ImageDecoder.decode(bomb, path: "bomb.png")
        }
        let noHeader = Data(try Self.smallPNG.prefix(12))
        let error = #expect(throws: ImageDecodingError.self) { try ImageDecoder.decode(noHeader, path: "cut.png") }
        #expect(error?.reason == "invalid PNG data (no IHDR header chunk)")
    }

    @Test func justUnderTheBudgetIsStillTriedAndAnEmptyFileIsNamedAsEmpty() throws {
        #expect(throws: Never.self) { try ImageDecoder.checkSize(width: 10000, height: 5000, path: "ok") }
        #expect(throws: ImageDecodingError.self) { try ImageDecoder.checkSize(width: 10001, height: 5000, path: "no") }
        #expect(throws: ImageDecodingError.self) { try ImageDecoder.checkSize(width: 0, height: 5, path: "no") }
        let error = #expect(throws: ImageDecodingError.self) { try ImageDecoder.decode(Data(), path: "zero.jpg") }
        #expect(error == .empty(path: "zero.jpg"))
        #expect(error?.reason == "the file is empty (0 bytes)")
    }

    @Test func aFolderWithABombAnEmptyFileAndGoodImagesSkipsTheBadOnesNamingThem() throws {
        let root = SharedFixtures.temporaryDirectory("pipeline-bomb")
        defer { try? FileManager.default.removeItem(at: root) }
        let jpeg = try TestImages.jpeg(TestImages.quadrants)
        try TestImages.write(jpeg, to: root.appendingPathComponent("a"), "good.jpg")
        try TestImages.write(try Self.jpeg(jpeg, claiming: 65000, 65000), to: root.appendingPathComponent("a"), "bomb.jpg")
        try TestImages.write(Data(), to: root.appendingPathComponent("b"), "empty.png")
        try TestImages.write(jpeg, to: root.appendingPathComponent("b"), "good.jpg")
        let (dataset, skipped) = try ImageFolderDataset(root: root).decodableSubset()
        #expect(dataset.items.map { $0.url.path.dropFirst(root.path.count) } == ["/a/good.jpg", "/b/good.jpg"])
        #expect(skipped.map { URL(fileURLWithPath: $0.path).lastPathComponent } == ["bomb.jpg", "empty.png"])
        #expect(skipped.first?.reason.hasPrefix("too large: its header declares 65000x65000 pixels") == true)
    }
}
