/// Ready-made configurations: the Keras lesson's, and the BiT-HyperRule alternative.
public extension TrainingConfiguration {
    /// The Keras example's settings: batch 64, 10 steps per epoch, SCHEDULE_LENGTH 500 so
    /// 500 / 10 = 50 epochs, learning rate 0.003 · 64 / 512 decayed ten-fold after steps
    /// 200, 300 and 400, SGD momentum 0.9, early stopping on `val_accuracy` with patience 2.
    ///
    /// - Parameters:
    ///   - learningRate: the initial rate; nil keeps the lesson's 0.003 · batch / 512.
    ///   - featureViews: K, the augmented views cached per training image (see `featureViews`).
    static func kerasLesson(learningRate: Double? = nil, batchSize: Int = 64, seed: UInt64 = 0,
                            featureViews: Int = 2) throws -> TrainingConfiguration {
        let scheduleLength = 500, stepsPerEpoch = 10
        let base = learningRate ?? 0.003 * Double(batchSize) / 512
        var configuration = TrainingConfiguration(
            schedule: try PiecewiseConstantSchedule.tenfoldDecay(base: base, boundaries: [200, 300, 400]))
        configuration.batchSize = batchSize
        configuration.stepsPerEpoch = stepsPerEpoch
        configuration.epochs = scheduleLength / stepsPerEpoch
        configuration.seed = seed
        configuration.featureViews = featureViews
        return configuration
    }

    /// The BiT-HyperRule for a training set of `datasetSize` images: warm-up and decays at the
    /// rule's supports, as many epochs as its length needs, MixUp α 0.1 from 20,000 images.
    /// The base rate 0.003 is BiT's for batch 512, scaled linearly to `batchSize` as the lesson does.
    /// Early stopping stays as in the lesson (patience 2); set `earlyStoppingPatience` to nil for the pure rule.
    static func bitHyperRule(datasetSize: Int, batchSize: Int = 64, seed: UInt64 = 0,
                             featureViews: Int = 2) -> TrainingConfiguration {
        let rule = BiTHyperRuleSchedule(datasetSize: datasetSize, baseLearningRate: 0.003 * Double(batchSize) / 512)
        var configuration = TrainingConfiguration(schedule: rule)
        configuration.batchSize = batchSize
        configuration.stepsPerEpoch = 10
        configuration.epochs = rule.totalSteps / configuration.stepsPerEpoch
        configuration.mixUpAlpha = BiTHyperRuleSchedule.mixUpAlpha(datasetSize: datasetSize)
        configuration.seed = seed
        configuration.featureViews = featureViews
        return configuration
    }
}
