import Foundation
import Tensors
import Testing
import Training
@testable import UpstreamLesson

/// The transfer cell's splits and probe, on features made in the test.
@Suite struct TransferProbeTests {
    /// Lesson 62's head training on the miniature, as lesson 61's link reads it.
    let settings: HeadTrainingSettings

    init() throws { settings = try LinkedSettings.headTraining.get() }

    /// 40 images of each of 5 classes, class-major like an image folder's listing.
    let labels = (0..<200).map { $0 / 40 }

    @Test func splitsKeepEachClassShareAndPartitionTheImages() throws {
        let splits = try TransferProbe.splits(labels: labels, classCount: 5, count: 10, seed: 61)
        #expect(splits.map(\.number) == Array(1...10))
        for split in splits {
            #expect(split.train.count == 170 && split.heldOut.count == 30)
            #expect(Set(split.train).isDisjoint(with: split.heldOut))
            #expect(Set(split.train + split.heldOut) == Set(0..<200))
            var perClass = [Int](repeating: 0, count: 5)
            for index in split.heldOut { perClass[labels[index]] += 1 }
            #expect(perClass == [6, 6, 6, 6, 6])
            #expect(TransferProbe.chance(split, labels: labels, classCount: 5) == 0.2)
        }
        // Ten different draws: no two splits hold out the same images.
        #expect(Set(splits.map { Set($0.heldOut) }).count == 10)
        #expect(Set(splits.map(\.seed)).count == 10)
    }

    @Test func splitsAreFixedByTheSeedAndTheSplitNumber() throws {
        let ten = try TransferProbe.splits(labels: labels, classCount: 5, count: 10, seed: 61)
        #expect(try TransferProbe.splits(labels: labels, classCount: 5, count: 10, seed: 61) == ten)
        // Split k does not depend on how many splits there are.
        #expect(try TransferProbe.splits(labels: labels, classCount: 5, count: 3, seed: 61) == Array(ten.prefix(3)))
        let other = try TransferProbe.splits(labels: labels, classCount: 5, count: 10, seed: 62)
        #expect(zip(ten, other).allSatisfy { Set($0.heldOut) != Set($1.heldOut) })
    }

    @Test func chanceIsTheCommonestClassShareOfTheHeldOutImages() throws {
        // 60 of class 0 and 20 of class 1: 9 and 3 held out, so always answering 0 gets 9 of 12.
        let unbalanced = [Int](repeating: 0, count: 60) + [Int](repeating: 1, count: 20)
        let split = try #require(try TransferProbe.splits(labels: unbalanced, classCount: 2, count: 1, seed: 1).first)
        #expect(split.heldOut.count == 12)
        #expect(TransferProbe.chance(split, labels: unbalanced, classCount: 2) == 0.75)
    }

    /// Features of `labels` [N, width]: a class centre (3 at the class's coordinate) plus noise, or
    /// noise alone when `separable` is false.
    func features(_ labels: [Int], width: Int = 64, separable: Bool, seed: UInt64 = 5) -> Tensor {
        var generator = SeededGenerator(seed: seed)
        var scalars: [Float] = []
        for label in labels {
            for column in 0..<width {
                let centre: Float = separable && column == label ? 3 : 0
                scalars.append(centre + (2 * generator.nextFloat() - 1))
            }
        }
        return Tensor(shape: [labels.count, width], scalars: scalars)
    }

    @Test func theProbeSeparatesSeparableFeatures() throws {
        let splits = try TransferProbe.splits(labels: labels, classCount: 5, count: 3, seed: 61)
        let results = try TransferProbe.measure(features(labels, separable: true), labels: labels, classCount: 5,
                                                splits: splits, settings: settings)
        #expect(results.count == 3)
        #expect(results.allSatisfy { $0.heldOut == 30 && $0.steps == TransferProbe.steps })
        #expect(results.allSatisfy { $0.accuracy >= 0.95 }, "\(results.map(\.accuracy))")
    }

    @Test func onLabelsTheFeaturesKnowNothingOfItStaysNearChance() throws {
        // 1,000 images with labels drawn independently of their features: 150 held out a split.
        var generator = SeededGenerator(seed: 77)
        let random = (0..<1000).map { _ in generator.nextInt(below: 5) }
        let splits = try TransferProbe.splits(labels: random, classCount: 5, count: 4, seed: 61)
        let results = try TransferProbe.measure(features(random, separable: false), labels: random, classCount: 5,
                                                splits: splits, settings: settings)
        let mean = results.map(\.accuracy).reduce(0, +) / Double(results.count)
        let chance = splits.map { TransferProbe.chance($0, labels: random, classCount: 5) }.reduce(0, +) / 4
        #expect(abs(mean - 0.2) < 0.06, "mean \(mean)")
        #expect(mean < chance + TransferReport.chanceMargin)
    }

    @Test func theSameFeaturesGiveTheSameScoresOnEverySplit() throws {
        // What makes backbones comparable split by split: one probe per split, fixed by its seed.
        let splits = try TransferProbe.splits(labels: labels, classCount: 5, count: 3, seed: 61)
        let noisy = features(labels, width: 16, separable: true, seed: 9)
        let first = try TransferProbe.measure(noisy, labels: labels, classCount: 5, splits: splits, settings: settings)
        let second = try TransferProbe.measure(noisy, labels: labels, classCount: 5, splits: splits, settings: settings)
        #expect(first == second)
    }
}
