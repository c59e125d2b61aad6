import Foundation
import LessonKit
import Plotting
import Tensors
import Training

/// Cells 7-9: train, plot-history, evaluate.
enum TrainingCells {
    static let train = CellImplementation(name: "train", version: "1") { context in
        let features = try LessonFeatures(context: context)
        let batchSize = try context.int("batch_size"), stepsPerEpoch = try context.int("steps_per_epoch")
        let faithful = try featureMode(context) == "faithful"
        var configuration = TrainingConfiguration(schedule: try PiecewiseConstantSchedule.tenfoldDecay(
            base: try context.double("learning_rate"), boundaries: try context.ints("schedule_boundaries")))
        configuration.batchSize = batchSize
        configuration.stepsPerEpoch = stepsPerEpoch
        configuration.epochs = max(1, try context.int("schedule_length") / max(1, stepsPerEpoch))
        configuration.momentum = Float(try context.double("momentum"))
        configuration.earlyStoppingPatience = try context.int("patience")
        configuration.seed = features.seed
        configuration.featureViews = try context.int("feature_views")

        let dataset = features.dataset
        let trainStore = try features.store("train"), validationStore = try features.store("validation")
        if !faithful {
            // Validation images and the first view of every training image are always needed:
            // compute them up front, with progress bars; later views are computed when first drawn.
            try features.fill(validationStore, items: items(dataset.validationIndices.count, view: 0),
                              label: "validation features", context: context,
                              compute: features.validationFeatures)
            try features.fill(trainStore, items: items(dataset.trainIndices.count, view: 0),
                              label: "training features (view 1)", context: context,
                              compute: features.trainFeatures)
        }
        let trainSource = FeatureSource(mode: faithful ? .faithful : .cached(trainStore), computeBatchSize: LessonFeatures.backboneBatch,
                                        compute: features.trainFeatures)
        let validationSource = FeatureSource(mode: faithful ? .faithful : .cached(validationStore),
                                             computeBatchSize: LessonFeatures.backboneBatch,
                                             compute: features.validationFeatures)
        let logger = ClosureCallback(onEpoch: { metrics in
            context.log(String(format: "epoch %3d  loss %.4f  accuracy %.4f  val_loss %.4f  val_accuracy %.4f  lr %.6g",
                               metrics.epoch, metrics.trainLoss, metrics.trainAccuracy, metrics.validationLoss,
                               metrics.validationAccuracy, metrics.learningRate))
        })
        let cancellation = ClosureCallback(onBatch: { _ in try? context.checkCancellation() })
        let start = Date()
        let trainLabels = dataset.trainIndices.map { dataset.labels[$0] }
        let validationLabels = dataset.validationIndices.map { dataset.labels[$0] }
        let result = try TransferTrainer(configuration: configuration).train(
            trainLabels: trainLabels, validationLabels: validationLabels, classCount: dataset.classNames.count,
            trainFeatures: trainSource, validationFeatures: validationSource, callbacks: [logger, cancellation])
        try context.checkCancellation()
        let seconds = Date().timeIntervalSince(start)

        try result.head.save(to: context.stateDirectory.appendingPathComponent(TrainingState.headFileName))
        try HistoryCSV.write(result.history, restoredEpoch: result.restoredEpoch,
                             to: context.stateDirectory.appendingPathComponent(TrainingState.historyFileName))
        try context.publish(file: context.stateDirectory.appendingPathComponent(TrainingState.historyFileName),
                            as: "history.csv")
        let state = TrainingState(restoredEpoch: result.restoredEpoch, stoppedEpoch: result.stoppedEpoch,
                                  steps: result.steps, featureStoreKey: features.storeKey,
                                  trainFeatureHits: result.trainFeatureCounts.hits,
                                  trainFeatureMisses: result.trainFeatureCounts.misses, seconds: seconds)
        try StateFile.write(state, to: context.stateDirectory.appendingPathComponent(TrainingState.fileName))
        report(result, state: state, faithful: faithful, context: context)
    }

    private static func featureMode(_ context: CellContext) throws -> String {
        let mode = try context.string("feature_mode")
        guard mode == "cached" || mode == "faithful" else {
            throw LessonStateError.invalidSetting("feature_mode is \"\(mode)\": use --set feature_mode=cached "
                                                  + "(train on cached backbone features) or feature_mode=faithful.")
        }
        return mode
    }

    private static func items(_ count: Int, view: Int) -> [FeatureItem] {
        (0..<count).map { FeatureItem(image: $0, view: view) }
    }

    private static func report(_ result: TrainingResult, state: TrainingState, faithful: Bool, context: CellContext) {
        let best = result.history.first { $0.epoch == result.restoredEpoch } ?? result.history.last
        context.fact("epochs", "\(result.history.count) (\(result.steps) steps)")
        if let best { context.fact("best val_accuracy", String(format: "%.2f%% (epoch %d)", best.validationAccuracy * 100, best.epoch)) }
        context.fact("restored epoch", result.restoredEpoch.map(String.init) ?? "none (last epoch kept)")
        context.fact("backbone passes during training", faithful ? "every batch (faithful mode)"
                     : "\(state.trainFeatureMisses) new views, \(state.trainFeatureHits) cached")
        context.fact("time", String(format: "%.1f s", state.seconds))
        context.summary.table(
            headers: ["epoch", "loss", "accuracy", "val_loss", "val_accuracy", "learning rate"],
            rows: result.history.map { row in
                [row.epoch == result.restoredEpoch ? "**\(row.epoch)** (restored)" : "\(row.epoch)",
                 String(format: "%.4f", row.trainLoss), String(format: "%.4f", row.trainAccuracy),
                 String(format: "%.4f", row.validationLoss), String(format: "%.4f", row.validationAccuracy),
                 String(format: "%.6g", row.learningRate)]
            })
        let stop = result.stoppedEpoch.map { "Early stopping ended training after epoch \($0)" }
            ?? "Training ran every epoch of the schedule"
        context.summary.paragraph("\(stop); the head of epoch \(result.restoredEpoch.map(String.init) ?? "\(result.history.count)") "
                                  + "is kept. The whole history is in [history.csv](history.csv).")
    }

    static let plotHistory = CellImplementation(name: "plot-history", version: "1") { context in
        let text = try String(contentsOf: try context.upstreamState("train")
            .appendingPathComponent(TrainingState.historyFileName), encoding: .utf8)
        let (rows, restored) = try HistoryCSV.parse(text)
        let curves = TrainingCurves(trainAccuracy: rows.map(\.trainAccuracy),
                                    validationAccuracy: rows.map(\.validationAccuracy),
                                    trainLoss: rows.map(\.trainLoss), validationLoss: rows.map(\.validationLoss),
                                    bestEpoch: restored)
        try Figure.trainingHistory(curves).writePNG(to: context.outputURL(named: "04-history.png"))
        context.summary.image(path: "04-history.png", alt: "loss and accuracy per epoch")
        context.fact("figure", "04-history.png")
    }
}
