import Foundation
import LessonKit
import Training

/// Cell 7. The Keras lesson's
/// `model.compile(optimizer=keras.optimizers.SGD(learning_rate=lr_schedule, momentum=0.9), loss=...)`
/// and `history = model.fit(train_ds, validation_data=val_ds, epochs=..., steps_per_epoch=..., callbacks=...)`.
struct Train: Cell {
    @Parameter var batchSize: Int
    @Parameter var stepsPerEpoch: Int
    @Parameter var scheduleLength: Int
    @Parameter var scheduleBoundaries: [Int]
    @Parameter var learningRate: Double
    @Parameter var momentum: Double
    @Parameter var patience: Int
    @Parameter var featureMode: FeatureMode
    @Parameter var featureViews: Int
    @Parameter var standardizeFeatures: Bool
    @Upstream var dataset: Dataset
    @Upstream var pipeline: Pipeline
    @Upstream var head: NewHead
    @Input var data: ResolvedInput
    @Input var weights: ResolvedInput

    /// `model.compile(...)`: the optimizer, its schedule and the loop's settings.
    func compile() throws -> HeadFit {
        let schedule = try PiecewiseConstantSchedule.tenfoldDecay(base: learningRate, boundaries: scheduleBoundaries)
        return HeadFit(batchSize: batchSize, stepsPerEpoch: stepsPerEpoch, scheduleLength: scheduleLength,
                       schedule: schedule, momentum: momentum, patience: patience, featureViews: featureViews,
                       featureMode: featureMode, standardizeFeatures: standardizeFeatures)
    }

    func run(_ context: CellContext) throws -> TrainedHead {
        let fit = try compile()
        try fit.check(trainingImages: dataset.trainImages)
        let features = try LessonFeatures(dataset: dataset, pipeline: pipeline, data: data, weights: weights,
                                          context: context)
        let trained = try fit.run(head.head, on: features, context: context)
        try trained.report(context)
        HyperRuleTables.schedule(trainingImages: dataset.trainImages, fit: fit, steps: trained.steps, context: context)
        if let warning = LearningCheck.warning(trained, dataset: dataset, fit: fit, data: data, weights: weights) {
            context.warn(warning)
        }
        return trained
    }
}

/// The trained head and how training went.
struct TrainedHead: Codable, Equatable {
    /// The head kept: the best epoch's when early stopping restored one.
    var head: HeadWeights
    var history: [EpochMetrics]
    var restoredEpoch: Int?
    var stoppedEpoch: Int?
    var steps: Int
    /// The epoch whose head is kept, and its validation accuracy.
    var keptEpoch: Int?
    var keptAccuracy: Double?
    var trainFeatureHits: Int
    var trainFeatureMisses: Int
    var faithful: Bool
    var seconds: Double
    /// The key of the stored backbone features it trained on.
    var featureStore: String
    /// What the learning-rate schedule did in this run, in words.
    var scheduleStory: String

    init(_ result: TrainingResult, faithful: Bool, seconds: Double, featureStore: String, scheduleStory: String) {
        head = HeadWeights(result.head)
        history = result.history.epochs
        restoredEpoch = result.history.restoredEpoch
        stoppedEpoch = result.history.stoppedEpoch
        steps = result.steps
        let kept = result.history.kept
        keptEpoch = kept?.epoch
        keptAccuracy = kept?.validationAccuracy
        trainFeatureHits = result.trainFeatureCounts.hits
        trainFeatureMisses = result.trainFeatureCounts.misses
        self.faithful = faithful
        self.seconds = seconds
        self.featureStore = featureStore
        self.scheduleStory = scheduleStory
    }

    /// The history with what early stopping did.
    var trainingHistory: TrainingHistory {
        TrainingHistory(epochs: history, restoredEpoch: restoredEpoch, stoppedEpoch: stoppedEpoch)
    }

    /// The kept epoch's row of the history.
    var kept: EpochMetrics? { trainingHistory.kept }

    /// The facts, the epoch table and `history.csv`.
    func report(_ context: CellContext) throws {
        try HistoryCSV.write(trainingHistory, to: context.outputURL(named: "history.csv"))
        context.fact("epochs", "\(history.count) (\(steps) steps)")
        if let kept {
            context.fact("best val_accuracy", String(format: "%.2f%% (epoch %d)", kept.validationAccuracy * 100, kept.epoch))
        }
        context.fact("restored epoch", restoredEpoch.map(String.init) ?? "none (last epoch kept)")
        context.fact("backbone passes during training", faithful ? "every batch (faithful mode)"
                     : "\(trainFeatureMisses) new views, \(trainFeatureHits) cached")
        context.fact("time", String(format: "%.1f s", seconds))
        context.summary.table(
            headers: ["epoch", "loss", "accuracy", "val_loss", "val_accuracy", "learning rate"],
            rows: history.map { row in
                [row.epoch == restoredEpoch ? "**\(row.epoch)** (restored)" : "\(row.epoch)",
                 String(format: "%.4f", row.trainLoss), String(format: "%.4f", row.trainAccuracy),
                 String(format: "%.4f", row.validationLoss), String(format: "%.4f", row.validationAccuracy),
                 String(format: "%.6g", row.learningRate)]
            })
        let stop = stoppedEpoch.map { "Early stopping ended training after epoch \($0)" }
            ?? "Training ran every epoch of the schedule"
        context.summary.paragraph("\(stop); the head of epoch \(restoredEpoch.map(String.init) ?? "\(history.count)") "
                                  + "is kept. The whole history is in [history.csv](history.csv).")
    }
}
