import Tensors
import Testing
import Training

/// A model whose weights are one number, set by the test: the weights of epoch e are e, so the
/// restored weights tell which epoch came back.
final class ScriptedModel: WeightsRestoring {
    var weights: Float = 0
    func trainStep(_ step: Int, learningRate: Double) throws -> StepResult {
        StepResult(examples: 1, loss: 0, correct: 0)
    }
    func validate() throws -> ValidationResult { ValidationResult(loss: 0, accuracy: 0) }
}

/// Early stopping driven by scripted `val_accuracy` sequences.
@Suite struct EarlyStoppingTests {
    struct Outcome: Equatable {
        var epochsRun: Int
        var stoppedEpoch: Int?
        var restoredEpoch: Int?
        var finalBias: Float
    }

    func run(_ accuracies: [Double], patience: Int = 2, restore: Bool = true) -> Outcome {
        let callback = EarlyStopping(monitor: .validationAccuracy, patience: patience, restoreBestWeights: restore)
        let model = ScriptedModel()
        let context = TrainingContext(model: model, steps: accuracies.count)
        callback.trainingWillBegin(context)
        var epochsRun = 0
        for (index, accuracy) in accuracies.enumerated() {
            let epoch = index + 1
            model.weights = Float(epoch)
            epochsRun = epoch
            callback.epochDidEnd(EpochMetrics(epoch: epoch, trainLoss: 0, trainAccuracy: 0, validationLoss: 0,
                                              validationAccuracy: accuracy, learningRate: 0, wallTime: 0),
                                 context: context)
            if context.stopTraining { break }
        }
        callback.trainingDidEnd(context)
        return Outcome(epochsRun: epochsRun, stoppedEpoch: context.history.stoppedEpoch,
                       restoredEpoch: context.history.restoredEpoch, finalBias: model.weights)
    }

    @Test func plateauStopsAfterPatienceEpochsAndRestoresTheBest() {
        #expect(run([0.5, 0.6, 0.55, 0.58, 0.9]) ==
                Outcome(epochsRun: 4, stoppedEpoch: 4, restoredEpoch: 2, finalBias: 2))
    }

    @Test func aTieIsNotAnImprovement() {
        // Epochs 3 and 4 equal the best (0.6): no improvement, so stop at 4 and keep epoch 2.
        #expect(run([0.5, 0.6, 0.6, 0.6, 0.7]) ==
                Outcome(epochsRun: 4, stoppedEpoch: 4, restoredEpoch: 2, finalBias: 2))
    }

    @Test func improvingAgainResetsThePatience() {
        // Improve, plateau one epoch, improve at 4, tie at 5, worse at 6: stop at 6, restore 4.
        #expect(run([0.5, 0.7, 0.6, 0.8, 0.8, 0.75, 0.99]) ==
                Outcome(epochsRun: 6, stoppedEpoch: 6, restoredEpoch: 4, finalBias: 4))
    }

    @Test func trainingThatEndsWithoutStoppingStillRestoresTheBest() {
        // Keras 3 restores the best weights at the end of training even when it never stopped early.
        #expect(run([0.5, 0.9, 0.4]) == Outcome(epochsRun: 3, stoppedEpoch: nil, restoredEpoch: 2, finalBias: 2))
        #expect(run([0.1, 0.2, 0.3]) == Outcome(epochsRun: 3, stoppedEpoch: nil, restoredEpoch: 3, finalBias: 3))
    }

    @Test func withoutRestoringTheLastWeightsStay() {
        #expect(run([0.5, 0.6, 0.6, 0.6], restore: false) ==
                Outcome(epochsRun: 4, stoppedEpoch: 4, restoredEpoch: nil, finalBias: 4))
    }

    @Test func lossesMustFall() {
        let callback = EarlyStopping(monitor: .validationLoss, patience: 1)
        let model = ScriptedModel()
        let context = TrainingContext(model: model, steps: 3)
        callback.trainingWillBegin(context)
        for (index, loss) in [1.0, 0.5, 0.7].enumerated() {
            model.weights = Float(index + 1)
            callback.epochDidEnd(EpochMetrics(epoch: index + 1, trainLoss: 0, trainAccuracy: 0, validationLoss: loss,
                                              validationAccuracy: 0, learningRate: 0, wallTime: 0), context: context)
        }
        #expect(context.stopTraining && context.history.stoppedEpoch == 3)
        callback.trainingDidEnd(context)
        #expect(model.weights == 2)
    }
}
