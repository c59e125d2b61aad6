import Foundation
import Testing
import TestSupport
import ImagePipeline

/// The checks a lesson makes before it trains or probes on a folder.
@Suite struct UsableImageFolderTests {
    @Test func keepsTheDecodableImagesAndNamesTheSkippedOnes() throws {
        let root = try SampleFolder.make()
        defer { try? FileManager.default.removeItem(at: root) }
        let cache = DecodedImageCache(budgetBytes: 1 << 20)
        let folder = try UsableImageFolder(try ImageFolderDataset(root: root), cache: cache)
        #expect(folder.listing.count == 5)
        #expect(folder.dataset.items.map(\.url.lastPathComponent) == ["img0.png", "img1.jpg", "cmyk.jpg", "gray.jpg"])
        #expect(folder.skipped.map { folder.relativePath(URL(fileURLWithPath: $0.path)) } == ["b/corrupt.jpg"])
        #expect(cache.count == 4)
        let lines = folder.skippedReport(shown: 5)
        #expect(lines.count == 2)
        #expect(lines[0] == "skipped 1 image that cannot be used:")
        #expect(lines[1].hasPrefix("  b/corrupt.jpg: ") && lines[1].contains("JPEG"), "\(lines)")
        #expect(folder.skippedReport(shown: 0) == [lines[0], "  ... and 1 more (every one is listed in summary.md)"])
    }

    @Test func oneClassIsAnErrorBeforeAnythingIsDecoded() throws {
        let root = try SampleFolder.make()
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.removeItem(at: root.appendingPathComponent("b"))
        let listing = try ImageFolderDataset(root: root)
        let error = #expect(throws: UsableImageFolderError.self) { try UsableImageFolder.checkClasses(listing) }
        #expect(error == .singleClass(path: root.path, name: "a"))
        #expect(error?.description.hasPrefix("\(root.path) holds one class folder (a): a classifier needs at least two "
                                             + "classes") == true)
        #expect(throws: UsableImageFolderError.self) { try UsableImageFolder(listing) }
    }

    @Test func aClassWhoseEveryImageFailsIsAnErrorNamingItsFolder() throws {
        let root = try SampleFolder.make()
        defer { try? FileManager.default.removeItem(at: root) }
        let c = root.appendingPathComponent("c")
        try TestImages.write(Data([0xFF, 0xD8, 0xFF]), to: c, "broken.jpg")
        let error = #expect(throws: UsableImageFolderError.self) {
            try UsableImageFolder(try ImageFolderDataset(root: root))
        }
        #expect(error == .noUsableImage(className: "c", path: c.path))
        #expect(error?.description == "class 'c' has no usable image left (every one was skipped, see above): add "
                + "decodable .jpg or .png images to \(c.path)")
    }
}
