import Foundation
import LessonKit
import Training

/// The Keras lesson's `model.compile(optimizer=SGD(lr_schedule, momentum), loss=...)` and
/// `model.fit(..., callbacks=[EarlyStopping(...)])`: how the train and random-backbone cells
/// train a zero-initialised head on a backbone's features.
struct HeadFit {
    var batchSize: Int
    var stepsPerEpoch: Int
    var scheduleLength: Int
    var schedule: PiecewiseConstantSchedule
    var momentum: Double
    var patience: Int
    var featureViews: Int
    var featureMode: FeatureMode
    var standardizeFeatures: Bool

    /// `SCHEDULE_LENGTH / STEPS_PER_EPOCH` epochs, as the Keras lesson computes them.
    var epochs: Int { scheduleLength / stepsPerEpoch }

    /// The trainer's configuration, seeded like the pipeline's views.
    func configuration(seed: UInt64) -> TrainingConfiguration {
        var configuration = TrainingConfiguration(schedule: schedule)
        configuration.batchSize = batchSize
        configuration.stepsPerEpoch = stepsPerEpoch
        configuration.epochs = epochs
        configuration.momentum = Float(momentum)
        configuration.earlyStoppingPatience = patience
        configuration.seed = seed
        configuration.featureViews = featureViews
        return configuration
    }

    /// What the schedule did in a run of `steps` steps, in words: Keras' `PiecewiseConstantDecay`
    /// gives step s (counted from 0) the rate after the boundaries s has passed, so a boundary b
    /// lowers the rate from step b + 1 on.
    func scheduleStory(steps: Int) -> String {
        let rate = { (value: Double) in String(format: "%g", value) }
        let decays = schedule.boundaries.filter { $0 + 1 < steps }
        guard !decays.isEmpty else {
            guard let first = schedule.boundaries.first else {
                return "This run has no boundary: all its \(Format.grouped(steps)) steps ran at \(rate(schedule.values[0]))."
            }
            return "This run trained for \(Format.grouped(steps)) steps and stopped before the first boundary (step "
                + "\(Format.grouped(first))), so every step ran at \(rate(schedule.values[0])): its learning rate never decayed."
        }
        let parts = decays.map { boundary in
            "after step \(Format.grouped(boundary)) (in epoch \((boundary + 1) / stepsPerEpoch + 1)) to "
                + rate(schedule.learningRate(at: boundary + 1))
        }
        let list = parts.count == 1 ? parts[0] : parts.dropLast().joined(separator: ", ") + " and " + parts.last!
        return "This run trained for \(Format.grouped(steps)) steps, and its learning rate was divided by 10 \(list)."
    }

    /// The rules only the data can decide: a batch larger than the training split repeats images
    /// within one step and costs memory for nothing; a schedule shorter than one epoch trains none.
    func check(trainingImages: Int) throws {
        if batchSize > trainingImages {
            throw LessonStateError.invalidSetting(
                "parameter batch_size = \(batchSize) is out of range: it must be 1 ... \(trainingImages) (the training "
                + "images). Choose a value in range, for example --set batch_size=\(trainingImages).")
        }
        if scheduleLength < stepsPerEpoch {
            throw LessonStateError.invalidSetting(
                "parameter schedule_length = \(scheduleLength) is shorter than one epoch (steps_per_epoch = "
                + "\(stepsPerEpoch)), so no epoch would run. Choose --set schedule_length=\(stepsPerEpoch) or more, "
                + "or a smaller steps_per_epoch.")
        }
    }

    /// Trains `head` (zeros) on `features`.
    func run(_ head: HeadWeights, on features: LessonFeatures, context: CellContext) throws -> TrainedHead {
        let dataset = features.dataset, faithful = featureMode == .faithful
        let trainStore = try features.store("train"), validationStore = try features.store("validation")
        let firstViews = { (count: Int) in (0..<count).map { FeatureItem(image: $0, view: 0) } }
        if !faithful {
            // Validation images and the first view of every training image are always needed:
            // compute them up front, with progress bars; later views are computed when first drawn.
            try features.fill(validationStore, items: firstViews(dataset.validationIndices.count),
                              label: "validation features", context: context, compute: features.validationFeatures)
            try features.fill(trainStore, items: firstViews(dataset.trainIndices.count),
                              label: "training features (view 1)", context: context, compute: features.trainFeatures)
        }
        let source = { (store: FeatureStore, compute: @escaping FeatureSource.Compute) in
            FeatureSource(mode: faithful ? .faithful : .cached(store), computeBatchSize: LessonFeatures.backboneBatch,
                          compute: compute)
        }
        let trainSource = source(trainStore, features.trainFeatures)
        let validationSource = source(validationStore, features.validationFeatures)
        let standardization = standardizeFeatures
            ? try FeatureStandardization(features: source(trainStore, features.trainFeatures)
                .features(for: firstViews(dataset.trainIndices.count)))
            : nil
        if let standardization {
            trainSource.transform = standardization.apply
            validationSource.transform = standardization.apply
        }
        let logger = ClosureCallback(onEpoch: { metrics in
            context.log(metrics.logLine)
        })
        let start = Date()
        var result = try TransferTrainer(configuration: configuration(seed: features.seed)).train(
            trainLabels: dataset.trainIndices.map { dataset.labels[$0] },
            validationLabels: dataset.validationIndices.map { dataset.labels[$0] }, classCount: head.classCount,
            trainFeatures: trainSource, validationFeatures: validationSource, callbacks: [logger],
            checkCancellation: context.checkCancellation)
        try context.checkCancellation()
        let seconds = Date().timeIntervalSince(start)
        // The head learned on standardized features, folded into one on the backbone's own.
        if let standardization { result.head = try standardization.fold(into: result.head) }
        return TrainedHead(result, faithful: faithful, seconds: seconds, featureStore: features.storeKey,
                           scheduleStory: scheduleStory(steps: result.steps))
    }
}
