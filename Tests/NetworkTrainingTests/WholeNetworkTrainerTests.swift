import BiT
import Foundation
import NetworkTraining
import Tensors
import TestSupport
import Testing
import Training

/// Whole-network training: learning, saved progress and resuming bit for bit.
@Suite struct WholeNetworkTrainerTests {
    /// The smallest BiT-shaped network: one block of one unit, 32 root channels.
    static let architecture = ResNetV2Architecture(blockUnits: [1], rootChannels: 32)

    /// A two-class task at 16x16: vertical stripes (class 1) or horizontal ones (class 0), with
    /// noise (a shape, not a brightness: GroupNorm removes brightness).
    /// Two fixed batches, alternating: the network can fit them in a few steps.
    static func batch(step: Int) -> LabelledBatch {
        var random = SeededGenerator(seed: UInt64(100 + step % 2))
        let labels = (0..<8).map { _ in random.nextInt(below: 2) }
        var scalars: [Float] = []
        for label in labels {
            for y in 0..<16 {
                for x in 0..<16 {
                    let bright = ((label == 1 ? x : y) / 2) % 2 == 0
                    scalars += (0..<3).map { _ in (bright ? 0.6 : 0.2) + 0.2 * random.nextFloat() }
                }
            }
        }
        return LabelledBatch(images: Tensor(shape: [8, 16, 16, 3], scalars: scalars), labels: labels)
    }

    static func model() throws -> ResNetV2 {
        try ResNetV2(parameters: architecture.initialArrays(headClasses: 2, seed: 3), architecture: architecture,
                     headClasses: 2)
    }

    static func training(steps: Int) throws -> WholeNetworkTraining {
        var training = WholeNetworkTraining(
            steps: steps, stepsPerEpoch: 2,
            schedule: try BiTHyperRuleSchedule(baseLearningRate: 0.05, supports: [1, 5, steps]))
        training.weightDecay = 1e-4
        return training
    }

    static func validate(_ model: ResNetV2) throws -> NetworkEvaluation {
        try NetworkEvaluation.measure(model, count: 16, batchSize: 8) { range in
            batch(step: range.lowerBound / 8)
        }
    }

    @Test func trainingLowersTheLossAndRecordsAnEpochPerTwoSteps() throws {
        let model = try Self.model()
        let before = try Self.validate(model)
        let history = try WholeNetworkTrainer(training: try Self.training(steps: 8))
            .train(model, batch: Self.batch(step:), validate: Self.validate).epochs
        #expect(history.map(\.epoch) == [1, 2, 3, 4])
        #expect(abs(before.loss - log(2)) < 1e-6, "a zero head predicts 1/2 for both classes")
        // The two fixed batches are fitted a little better after every epoch.
        let losses = [before.loss] + history.map(\.validationLoss)
        #expect(zip(losses, losses.dropFirst()).allSatisfy { $0 > $1 }, "validation losses \(losses)")
        #expect(history.last!.validationLoss < before.loss - 0.04)
        // The schedule's warm-up and decay: step 7 (the last) runs at 0.05 / 10.
        #expect(abs(history.last!.learningRate - 0.005) < 1e-12)
        #expect(history.map(\.wallTime) == history.map(\.wallTime).sorted())
    }

    /// The trainer is the loop a reader would write: each step's learning rate from the schedule
    /// at that step, one SGD (momentum, weight decay on the kernels) for the whole run. The
    /// same steps by hand end on the same bits, and the history's rates are the schedule's.
    @Test func everyStepFollowsTheScheduleWithOneOptimizer() throws {
        let training = try Self.training(steps: 8)
        let trained = try Self.model()
        let history = try WholeNetworkTrainer(training: training)
            .train(trained, batch: Self.batch(step:), validate: Self.validate).epochs
        let byHand = try Self.model()
        let optimizer = SGD(momentum: training.momentum, weightDecay: training.weightDecay)
        var rates: [Double] = []
        for step in 0..<8 {
            let batch = Self.batch(step: step)
            rates.append(training.schedule.learningRate(at: step))
            byHand.trainStep(images: batch.images, labels: batch.labels, learningRate: Float(rates.last!),
                             optimizer: optimizer)
        }
        #expect(zip(trained.parameters, byHand.parameters).allSatisfy { $0.value == $1.value })
        // An epoch reports the rate of its last step. Supports [1, 5, 8]: a warm-up from 0 that
        // reaches 0.05 at step 1, then a tenth after step 5.
        #expect(history.map(\.learningRate) == [rates[1], rates[3], rates[5], rates[7]])
        #expect(rates[0] == 0 && rates[1...5].allSatisfy { $0 == 0.05 })
        #expect(rates[6...7].allSatisfy { abs($0 - 0.005) < 1e-12 })
    }

    /// Records each step's learning rate, and throws `Interrupt` after step `stopAfter` (1-based
    /// count of steps done) or after epoch `stopAfterEpoch`.
    final class Recorder: TrainingCallback {
        struct Interrupt: Error {}
        var rates: [Int: Double] = [:]
        var startStep: Int?
        let stopAfter: Int?, stopAfterEpoch: Int?
        init(stopAfter: Int? = nil, stopAfterEpoch: Int? = nil) {
            self.stopAfter = stopAfter
            self.stopAfterEpoch = stopAfterEpoch
        }
        func trainingWillBegin(_ context: TrainingContext) { startStep = context.startStep }
        func batchDidEnd(_ event: BatchEnd, context: TrainingContext) throws {
            rates[event.step] = event.learningRate
            if event.step + 1 == stopAfter { throw Interrupt() }
        }
        func epochDidEnd(_ metrics: EpochMetrics, context: TrainingContext) throws {
            if metrics.epoch == stopAfterEpoch { throw Interrupt() }
        }
    }

    /// Every step runs at the schedule's rate for that step: a warm-up from 0 to 0.05 at step 1,
    /// then a tenth after step 5 (supports [1, 5, 8]).
    @Test func eachStepsLearningRateIsTheSchedules() throws {
        let training = try Self.training(steps: 8)
        let recorder = Recorder()
        _ = try WholeNetworkTrainer(training: training)
            .train(try Self.model(), batch: Self.batch(step:), validate: Self.validate, callbacks: [recorder])
        let rates = (0..<8).map { recorder.rates[$0] ?? -1 }
        #expect(rates == (0..<8).map { training.schedule.learningRate(at: $0) })
        #expect(rates[0] == 0 && rates[1...5].allSatisfy { $0 == 0.05 })
        #expect(rates[6...7].allSatisfy { abs($0 - 0.005) < 1e-12 })
    }

    /// Interrupted after epoch 2 (its progress saved) or in the middle of epoch 2 (only epoch 1
    /// saved), a resumed run ends with the parameters and history of an uninterrupted one, bit for
    /// bit, and runs its remaining steps at the same learning rates.
    @Test(arguments: [(Int?.none, Int?.some(2), 4), (3, nil, 2)])
    func anInterruptedRunResumesFromItsLastEpochAndEndsBitForBitAsAnUninterruptedOne(
        stopAfter: Int?, stopAfterEpoch: Int?, savedStep: Int) throws {
        let folder = SharedFixtures.temporaryDirectory("whole-network-resume")
        defer { try? FileManager.default.removeItem(at: folder) }
        let training = try Self.training(steps: 6)
        let straight = try Self.model(), straightSteps = Recorder()
        let expected = try WholeNetworkTrainer(training: training)
            .train(straight, batch: Self.batch(step:), validate: Self.validate, callbacks: [straightSteps])

        let first = WholeNetworkTrainer(training: training, progressDirectory: folder)
        #expect(throws: Recorder.Interrupt.self) {
            try first.train(try Self.model(), batch: Self.batch(step:), validate: Self.validate,
                            callbacks: [Recorder(stopAfter: stopAfter, stopAfterEpoch: stopAfterEpoch)])
        }
        // The last finished epoch was saved; updates after it were lost with the process.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == [String(format: "step-%07d", savedStep)])

        let second = WholeNetworkTrainer(training: training, progressDirectory: folder)
        let resumedSteps = Recorder()
        let resumed = try Self.model()
        let history = try second.train(resumed, batch: Self.batch(step:), validate: Self.validate,
                                       callbacks: [resumedSteps])
        #expect(resumedSteps.startStep == savedStep)
        #expect(resumedSteps.rates.keys.sorted() == Array(savedStep..<6))
        #expect(resumedSteps.rates.allSatisfy { straightSteps.rates[$0.key] == $0.value })
        let figures = { (history: TrainingHistory) in
            history.epochs.map { [Double($0.epoch), $0.trainLoss, $0.trainAccuracy, $0.validationLoss,
                                  $0.validationAccuracy, $0.learningRate] }
        }
        #expect(figures(history) == figures(expected))
        for (a, b) in zip(resumed.parameters, straight.parameters) {
            #expect(a.value == b.value, "\(a.key) differs after resuming")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["step-0000006"])
    }

    /// A fixed run's history, pinned bit for bit: the figures of the whole-network trainer
    /// before it shared its loop with the head trainer.
    @Test func aFixedRunGivesItsPinnedHistory() throws {
        let history = try WholeNetworkTrainer(training: try Self.training(steps: 6))
            .train(try Self.model(), batch: Self.batch(step:), validate: Self.validate)
        let rows = history.epochs.map {
            [$0.trainLoss, $0.trainAccuracy, $0.validationLoss, $0.validationAccuracy, $0.learningRate]
        }
        #expect(rows == [[0.6931471805599453, 0.5625, 0.6910553036166589, 0.75, 0.05],
                         [0.6933231836058857, 0.5, 0.6746259269392297, 0.5625, 0.05],
                         [0.6790320174707521, 0.5625, 0.657920521466379, 0.5625, 0.05]], "\(rows)")
    }

    @Test func aDamagedSnapshotIsAnErrorNamingIt() throws {
        let folder = SharedFixtures.temporaryDirectory("whole-network-damaged")
        let snapshot = folder.appendingPathComponent("step-0000002")
        try FileManager.default.createDirectory(at: snapshot, withIntermediateDirectories: true)
        try Data("not json".utf8).write(to: snapshot.appendingPathComponent("progress.json"))
        let trainer = WholeNetworkTrainer(training: try Self.training(steps: 6), progressDirectory: folder)
        do {
            _ = try trainer.train(try Self.model(), batch: Self.batch(step:), validate: Self.validate)
            Issue.record("a damaged snapshot was accepted")
        } catch let error as TrainingError {
            #expect("\(error)".contains(snapshot.path))
        }
    }

    @Test func invalidSettingsAreRejectedBeforeAnyStep() throws {
        var training = try Self.training(steps: 6)
        training.momentum = 1
        let trainer = WholeNetworkTrainer(training: training)
        let recorder = Recorder()
        #expect(throws: TrainingError.self) {
            try trainer.train(try Self.model(), batch: Self.batch(step:), validate: Self.validate, callbacks: [recorder])
        }
        #expect(recorder.rates.isEmpty)
    }
}
