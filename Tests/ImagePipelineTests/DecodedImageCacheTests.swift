import Foundation
import Testing
import ImagePipeline

@Suite struct DecodedImageCacheTests {
    let small = RGBImage(width: 2, height: 2, pixels: [UInt8](repeating: 9, count: 12))
    let large = RGBImage(width: 4, height: 4, pixels: [UInt8](repeating: 1, count: 48))

    @Test func keepsImagesWithinTheBudget() {
        let cache = DecodedImageCache(budgetBytes: 50)
        #expect(cache.store(large, for: URL(fileURLWithPath: "/d/a/1.jpg")))
        #expect(!cache.store(small, for: URL(fileURLWithPath: "/d/a/2.jpg")))  // 48 + 12 > 50
        #expect(cache.bytesUsed == 48 && cache.count == 1)
        #expect(cache.image(for: URL(fileURLWithPath: "/d/a/1.jpg")) == large)
        #expect(cache.image(for: URL(fileURLWithPath: "/d/a/2.jpg")) == nil)
    }

    @Test func storingTwiceCountsOnce() {
        let cache = DecodedImageCache(budgetBytes: 100)
        let url = URL(fileURLWithPath: "/d/b/1.jpg")
        cache.store(small, for: url)
        cache.store(small, for: url)
        #expect(cache.bytesUsed == 12 && cache.count == 1)
    }
}
