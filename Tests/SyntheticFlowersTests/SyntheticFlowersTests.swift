import Foundation
import Testing
@testable import SyntheticFlowers

@Suite struct SyntheticFlowersTests {
    @Test func classNamesMatchTFFlowers() {
        #expect(SyntheticFlowers.classNames == ["daisy", "dandelion", "roses", "sunflowers", "tulips"])
    }

    @Test func sameSeedGivesSamePixels() throws {
        let first = try SyntheticFlowers(seed: 7, imageSize: 96)
        let second = try SyntheticFlowers(seed: 7, imageSize: 96)
        for classIndex in 0..<5 {
            let a = try first.render(classIndex: classIndex, sampleIndex: 3)
            let b = try second.render(classIndex: classIndex, sampleIndex: 3)
            #expect(a == b, "class \(classIndex) differs between two generators with one seed")
        }
    }

    @Test func otherSeedGivesOtherPixels() throws {
        let a = try SyntheticFlowers(seed: 7, imageSize: 96).render(classIndex: 2, sampleIndex: 0)
        let b = try SyntheticFlowers(seed: 8, imageSize: 96).render(classIndex: 2, sampleIndex: 0)
        #expect(meanAbsoluteDifference(a.rgb, b.rgb) > 10)
    }

    @Test func imageHasRequestedSizeAndThreeChannels() throws {
        let image = try SyntheticFlowers(seed: 1, imageSize: 72).render(classIndex: 4, sampleIndex: 0)
        #expect(image.width == 72)
        #expect(image.height == 72)
        #expect(image.rgb.count == 72 * 72 * 3)
    }

    @Test func everyClassDrawsVariedNonConstantImages() throws {
        let flowers = try SyntheticFlowers(seed: 11, imageSize: 64)
        for classIndex in 0..<5 {
            let samples = try (0..<3).map { try flowers.render(classIndex: classIndex, sampleIndex: $0) }
            for image in samples {
                // No channel is constant, and a scene of flowers on a backdrop spans a wide range in one at least.
                let ranges = (0..<3).map { channel in
                    let values = stride(from: channel, to: image.rgb.count, by: 3).map { Int(image.rgb[$0]) }
                    return values.max()! - values.min()!
                }
                #expect(ranges.allSatisfy { $0 > 15 }, "class \(classIndex): a flat channel, ranges \(ranges)")
                #expect(ranges.max()! > 80, "class \(classIndex): low contrast, ranges \(ranges)")
            }
            #expect(meanAbsoluteDifference(samples[0].rgb, samples[1].rgb) > 10)
            #expect(meanAbsoluteDifference(samples[1].rgb, samples[2].rgb) > 10)
        }
    }

    @Test func classesDifferForOneSampleIndex() throws {
        let flowers = try SyntheticFlowers(seed: 5, imageSize: 64)
        let daisy = try flowers.render(classIndex: 0, sampleIndex: 0)
        let tulip = try flowers.render(classIndex: 4, sampleIndex: 0)
        #expect(meanAbsoluteDifference(daisy.rgb, tulip.rgb) > 10)
    }

    @Test func rejectsBadArguments() throws {
        #expect(throws: SyntheticFlowersError.unsupportedImageSize(8)) { try SyntheticFlowers(seed: 1, imageSize: 8) }
        let flowers = try SyntheticFlowers(seed: 1, imageSize: 64)
        #expect(throws: SyntheticFlowersError.unknownClass(5)) { try flowers.render(classIndex: 5, sampleIndex: 0) }
        #expect(throws: SyntheticFlowersError.unknownClass(-1)) { try flowers.render(classIndex: -1, sampleIndex: 0) }
        #expect(SyntheticFlowersError.unknownClass(5).description.contains("daisy, dandelion"))
    }

    private func meanAbsoluteDifference(_ a: [UInt8], _ b: [UInt8]) -> Double {
        Double(zip(a, b).reduce(0) { $0 + abs(Int($1.0) - Int($1.1)) }) / Double(a.count)
    }
}
