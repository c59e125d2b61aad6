import CCairo
import CTurboJPEG
import Foundation
import Testing
import TestSupport
import ImagePipeline

/// A small dataset folder built in the test: every rule of the folder layout in one place.
enum SampleFolder {
    /// root/a: img1.jpg, img0.png, .hidden.jpg, notes.txt, sub/;  root/b: gray.jpg, cmyk.jpg,
    /// corrupt.jpg (truncated);  root/.git/, root/LICENSE.txt.
    static func make() throws -> URL {
        let root = SharedFixtures.temporaryDirectory("pipeline-folder")
        let a = root.appendingPathComponent("a"), b = root.appendingPathComponent("b")
        let jpeg = try TestImages.jpeg(TestImages.quadrants)
        try TestImages.write(jpeg, to: a, "img1.jpg")
        try TestImages.write(TestImages.png(width: 4, height: 4, format: CAIRO_FORMAT_RGB24,
                                            words: [UInt32](repeating: 0xFF10_2030, count: 16)), to: a, "img0.png")
        try TestImages.write(jpeg, to: a, ".hidden.jpg")
        try TestImages.write(Data("not an image".utf8), to: a, "notes.txt")
        try FileManager.default.createDirectory(at: a.appendingPathComponent("sub"), withIntermediateDirectories: true)
        let gray = [UInt8](repeating: 128, count: 64)
        try TestImages.write(TestImages.jpeg(gray, width: 8, height: 8, format: TJPF_GRAY, subsampling: TJSAMP_GRAY),
                             to: b, "gray.jpg")
        let cmyk = [UInt8]((0..<64).flatMap { _ in [255, 255, 255, 255] as [UInt8] })
        try TestImages.write(TestImages.jpeg(cmyk, width: 8, height: 8, format: TJPF_CMYK, subsampling: TJSAMP_444),
                             to: b, "cmyk.jpg")
        try TestImages.write(jpeg.prefix(jpeg.count / 2), to: b, "corrupt.jpg")
        try FileManager.default.createDirectory(at: root.appendingPathComponent(".git"), withIntermediateDirectories: true)
        try TestImages.write(Data("licence".utf8), to: root, "LICENSE.txt")
        return root
    }
}

@Suite struct ImageFolderDatasetTests {
    @Test func listsClassesAndFilesInNameOrderSkippingTheRest() throws {
        let root = try SampleFolder.make()
        defer { try? FileManager.default.removeItem(at: root) }
        let dataset = try ImageFolderDataset(root: root)
        #expect(dataset.classNames == ["a", "b"])
        #expect(dataset.items.map(\.url.lastPathComponent) == ["img0.png", "img1.jpg", "cmyk.jpg", "corrupt.jpg", "gray.jpg"])
        #expect(dataset.labels == [0, 0, 1, 1, 1])
        #expect(dataset.items.map(\.className) == ["a", "a", "b", "b", "b"])
        #expect(dataset.skippedHidden == 2)  // .git, .hidden.jpg
        #expect(dataset.skippedOther == 2)   // LICENSE.txt, notes.txt (the empty sub/ holds nothing)
        #expect(dataset.countsPerClass() == [2, 3])
    }

    @Test func decodableSubsetListsTheCorruptFileWithItsReason() throws {
        let root = try SampleFolder.make()
        defer { try? FileManager.default.removeItem(at: root) }
        let cache = DecodedImageCache(budgetBytes: 1 << 20)
        let (dataset, skipped) = try ImageFolderDataset(root: root).decodableSubset(cache: cache)
        #expect(skipped.count == 1)
        #expect(skipped.first?.path.hasSuffix("b/corrupt.jpg") == true)
        #expect(skipped.first?.reason.contains("JPEG") == true)
        #expect(dataset.items.map(\.url.lastPathComponent) == ["img0.png", "img1.jpg", "cmyk.jpg", "gray.jpg"])
        #expect(cache.count == 4)
        // The CMYK file is all-255 Adobe CMYK: K * C / 255 = 255, white. The PNG is (16, 32, 48).
        #expect(try dataset.decode(2, cache: cache).pixel(x: 4, y: 4) == (255, 255, 255))
        #expect(try dataset.decode(0).pixel(x: 1, y: 2) == (16, 32, 48))
    }

    @Test func classOrderOverrideFixesLabels() throws {
        let root = try SampleFolder.make()
        defer { try? FileManager.default.removeItem(at: root) }
        let dataset = try ImageFolderDataset(root: root, classOrder: ["b", "a"])
        #expect(dataset.classNames == ["b", "a"])
        #expect(dataset.labels == [0, 0, 0, 1, 1])
        let error = #expect(throws: ImageFolderError.self) { try ImageFolderDataset(root: root, classOrder: ["a", "c"]) }
        #expect(error == .classOrderMismatch(path: root.path, missing: ["c"], unknown: ["b"], repeated: []))
        #expect(error?.description.contains("list every class folder") == true)
    }

    @Test func anEmptyClassIsAnErrorNamingTheFolder() throws {
        let root = try SampleFolder.make()
        defer { try? FileManager.default.removeItem(at: root) }
        let empty = root.appendingPathComponent("c_empty")
        try TestImages.write(Data(), to: empty, ".DS_Store")
        let error = #expect(throws: ImageFolderError.self) { try ImageFolderDataset(root: root) }
        #expect(error == .emptyClass(name: "c_empty", path: empty.path))
        #expect(error?.description.contains(empty.path) == true)
    }

    @Test func aFolderWithoutClassesIsAnError() throws {
        let root = SharedFixtures.temporaryDirectory("pipeline-flat")
        defer { try? FileManager.default.removeItem(at: root) }
        try TestImages.write(TestImages.jpeg(TestImages.quadrants), to: root, "loose.jpg")
        #expect(throws: ImageFolderError.noClassFolders(path: root.path)) { try ImageFolderDataset(root: root) }
        let missing = root.appendingPathComponent("missing")
        #expect(throws: ImageFolderError.notAFolder(path: missing.path)) { try ImageFolderDataset(root: missing) }
    }

    @Test func nestedFoldersAreWalkedInKerasOrderAndALinkLoopIsNotFollowed() throws {
        let root = SharedFixtures.temporaryDirectory("pipeline-nested")
        defer { try? FileManager.default.removeItem(at: root) }
        let jpeg = try TestImages.jpeg(TestImages.quadrants)
        let a = root.appendingPathComponent("a")
        try TestImages.write(jpeg, to: a, "z.jpg")
        try TestImages.write(jpeg, to: a.appendingPathComponent("sub"), "1.jpg")
        try TestImages.write(jpeg, to: a.appendingPathComponent("sub/deeper"), "0.jpg")
        try TestImages.write(jpeg, to: a.appendingPathComponent("other"), "x.jpg")
        try TestImages.write(jpeg, to: root.appendingPathComponent("b"), "y.jpg")
        // A loop: a/sub/up -> a. Keras (follow_links=False) does not follow it; neither does this.
        try FileManager.default.createSymbolicLink(at: a.appendingPathComponent("sub/up"), withDestinationURL: a)
        let dataset = try ImageFolderDataset(root: root)
        #expect(dataset.items.map { String($0.url.path.dropFirst(root.path.count + 1)) }
                == ["a/z.jpg", "a/other/x.jpg", "a/sub/1.jpg", "a/sub/deeper/0.jpg", "b/y.jpg"])
        #expect(dataset.countsPerClass() == [4, 1])
        #expect(dataset.skippedOther == 1, "the link")
    }
}
