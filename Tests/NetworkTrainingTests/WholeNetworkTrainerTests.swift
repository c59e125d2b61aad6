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
            .train(model, batch: Self.batch(step:), validate: Self.validate)
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
            .train(trained, batch: Self.batch(step:), validate: Self.validate)
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

    @Test func anInterruptedRunResumesFromItsLastEpochAndEndsBitForBitAsAnUninterruptedOne() throws {
        let folder = SharedFixtures.temporaryDirectory("whole-network-resume")
        let straight = try Self.model()
        let expected = try WholeNetworkTrainer(training: try Self.training(steps: 6))
            .train(straight, batch: Self.batch(step:), validate: Self.validate)

        struct Interrupt: Error {}
        let first = WholeNetworkTrainer(training: try Self.training(steps: 6), progressDirectory: folder)
        first.onStep = { done, _ in if done == 3 { throw Interrupt() } }
        #expect(throws: Interrupt.self) {
            try first.train(try Self.model(), batch: Self.batch(step:), validate: Self.validate)
        }
        // Epoch 1 (steps 1-2) was saved; step 3's update was lost with the process.
        let saved = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(saved == ["step-0000002"])

        let second = WholeNetworkTrainer(training: try Self.training(steps: 6), progressDirectory: folder)
        var resumedAt: Int?
        second.onResume = { resumedAt = $0 }
        let resumed = try Self.model()
        let history = try second.train(resumed, batch: Self.batch(step:), validate: Self.validate)
        #expect(resumedAt == 2)
        #expect(history.count == 3)
        #expect(history.map(\.validationLoss) == expected.map(\.validationLoss))
        for (a, b) in zip(resumed.parameters, straight.parameters) {
            #expect(a.value == b.value, "\(a.key) differs after resuming")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["step-0000006"])
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
        var steps = 0
        trainer.onStep = { _, _ in steps += 1 }
        #expect(throws: TrainingError.self) {
            try trainer.train(try Self.model(), batch: Self.batch(step:), validate: Self.validate)
        }
        #expect(steps == 0)
    }
}
