import CCairo
import Foundation
import Testing
import TestSupport
@testable import SyntheticFlowers

@Suite struct DatasetWriterTests {
    let flowers: SyntheticFlowers
    init() throws { flowers = try SyntheticFlowers(seed: 42, imageSize: 48) }

    @Test func writesClassFoldersWithNumberedPNGs() throws {
        let root = SharedFixtures.temporaryDirectory("synthetic-flowers")
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = root.appendingPathComponent("flowers")
        try flowers.writeDataset(to: folder, imagesPerClass: 3, progress: nil)
        let entries = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(entries == ["daisy", "dandelion", "manifest.json", "roses", "sunflowers", "tulips"])
        for name in SyntheticFlowers.classNames {
            let files = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent(name).path)
            #expect(files.sorted() == (0..<3).map { "\(name)_000\($0).png" })
        }
        // No staging or old folder is left next to the dataset.
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path) == ["flowers"])
    }

    @Test func pngFilesHaveTheImageSize() throws {
        let folder = SharedFixtures.temporaryDirectory("synthetic-flowers")
        defer { try? FileManager.default.removeItem(at: folder) }
        try flowers.writeDataset(to: folder, imagesPerClass: 1, progress: nil)
        let data = try Data(contentsOf: folder.appendingPathComponent("roses/roses_0000.png"))
        #expect(Array(data.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        // IHDR: width and height as big-endian words at bytes 16 and 20, then bit depth and colour type.
        #expect(bigEndianWord(data, at: 16) == 48)
        #expect(bigEndianWord(data, at: 20) == 48)
        #expect(data[24] == 8)
        #expect(data[25] == 2, "an opaque RGB PNG, colour type 2")
    }

    @Test func manifestRecordsGeneratorSeedSizeAndCounts() throws {
        let folder = SharedFixtures.temporaryDirectory("synthetic-flowers")
        defer { try? FileManager.default.removeItem(at: folder) }
        try flowers.writeDataset(to: folder, imagesPerClass: 2, progress: nil)
        let data = try Data(contentsOf: folder.appendingPathComponent("manifest.json"))
        let manifest = try JSONDecoder().decode(SyntheticFlowersManifest.self, from: data)
        #expect(manifest.generator == "synthetic-flowers")
        #expect(manifest.generatorVersion == SyntheticFlowers.generatorVersion)
        #expect(manifest.seed == 42)
        #expect(manifest.imageSize == 48)
        #expect(manifest.imagesPerClass == 2)
        #expect(manifest.classNames == SyntheticFlowers.classNames)
    }

    @Test func recognisesCurrentAndStaleDatasets() throws {
        let folder = SharedFixtures.temporaryDirectory("synthetic-flowers")
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(!flowers.isCurrentDataset(at: folder, imagesPerClass: 2))
        try flowers.writeDataset(to: folder, imagesPerClass: 2, progress: nil)
        #expect(flowers.isCurrentDataset(at: folder, imagesPerClass: 2))
        #expect(!flowers.isCurrentDataset(at: folder, imagesPerClass: 3))
        #expect(!(try SyntheticFlowers(seed: 43, imageSize: 48)).isCurrentDataset(at: folder, imagesPerClass: 2))
        try FileManager.default.removeItem(at: folder.appendingPathComponent("tulips/tulips_0001.png"))
        #expect(!flowers.isCurrentDataset(at: folder, imagesPerClass: 2))
    }

    @Test func ensureDatasetWritesOnlyWhenMissingOrStale() throws {
        let folder = SharedFixtures.temporaryDirectory("synthetic-flowers").appendingPathComponent("data")
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        #expect(try flowers.ensureDataset(at: folder, imagesPerClass: 1))
        #expect(try !flowers.ensureDataset(at: folder, imagesPerClass: 1))
        #expect(try flowers.ensureDataset(at: folder, imagesPerClass: 2))
        #expect(flowers.isCurrentDataset(at: folder, imagesPerClass: 2))
    }

    @Test func writtenPixelsAreTheRenderedPixels() throws {
        let folder = SharedFixtures.temporaryDirectory("synthetic-flowers")
        defer { try? FileManager.default.removeItem(at: folder) }
        try flowers.writeDataset(to: folder, imagesPerClass: 2, progress: nil)
        let rendered = try flowers.render(classIndex: 3, sampleIndex: 1)
        let decoded = try #require(decodePNG(folder.appendingPathComponent("sunflowers/sunflowers_0001.png")))
        #expect(decoded == rendered.rgb)
    }

    @Test func progressCountsEveryImageOnce() throws {
        let folder = SharedFixtures.temporaryDirectory("synthetic-flowers")
        defer { try? FileManager.default.removeItem(at: folder) }
        let log = ProgressLog()
        try flowers.writeDataset(to: folder, imagesPerClass: 2) { done, total in log.append(done, total) }
        #expect(log.entries.map(\.done).sorted() == Array(1...10))
        #expect(log.entries.allSatisfy { $0.total == 10 })
    }

    @Test func rejectsNonPositiveCountsAndLeavesNothing() throws {
        let root = SharedFixtures.temporaryDirectory("synthetic-flowers")
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(throws: SyntheticFlowersError.invalidImageCount(0)) {
            try flowers.writeDataset(to: root.appendingPathComponent("flowers"), imagesPerClass: 0, progress: nil)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path).isEmpty)
    }

    @Test func unwritableParentFailsWithTypedError() throws {
        let root = SharedFixtures.temporaryDirectory("synthetic-flowers")
        defer { try? FileManager.default.removeItem(at: root) }
        // A regular file where the parent folder should be: nothing can be created below it.
        let blocker = root.appendingPathComponent("blocker")
        try Data("x".utf8).write(to: blocker)
        let error = #expect(throws: SyntheticFlowersError.self) {
            try flowers.writeDataset(to: blocker.appendingPathComponent("flowers"), imagesPerClass: 1, progress: nil)
        }
        #expect(error?.description.contains("blocker") == true)
    }

    /// The packed RGB bytes of a PNG, decoded by Cairo (native-endian ARGB words).
    private func decodePNG(_ url: URL) -> [UInt8]? {
        guard let surface = cairo_image_surface_create_from_png(url.path) else { return nil }
        defer { cairo_surface_destroy(surface) }
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS,
              let data = cairo_image_surface_get_data(surface) else { return nil }
        let width = Int(cairo_image_surface_get_width(surface)), height = Int(cairo_image_surface_get_height(surface))
        let stride = Int(cairo_image_surface_get_stride(surface))
        var rgb: [UInt8] = []
        for y in 0..<height {
            let row = UnsafeRawPointer(data + y * stride).assumingMemoryBound(to: UInt32.self)
            for x in 0..<width {
                rgb += [UInt8(truncatingIfNeeded: row[x] >> 16), UInt8(truncatingIfNeeded: row[x] >> 8),
                        UInt8(truncatingIfNeeded: row[x])]
            }
        }
        return rgb
    }

    private func bigEndianWord(_ data: Data, at offset: Int) -> Int {
        data[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
    }
}

/// Collects progress calls from the worker threads.
private final class ProgressLog: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [(done: Int, total: Int)] = []
    var entries: [(done: Int, total: Int)] { lock.withLock { stored } }
    func append(_ done: Int, _ total: Int) { lock.withLock { stored.append((done, total)) } }
}
