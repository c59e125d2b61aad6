import Foundation
import Testing
import TestSupport
import ImagePipeline

@Suite(.enabled(if: SharedFixtures.available, SharedFixtures.skipMessage))
struct FlowersSampleTests {
    /// The width and height a JPEG's start-of-frame segment declares, read independently of libjpeg.
    func frameSize(_ data: Data) -> (width: Int, height: Int)? {
        let bytes = [UInt8](data)
        var offset = 2
        while offset + 8 < bytes.count, bytes[offset] == 0xFF {
            let marker = bytes[offset + 1]
            let length = Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3])
            if [0xC0, 0xC1, 0xC2].contains(marker) {
                let height = Int(bytes[offset + 5]) << 8 | Int(bytes[offset + 6])
                let width = Int(bytes[offset + 7]) << 8 | Int(bytes[offset + 8])
                return (width, height)
            }
            offset += 2 + length
        }
        return nil
    }

    @Test func decodesEveryPhotoAtItsSize() throws {
        let dataset = try ImageFolderDataset(root: SharedFixtures.flowersSample)
        #expect(dataset.classNames == ["daisy", "dandelion", "roses", "sunflowers", "tulips"])
        #expect(dataset.countsPerClass() == [40, 40, 40, 40, 40])
        // Decode once, on all cores, into a cache the checks below read from.
        let cache = DecodedImageCache(budgetBytes: 512 << 20)
        let (decodable, skipped) = dataset.decodableSubset(cache: cache)
        #expect(skipped.isEmpty)
        #expect(decodable.count == 200 && cache.count == 200)
        var sizes: [(Int, Int)] = []
        for (index, item) in dataset.items.enumerated() {
            let image = try dataset.decode(index, cache: cache)
            let declared = try #require(frameSize(try Data(contentsOf: item.url)))
            #expect(image.width == declared.width && image.height == declared.height, "\(item.url.lastPathComponent)")
            sizes.append((image.width, image.height))
            // Real photos are not flat: a decoder that returned a constant would fail here
            // (sampled: this test target is not optimised).
            let sample = stride(from: 0, to: image.pixels.count, by: 97).map { image.pixels[$0] }
            #expect(Set(sample).count > 20)
        }
        // README: from about 143x159 up to about 1024 on a side, most about 320x240.
        #expect(sizes.allSatisfy { min($0.0, $0.1) >= 100 && max($0.0, $0.1) <= 1024 })
        #expect(sizes.filter { $0.0 <= 320 && $0.1 <= 320 }.count > 100)
    }

    @Test func benchmarkReportsRates() throws {
        let report = try PipelineBenchmark.run(data: SharedFixtures.flowersSample, passes: 1)
        #expect(report.imageCount == 200 && report.skippedCount == 0)
        #expect(report.trainImagesPerSecond > 0 && report.testImagesPerSecond > 0)
        #expect(report.json.contains("\"images_per_second\":"))
        print(report.text)
    }
}
