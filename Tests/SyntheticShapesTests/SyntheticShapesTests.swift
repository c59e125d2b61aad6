import Foundation
import Tensors
import Testing
@testable import SyntheticShapes

@Suite struct SyntheticShapesTests {
    @Test func hasAtLeastFiftyUniqueFileSafeClassesAndNoFlowers() {
        let names = SyntheticShapes.classNames
        #expect(names.count == 56)
        #expect(Set(names).count == names.count)
        let allowed = Set("abcdefghijklmnopqrstuvwxyz-")
        #expect(names.allSatisfy { !$0.isEmpty && $0.allSatisfy(allowed.contains) })
        for flower in ["daisy", "dandelion", "roses", "sunflowers", "tulips", "flower"] {
            #expect(!names.contains { $0.contains(flower) }, "\(flower) belongs to the downstream task")
        }
        #expect(names.first == "circle")
        #expect(names.last == "triangles")
    }

    @Test func sameSeedGivesSamePixels() throws {
        let first = try SyntheticShapes(seed: 7, imageSize: 40)
        let second = try SyntheticShapes(seed: 7, imageSize: 40)
        for classIndex in [0, 9, 20, 33, 42, 55] {
            let a = try first.render(classIndex: classIndex, sampleIndex: 3)
            let b = try second.render(classIndex: classIndex, sampleIndex: 3)
            #expect(a == b, "class \(classIndex) differs between two generators with one seed")
        }
    }

    @Test func otherSeedGivesOtherPixels() throws {
        let a = try SyntheticShapes(seed: 7, imageSize: 40).render(classIndex: 6, sampleIndex: 0)
        let b = try SyntheticShapes(seed: 8, imageSize: 40).render(classIndex: 6, sampleIndex: 0)
        #expect(meanAbsoluteDifference(a.rgb, b.rgb) > 10)
    }

    @Test func imageHasRequestedSizeAndThreeChannels() throws {
        let shapes = try SyntheticShapes(seed: 1, imageSize: 48)
        let image = try shapes.render(classIndex: 12, sampleIndex: 0)
        #expect(image.width == 48)
        #expect(image.height == 48)
        #expect(image.rgb.count == 48 * 48 * 3)
        #expect(shapes.bytesPerImage == 48 * 48 * 3)
        #expect(try SyntheticShapes(seed: 1).imageSize == 64)
    }

    @Test func everyClassDrawsVisibleNonConstantImages() throws {
        let shapes = try SyntheticShapes(seed: 11, imageSize: 32)
        let count = SyntheticShapes.classNames.count
        let bytes = try shapes.batchRGB(classIndices: Array(0..<count), sampleIndices: Array(repeating: 0, count: count))
        for classIndex in 0..<count {
            let image = Array(bytes[classIndex * shapes.bytesPerImage..<(classIndex + 1) * shapes.bytesPerImage])
            let ranges = (0..<3).map { channel in
                let values = stride(from: channel, to: image.count, by: 3).map { Int(image[$0]) }
                return values.max()! - values.min()!
            }
            // A figure or pattern contrasts with its ground by at least 0.25 in luma (about 64 levels)
            // before lighting, which may flatten it by up to a third.
            #expect(ranges.max()! > 40, "\(SyntheticShapes.classNames[classIndex]): low contrast, ranges \(ranges)")
            #expect(Set(image).count > 20, "\(SyntheticShapes.classNames[classIndex]): too few distinct values")
        }
    }

    @Test func samplesOfOneClassDiffer() throws {
        let shapes = try SyntheticShapes(seed: 3, imageSize: 32)
        for classIndex in 0..<SyntheticShapes.classNames.count {
            let a = try shapes.render(classIndex: classIndex, sampleIndex: 0)
            let b = try shapes.render(classIndex: classIndex, sampleIndex: 1)
            #expect(meanAbsoluteDifference(a.rgb, b.rgb) > 8, "\(SyntheticShapes.classNames[classIndex])")
        }
    }

    @Test func classesDifferForOneSampleIndex() throws {
        let shapes = try SyntheticShapes(seed: 5, imageSize: 32)
        let first = try shapes.render(classIndex: 0, sampleIndex: 0)
        for classIndex in 1..<SyntheticShapes.classNames.count {
            let other = try shapes.render(classIndex: classIndex, sampleIndex: 0)
            #expect(meanAbsoluteDifference(first.rgb, other.rgb) > 8, "\(SyntheticShapes.classNames[classIndex])")
        }
    }

    @Test func batchHoldsTheSameImagesAsRenderInOrder() throws {
        let shapes = try SyntheticShapes(seed: 9, imageSize: 32)
        let classes = [4, 50, 4, 21, 0], samples = [0, 2, 7, 1, 1000]
        let bytes = try shapes.batchRGB(classIndices: classes, sampleIndices: samples)
        #expect(bytes.count == 5 * shapes.bytesPerImage)
        for item in 0..<5 {
            let single = try shapes.render(classIndex: classes[item], sampleIndex: samples[item])
            #expect(Array(bytes[item * shapes.bytesPerImage..<(item + 1) * shapes.bytesPerImage]) == single.rgb,
                    "item \(item) of the batch is not the image render draws")
        }
    }

    @Test func batchTensorIsNHWCInUnitRange() throws {
        let shapes = try SyntheticShapes(seed: 9, imageSize: 24)
        let tensor = try shapes.batch(classIndices: [1, 30], sampleIndices: [0, 0])
        let bytes = try shapes.batchRGB(classIndices: [1, 30], sampleIndices: [0, 0])
        #expect(tensor.shape == [2, 24, 24, 3])
        #expect(tensor.scalars.count == bytes.count)
        #expect(tensor.scalars[100] == Float(bytes[100]) / 255)
        #expect(tensor.scalars.allSatisfy { $0 >= 0 && $0 <= 1 })
        #expect(try shapes.batchRGB(classIndices: [], sampleIndices: []).isEmpty)
    }

    @Test func rejectsBadArguments() throws {
        #expect(throws: SyntheticShapesError.unsupportedImageSize(8)) { try SyntheticShapes(seed: 1, imageSize: 8) }
        let shapes = try SyntheticShapes(seed: 1, imageSize: 32)
        let count = SyntheticShapes.classNames.count
        #expect(throws: SyntheticShapesError.unknownClass(count)) { try shapes.render(classIndex: count, sampleIndex: 0) }
        #expect(throws: SyntheticShapesError.unknownClass(-1)) { try shapes.render(classIndex: -1, sampleIndex: 0) }
        #expect(throws: SyntheticShapesError.unknownClass(-1)) {
            try shapes.batchRGB(classIndices: [0, -1], sampleIndices: [0, 0])
        }
        #expect(throws: SyntheticShapesError.mismatchedIndices(classCount: 2, sampleCount: 1)) {
            try shapes.batch(classIndices: [0, 1], sampleIndices: [0])
        }
        #expect(SyntheticShapesError.unknownClass(99).description.contains("0..<\(count)"))
    }

    private func meanAbsoluteDifference(_ a: [UInt8], _ b: [UInt8]) -> Double {
        Double(zip(a, b).reduce(0) { $0 + abs(Int($1.0) - Int($1.1)) }) / Double(a.count)
    }
}
