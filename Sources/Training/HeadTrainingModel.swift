// Shape legend: N batch, D feature width, C classes.

import Tensors

/// The head as the training loop trains it: draws, forward, loss, backward, update; and the
/// validation pass over every validation image's view 0, in order.
final class HeadTrainingModel: WeightsRestoring {
    let configuration: TrainingConfiguration
    let trainLabels: [Int]
    let classCount: Int
    let trainFeatures: FeatureSource
    let validationLabels: [Int]
    let validationFeatures: FeatureSource
    let stream: TrainingStream
    var optimizer: SGD
    var mixUpGenerator: SeededGenerator
    /// The head, created at the first batch (when D is known).
    var head: DenseHead?
    /// Optimizer steps taken.
    var steps = 0

    init(configuration: TrainingConfiguration, trainLabels: [Int], classCount: Int, trainFeatures: FeatureSource,
         validationLabels: [Int], validationFeatures: FeatureSource) {
        self.configuration = configuration
        self.trainLabels = trainLabels
        self.classCount = classCount
        self.trainFeatures = trainFeatures
        self.validationLabels = validationLabels
        self.validationFeatures = validationFeatures
        stream = TrainingStream(imageCount: trainLabels.count, seed: configuration.seed)
        optimizer = SGD(momentum: configuration.momentum, nesterov: configuration.nesterov)
        // Stream 0x4D49_5855 ("MIXU") of the seed draws MixUp's λ and partners.
        mixUpGenerator = SeededGenerator.derived(seed: configuration.seed, stream: 0x4D49_5855)
    }

    var weights: DenseHead? {
        get { head }
        set { head = newValue }
    }

    /// One SGD step on the batch of `step`; the batch's loss and accuracy before the update.
    func trainStep(_ step: Int, learningRate: Double) throws -> StepResult {
        let draws = stream.batch(step, size: configuration.batchSize)
        let items = draws.map {
            FeatureItem(image: $0.image,
                        view: configuration.view(forAppearance: $0.appearance, faithful: trainFeatures.isFaithful))
        }
        let labels = draws.map { trainLabels[$0.image] }
        let features = try trainFeatures.features(for: items)
        var head = self.head ?? DenseHead(inputCount: features.shape[1], classCount: classCount)
        self.head = nil  // one owner while it is updated, so the update does not copy the weights
        let logits = try head.logits(features)
        // Accuracy on the unmixed batch, before the update (as Keras' train step computes it).
        let correct = ClassificationMetrics.correctCount(logits: logits.scalars, labels: labels)
        var inputs = features
        let loss: (loss: Double, gradient: [Float])
        if configuration.mixUpAlpha > 0 {
            let mixed = try MixUp(alpha: configuration.mixUpAlpha)
                .mix(features: features, labels: labels, classCount: classCount, using: &mixUpGenerator)
            inputs = mixed.features
            loss = SoftmaxCrossEntropy.lossAndGradient(logits: try head.logits(inputs).scalars,
                                                       targets: mixed.targets.scalars, rows: labels.count)
        } else {
            loss = SoftmaxCrossEntropy.lossAndGradient(logits: logits.scalars, labels: labels)
        }
        let gradients = try head.parameterGradients(features: inputs,
                                                    logitGradient: Tensor(shape: logits.shape, scalars: loss.gradient))
        optimizer.update(&head, gradients: gradients, learningRate: Float(learningRate))
        self.head = head
        steps += 1
        return StepResult(examples: labels.count, loss: loss.loss, correct: correct)
    }

    /// Mean loss and accuracy over the whole validation set.
    func validate() throws -> ValidationResult {
        guard let head else { throw TrainingError.invalidConfiguration("validation before the first batch") }
        let items = validationLabels.indices.map { FeatureItem(image: $0, view: 0) }
        let logits = try head.logits(validationFeatures.features(for: items))
        let loss = SoftmaxCrossEntropy.lossAndGradient(logits: logits.scalars, labels: validationLabels).loss
        return ValidationResult(loss: loss, accuracy: try ClassificationMetrics.accuracy(logits: logits, labels: validationLabels))
    }
}
