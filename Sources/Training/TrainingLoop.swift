import Foundation

/// One optimizer step's figures, taken before the update (as Keras' train step reports them).
public struct StepResult: Sendable {
    /// The examples in the step's batch.
    public var examples: Int
    /// The batch's mean loss.
    public var loss: Double
    /// The examples whose largest logit is at their label.
    public var correct: Int

    public init(examples: Int, loss: Double, correct: Int) {
        self.examples = examples
        self.loss = loss
        self.correct = correct
    }
}

/// The mean loss and the accuracy on the validation examples.
public struct ValidationResult: Sendable {
    public var loss: Double
    public var accuracy: Double

    public init(loss: Double, accuracy: Double) {
        self.loss = loss
        self.accuracy = accuracy
    }
}

/// What the training loop trains (a head on features, a whole network): the loop chooses each
/// step's learning rate, the model draws the step's batch and updates itself.
public protocol TrainingModel: AnyObject {
    /// One optimizer step on the batch of `step` (0-based) at `learningRate`.
    func trainStep(_ step: Int, learningRate: Double) throws -> StepResult
    /// The model on the validation examples.
    func validate() throws -> ValidationResult
}

/// A model whose weights a callback can set aside and put back (early stopping's
/// `restore_best_weights`).
public protocol WeightsRestoring: TrainingModel {
    associatedtype Weights
    var weights: Weights { get set }
}

/// Where a run starts: step 0 with no history, or the step and epochs of saved progress.
public struct TrainingProgress: Sendable {
    /// Optimizer steps already taken.
    public var step: Int
    /// The epochs already finished.
    public var epochs: [EpochMetrics]

    public init(step: Int = 0, epochs: [EpochMetrics] = []) {
        self.step = step
        self.epochs = epochs
    }
}

/// The training loop of the head and of the whole network: `steps` optimizer steps, each at the
/// schedule's learning rate for that step, in epochs of `stepsPerEpoch` (the last one possibly
/// shorter), each epoch ending with a validation pass and a row of the history. Callbacks see
/// every step and epoch and may stop training at the end of an epoch.
public struct TrainingLoop {
    /// Optimizer steps in all.
    public var steps: Int
    /// Steps between two validations.
    public var stepsPerEpoch: Int
    /// The learning rate of each step.
    public var schedule: any LearningRateSchedule

    public init(steps: Int, stepsPerEpoch: Int, schedule: any LearningRateSchedule) {
        self.steps = steps
        self.stepsPerEpoch = stepsPerEpoch
        self.schedule = schedule
    }

    /// The number of epochs of a whole run.
    public var epochs: Int { (steps + stepsPerEpoch - 1) / max(1, stepsPerEpoch) }

    /// Trains `model` from `start` to the last step (or until a callback stops it).
    /// `checkCancellation` is called before every step and validation; what it throws, or what
    /// a callback throws, ends training at once.
    public func run(_ model: any TrainingModel, from start: TrainingProgress = TrainingProgress(),
                    callbacks: [TrainingCallback] = [],
                    checkCancellation: () throws -> Void = {}) throws -> TrainingHistory {
        guard steps > 0, stepsPerEpoch > 0 else {
            throw TrainingError.invalidConfiguration("train for a positive number of steps (\(steps)) "
                                                     + "in epochs of a positive number of steps (\(stepsPerEpoch))")
        }
        let context = TrainingContext(model: model, steps: steps, start: start)
        for callback in callbacks { callback.trainingWillBegin(context) }
        let clock = Date(), elapsedBefore = start.epochs.last?.wallTime ?? 0
        while context.step < steps && !context.stopTraining {
            let epoch = context.history.epochs.count + 1
            let epochStart = (epoch - 1) * stepsPerEpoch, epochEnd = min(steps, epoch * stepsPerEpoch)
            var lossSum = 0.0, correct = 0, seen = 0, learningRate = 0.0
            while context.step < epochEnd {
                try checkCancellation()
                let step = context.step
                learningRate = schedule.learningRate(at: step)
                let result = try model.trainStep(step, learningRate: learningRate)
                lossSum += result.loss * Double(result.examples)
                correct += result.correct
                seen += result.examples
                context.step = step + 1
                let event = BatchEnd(epoch: epoch, batch: step - epochStart + 1, step: step, loss: result.loss,
                                     accuracy: Double(result.correct) / Double(max(1, result.examples)),
                                     learningRate: learningRate)
                for callback in callbacks { try callback.batchDidEnd(event, context: context) }
            }
            try checkCancellation()
            let validation = try model.validate()
            let metrics = EpochMetrics(epoch: epoch, trainLoss: lossSum / Double(max(1, seen)),
                                       trainAccuracy: Double(correct) / Double(max(1, seen)),
                                       validationLoss: validation.loss, validationAccuracy: validation.accuracy,
                                       learningRate: learningRate,
                                       wallTime: elapsedBefore + Date().timeIntervalSince(clock))
            context.history.epochs.append(metrics)
            for callback in callbacks { try callback.epochDidEnd(metrics, context: context) }
        }
        for callback in callbacks { callback.trainingDidEnd(context) }
        return context.history
    }
}
