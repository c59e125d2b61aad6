import Foundation
import Tensors
import TestSupport
import Testing
import Training

@Suite struct TransferTrainerTests {
    let trainLabels = cyclicLabels(count: 60, classes: 3)
    let validationLabels = cyclicLabels(count: 15, classes: 3)

    func configuration(learningRate: Double = 0.05, epochs: Int = 3, patience: Int? = nil) -> TrainingConfiguration {
        var configuration = TrainingConfiguration(schedule: ConstantSchedule(learningRate))
        configuration.batchSize = 8
        configuration.stepsPerEpoch = 5
        configuration.epochs = epochs
        configuration.earlyStoppingPatience = patience
        configuration.seed = 42
        return configuration
    }

    struct Run {
        var result: TrainingResult
        var train: SyntheticBackbone
        var validation: SyntheticBackbone
    }

    func train(_ configuration: TrainingConfiguration, stores: (FeatureStore, FeatureStore)?,
               callbacks: [TrainingCallback] = []) throws -> Run {
        let trainBackbone = SyntheticBackbone(labels: trainLabels)
        // Validation images are distinct images: offset their noise stream.
        let validationBackbone = SyntheticBackbone(labels: validationLabels)
        let trainSource = FeatureSource(mode: stores.map { .cached($0.0) } ?? .faithful, compute: trainBackbone.features)
        let validationSource = FeatureSource(mode: stores.map { .cached($0.1) } ?? .faithful,
                                             compute: validationBackbone.features)
        let result = try TransferTrainer(configuration: configuration).train(
            trainLabels: trainLabels, validationLabels: validationLabels, classCount: 3,
            trainFeatures: trainSource, validationFeatures: validationSource, callbacks: callbacks)
        return Run(result: result, train: trainBackbone, validation: validationBackbone)
    }

    @Test func separableFeaturesAreLearnedPerfectly() throws {
        let run = try train(configuration(epochs: 4), stores: (FeatureStore(inMemoryKey: "t"), FeatureStore(inMemoryKey: "v")))
        let last = try #require(run.result.history.epochs.last)
        #expect(run.result.history.epochs.map(\.epoch) == [1, 2, 3, 4])
        #expect(last.validationAccuracy == 1)
        #expect(last.trainAccuracy == 1)
        #expect(last.validationLoss < run.result.history.epochs[0].validationLoss)
        // The very first batch sees a zero head: its loss is log 3 and the epoch's mean is below it.
        #expect(run.result.history.epochs[0].trainLoss < log(3.0))
        #expect(run.result.steps == 20)
    }

    @Test func batchEventsCarryTheKerasStepAndTheSchedule() throws {
        var events: [BatchEnd] = []
        var configuration = configuration(epochs: 2)
        configuration.schedule = try PiecewiseConstantSchedule(boundaries: [4], values: [0.1, 0.01])
        let run = try train(configuration, stores: nil, callbacks: [ClosureCallback(onBatch: { events.append($0) })])
        #expect(events.map(\.step) == Array(0..<10))
        #expect(events.map(\.batch) == [1, 2, 3, 4, 5, 1, 2, 3, 4, 5])
        // Steps 0-4 use 0.1 (step 4 equals the boundary); step 5 on uses 0.01.
        #expect(events.map(\.learningRate) == [0.1, 0.1, 0.1, 0.1, 0.1, 0.01, 0.01, 0.01, 0.01, 0.01])
        #expect(abs(events[0].loss - log(3.0)) < 1e-6)
        #expect(run.result.history.epochs.map(\.learningRate) == [0.1, 0.01])
        // Keras' epoch loss is the mean over the epoch's batches.
        let firstEpochMean = events[0..<5].map(\.loss).reduce(0, +) / 5
        #expect(abs(run.result.history.epochs[0].trainLoss - firstEpochMean) < 1e-12)
    }

    /// 3 epochs x 5 steps x 8 = 120 draws = 2 passes over 60 images: with K = 2 every draw is a
    /// fresh view, exactly the faithful mode's inputs, so both modes train the same head.
    @Test func cachedModeMatchesFaithfulModeWhilePassesDoNotExceedTheViews() throws {
        let cached = try train(configuration(), stores: (FeatureStore(inMemoryKey: "t"), FeatureStore(inMemoryKey: "v")))
        let faithful = try train(configuration(), stores: nil)
        #expect(cached.result.head == faithful.result.head)
        #expect(cached.result.history.epochs.map(\.validationLoss) == faithful.result.history.epochs.map(\.validationLoss))
        #expect(cached.result.trainFeatureCounts == FeatureCounts(hits: 0, misses: 120, computeCalls: 15))
        #expect(faithful.result.trainFeatureCounts.misses == 120)
        // Validation: once in cached mode, every epoch in faithful mode (as Keras does).
        #expect(cached.result.validationFeatureCounts == FeatureCounts(hits: 30, misses: 15, computeCalls: 1))
        #expect(faithful.result.validationFeatureCounts.misses == 45)
        #expect(Set(cached.train.computedItems.map(\.view)) == [0, 1])
    }

    @Test func theThirdPassReusesViewZeroInCachedModeOnly() throws {
        let cached = try train(configuration(epochs: 4), stores: (FeatureStore(inMemoryKey: "t"), FeatureStore(inMemoryKey: "v")))
        let faithful = try train(configuration(epochs: 4), stores: nil)
        // 160 draws: 120 distinct (image, view) items, then 40 draws of the third pass reuse view 0.
        #expect(cached.result.trainFeatureCounts.misses == 120)
        #expect(cached.result.trainFeatureCounts.hits == 40)
        #expect(Set(faithful.train.computedItems.map(\.view)) == [0, 1, 2])
    }

    @Test func aRerunWithAnotherLearningRateComputesNoFeatures() throws {
        let root = SharedFixtures.temporaryDirectory("trainer")
        defer { try? FileManager.default.removeItem(at: root) }
        func stores() throws -> (FeatureStore, FeatureStore) {
            (try FeatureStore(root: root, key: "train-224-seed42"), try FeatureStore(root: root, key: "val-384"))
        }
        let first = try train(configuration(learningRate: 0.05), stores: try stores())
        let second = try train(configuration(learningRate: 0.01), stores: try stores())
        #expect(first.train.calls > 0)
        #expect(second.train.calls == 0 && second.validation.calls == 0)
        #expect(second.result.trainFeatureCounts == FeatureCounts(hits: 120, misses: 0, computeCalls: 0))
        #expect(second.result.head != first.result.head)
    }

    /// Captures the head at each epoch's end.
    final class HeadRecorder: TrainingCallback {
        var heads: [DenseHead] = []
        func epochDidEnd(_ metrics: EpochMetrics, context: TrainingContext) {
            if let kept = context.keepWeights() { heads.append(kept.value as! DenseHead) }
        }
    }

    @Test func earlyStoppingRestoresTheBestEpochsHead() throws {
        // A tiny learning rate with noisy features keeps the accuracy flat, so early stopping fires.
        let recorder = HeadRecorder()
        var configuration = configuration(learningRate: 1e-9, epochs: 10, patience: 2)
        configuration.featureViews = 1
        let run = try train(configuration, stores: (FeatureStore(inMemoryKey: "t"), FeatureStore(inMemoryKey: "v")),
                            callbacks: [recorder])
        let restored = try #require(run.result.history.restoredEpoch)
        let accuracies = run.result.history.epochs.map(\.validationAccuracy)
        // The restored epoch is the first one reaching the best accuracy.
        #expect(restored == (accuracies.firstIndex(of: accuracies.max()!)! + 1))
        #expect(run.result.head == recorder.heads[restored - 1])
        let stopped = try #require(run.result.history.stoppedEpoch)
        #expect(stopped == run.result.history.epochs.count && stopped < 10)
        #expect(stopped - restored == 2)
        // The kept epoch is the restored one, not the last.
        #expect(run.result.history.kept == run.result.history.epochs[restored - 1])
        #expect(run.result.history.kept != run.result.history.epochs.last)
    }

    /// A run with MixUp, a decay and early stopping, pinned bit for bit: the figures of the head
    /// trainer before it shared its loop with whole-network training.
    @Test func aFixedRunGivesItsPinnedHistoryAndHead() throws {
        var configuration = configuration(learningRate: 0.05, epochs: 5, patience: 1)
        configuration.mixUpAlpha = 0.2
        configuration.schedule = try PiecewiseConstantSchedule(boundaries: [7], values: [0.05, 0.005])
        let run = try train(configuration, stores: (FeatureStore(inMemoryKey: "t"), FeatureStore(inMemoryKey: "v")))
        let rows = run.result.history.epochs.map {
            [$0.trainLoss, $0.trainAccuracy, $0.validationLoss, $0.validationAccuracy, $0.learningRate]
        }
        #expect(rows == [[0.8987490055662036, 0.9, 0.3336906847022795, 1.0, 0.05],
                         [0.31869382522968115, 1.0, 0.04839366253443001, 1.0, 0.005]], "\(rows)")
        #expect(run.result.head.bias == [0.018241344, -0.0036160229, -0.014625307], "\(run.result.head.bias)")
        #expect(run.result.history.restoredEpoch == 1 && run.result.steps == 10,
                "\(String(describing: run.result.history.restoredEpoch)) \(run.result.steps)")
    }

    @Test func mixUpTrainsOnMixedTargetsAndStillSeparates() throws {
        var mixed = configuration(epochs: 4)
        mixed.mixUpAlpha = 0.1
        let withMixUp = try train(mixed, stores: (FeatureStore(inMemoryKey: "t"), FeatureStore(inMemoryKey: "v")))
        let without = try train(configuration(epochs: 4), stores: (FeatureStore(inMemoryKey: "t"), FeatureStore(inMemoryKey: "v")))
        #expect(withMixUp.result.history.epochs.last?.validationAccuracy == 1)
        // Without early stopping the last epoch is the kept one.
        #expect(without.result.history.restoredEpoch == nil && without.result.history.kept == without.result.history.epochs.last)
        #expect(withMixUp.result.head != without.result.head)
        // The same draws: MixUp changes the inputs, not which items the backbone computes.
        #expect(withMixUp.train.computedItems == without.train.computedItems)
    }

    @Test func invalidSettingsAreRejected() {
        var configuration = configuration()
        configuration.featureViews = 0
        #expect(throws: TrainingError.self) { try train(configuration, stores: nil) }
    }
}
