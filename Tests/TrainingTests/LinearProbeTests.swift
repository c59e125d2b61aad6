import Foundation
import Tensors
import Testing
import Training

/// The linear probe: fixed-length head training, scored on held-out rows only.
@Suite struct LinearProbeTests {
    func configuration(steps: Int = 100) -> TrainingConfiguration {
        var configuration = TrainingConfiguration(schedule: ConstantSchedule(0.05))
        configuration.batchSize = 16
        configuration.stepsPerEpoch = 10
        configuration.epochs = steps / 10
        configuration.earlyStoppingPatience = nil
        configuration.seed = 3
        return configuration
    }

    /// Features of `labels`: the class's coordinate at 3 plus uniform noise in ±`noise`, width `width`.
    func features(_ labels: [Int], width: Int = 6, noise: Float = 0.5, seed: UInt64 = 9) -> Tensor {
        var generator = SeededGenerator(seed: seed)
        var scalars: [Float] = []
        for label in labels {
            for column in 0..<width {
                scalars.append((column == label ? 3 : 0) + noise * (2 * generator.nextFloat() - 1))
            }
        }
        return Tensor(shape: [labels.count, width], scalars: scalars)
    }

    @Test func separableFeaturesAreClassifiedPerfectlyOnTheHeldOutRows() throws {
        let labels = cyclicLabels(count: 60, classes: 3)
        let probe = try LinearProbe(configuration: configuration(), standardizesFeatures: true)
        let result = try probe.run(features: features(labels), labels: labels, classCount: 3,
                                   train: Array(0..<45), heldOut: Array(45..<60))
        #expect(result.correct == 15 && result.heldOut == 15 && result.accuracy == 1)
        #expect(result.steps == 100)
        #expect(result.loss < 0.2)
        #expect(result.trainAccuracy == 1)
    }

    @Test func theHeldOutRowsDoNotTrainTheHead() throws {
        // The held-out rows carry the opposite labelling of the same features: a head trained on the
        // training rows gets every one wrong, so they cannot have taken part in training.
        let labels = cyclicLabels(count: 60, classes: 2)
        var flipped = labels
        for row in 45..<60 { flipped[row] = 1 - labels[row] }
        let probe = try LinearProbe(configuration: configuration(), standardizesFeatures: false)
        let result = try probe.run(features: features(labels, width: 2), labels: flipped, classCount: 2,
                                   train: Array(0..<45), heldOut: Array(45..<60))
        #expect(result.correct == 0)
    }

    @Test func earlyStoppingAndOverlappingRowsAreRefused() throws {
        var stopping = configuration()
        stopping.earlyStoppingPatience = 2
        let refused = #expect(throws: TrainingError.self) {
            try LinearProbe(configuration: stopping, standardizesFeatures: true)
        }
        #expect(refused?.description.contains("early stopping would choose the head by the held-out examples") == true)
        let labels = cyclicLabels(count: 10, classes: 2)
        let probe = try LinearProbe(configuration: configuration(steps: 10), standardizesFeatures: true)
        #expect(throws: TrainingError.invalidConfiguration("a probe's held-out rows must not be training rows")) {
            try probe.run(features: features(labels, width: 2), labels: labels, classCount: 2, train: [0, 1, 2],
                          heldOut: [2, 3])
        }
        #expect(throws: TrainingError.self) {
            try probe.run(features: features(labels, width: 2), labels: labels, classCount: 2, train: [0], heldOut: [])
        }
    }
}
