import Foundation
import ImagePipeline
import Tensors
import Training

/// One repetition of the probe: which images train the head and which measure it.
struct ProbeSplit: Equatable {
    /// 1-based, as the table and `transfer.csv` number the splits.
    let number: Int
    /// The seed of the split and of the order the head draws its training images in.
    let seed: UInt64
    let train: [Int]
    let heldOut: [Int]
}

/// Lesson 62's head training as the transfer cell repeats it: lesson 62's parameters under its
/// `miniature` profile, read through lesson 61's link `head_training` (lessons/61-bit-upstream/lesson.toml),
/// each property the parameter of its name in snake case.
struct HeadTrainingSettings: Codable, Equatable {
    var learningRate: Double
    var batchSize: Int
    var momentum: Double
    var stepsPerEpoch: Int
    /// Steps after which the learning rate is divided by 10.
    var scheduleBoundaries: [Int]
    var standardizeFeatures: Bool
}

/// The transfer cell's measure: lesson 62's head, trained on a backbone's frozen features over
/// repeated stratified splits, scored on the held-out images.
enum TransferProbe {
    /// 85% of each class trains the head, 15% is held out (lesson 62's `train_fraction`).
    static let heldOutPercent = 15.0

    /// The probe trains for a fixed 500 steps (BiT's schedule length for small data, the one lesson
    /// 62's decays were placed in) instead of early stopping, on one view of each image.
    static let steps = 500

    /// The probe's head training, lesson 62's `settings`, its draws seeded by `seed`.
    static func probe(_ settings: HeadTrainingSettings, seed: UInt64) throws -> LinearProbe {
        var configuration = TrainingConfiguration(
            schedule: try PiecewiseConstantSchedule.tenfoldDecay(base: settings.learningRate,
                                                                 boundaries: settings.scheduleBoundaries))
        configuration.batchSize = settings.batchSize
        configuration.stepsPerEpoch = settings.stepsPerEpoch
        configuration.epochs = steps / settings.stepsPerEpoch
        configuration.momentum = Float(settings.momentum)
        configuration.earlyStoppingPatience = nil
        configuration.featureViews = 1
        configuration.seed = seed
        return try LinearProbe(configuration: configuration, standardizesFeatures: settings.standardizeFeatures)
    }

    /// `count` stratified splits of images with `labels`: split k is drawn from the lesson's seed
    /// and k alone, so every backbone is measured on the same splits, and a rerun on the same ones.
    static func splits(labels: [Int], classCount: Int, count: Int, seed: UInt64) throws -> [ProbeSplit] {
        let cut = 100 - heldOutPercent
        let train = try SplitSlice(lowerPercent: 0, upperPercent: cut)
        let heldOut = try SplitSlice(lowerPercent: cut, upperPercent: 100)
        return stride(from: 1, through: count, by: 1).map { number in
            var mixer = SeededGenerator.derived(seed: seed, stream: 0x5052_4F42_0000_0000 | UInt64(number))  // "PROB"
            let splitSeed = mixer.next()
            let order = StratifiedSplit(labels: labels, classCount: classCount, seed: splitSeed)
            return ProbeSplit(number: number, seed: splitSeed, train: order.indices(train),
                              heldOut: order.indices(heldOut))
        }
    }

    /// The share of the held-out images taken by their commonest class: the accuracy of always
    /// answering it, what a probe that learned nothing gets.
    static func chance(_ split: ProbeSplit, labels: [Int], classCount: Int) -> Double {
        var counts = [Int](repeating: 0, count: classCount)
        for index in split.heldOut { counts[labels[index]] += 1 }
        return Double(counts.max() ?? 0) / Double(max(1, split.heldOut.count))
    }

    /// The probe's result on every split for one backbone's `features` [images, F]; `onSplit` is
    /// called after each split, `checkCancellation` before every batch of the head's training.
    static func measure(_ features: Tensor, labels: [Int], classCount: Int, splits: [ProbeSplit],
                        settings: HeadTrainingSettings, checkCancellation: () throws -> Void = {},
                        onSplit: () throws -> Void = {}) throws -> [LinearProbe.Result] {
        try splits.map { split in
            let result = try probe(settings, seed: split.seed).run(features: features, labels: labels, classCount: classCount,
                                                         train: split.train, heldOut: split.heldOut,
                                                         checkCancellation: checkCancellation)
            try onSplit()
            return result
        }
    }
}
