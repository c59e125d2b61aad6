import Foundation
import Testing
@testable import SyntheticShapes

/// Dead-leaves images: fixed by (seed, index), covered by many leaves of many sizes.
@Suite struct DeadLeavesTests {
    @Test func anImageIsFixedByItsSeedAndIndex() throws {
        let generator = try DeadLeaves(seed: 3, imageSize: 48)
        let image = try generator.render(index: 5)
        #expect(image.width == 48 && image.height == 48 && image.rgb.count == 48 * 48 * 3)
        #expect(image == (try DeadLeaves(seed: 3, imageSize: 48).render(index: 5)))
        #expect(image != (try generator.render(index: 6)))
        #expect(image != (try DeadLeaves(seed: 4, imageSize: 48).render(index: 5)))
    }

    @Test func leavesCoverTheGroundInManyColours() throws {
        let generator = try DeadLeaves(seed: 11, imageSize: 96)
        for index in 0..<4 {
            let rgb = try generator.render(index: index).rgb
            var counts: [Int: Int] = [:]
            for pixel in stride(from: 0, to: rgb.count, by: 3) {
                counts[Int(rgb[pixel]) << 16 | Int(rgb[pixel + 1]) << 8 | Int(rgb[pixel + 2]), default: 0] += 1
            }
            // Gradients, jittered palette colours and anti-aliased edges: hundreds of distinct colours,
            // and no single one (the bare ground, say) fills half the picture.
            #expect(counts.count > 200, "image \(index) has only \(counts.count) colours")
            #expect(counts.values.max()! < 96 * 96 / 2, "image \(index) is mostly one colour")
        }
    }

    @Test func radiiFollowTheInverseCubeLaw() {
        // p(r) ~ 1/r^3 on [2, 64]: the CDF is (1/2^2 - 1/r^2) / (1/2^2 - 1/64^2).
        #expect(DeadLeaves.radius(0, smallest: 2, largest: 64) == 2)
        #expect(abs(DeadLeaves.radius(1, smallest: 2, largest: 64) - 64) < 1e-9)
        let median = DeadLeaves.radius(0.5, smallest: 2, largest: 64)
        let cdf = (1.0 / 4 - 1 / (median * median)) / (1.0 / 4 - 1.0 / 4096)
        #expect(abs(cdf - 0.5) < 1e-12)
        #expect(median < 3, "half the leaves are small: \(median)")
    }

    @Test func anUnsupportedSizeIsAnError() {
        #expect(throws: SyntheticShapesError.self) { try DeadLeaves(seed: 1, imageSize: 8) }
    }
}
