import Foundation
import LessonKit
import Plotting
import Tensors
import Training

/// Cells 7-9: train, plot-history, evaluate.
enum TrainingCells {
    static let train = CellImplementation(name: "train", version: "3") { context in
        let features = try LessonFeatures(context: context)
        let run = try HeadTraining.run(features, context: context)
        let result = run.result
        try result.head.save(to: context.stateDirectory.appendingPathComponent(TrainingState.headFileName))
        try HistoryCSV.write(result.history, restoredEpoch: result.restoredEpoch,
                             to: context.stateDirectory.appendingPathComponent(TrainingState.historyFileName))
        try context.publish(file: context.stateDirectory.appendingPathComponent(TrainingState.historyFileName),
                            as: "history.csv")
        try StateFile.write(run.state, to: context.stateDirectory.appendingPathComponent(TrainingState.fileName))
        report(result, state: run.state, faithful: run.faithful, context: context)
        let best = result.keptEpoch
        try context.record("kept_epoch", best.map { "\($0.epoch)" } ?? "none")
        try context.record("kept_accuracy", best.map { String(format: "%.2f%%", $0.validationAccuracy * 100) } ?? "none")
        if let warning = try LearningCheck.warning(result, dataset: features.dataset, context: context) {
            context.warn(warning)
        }
    }

    static func items(_ count: Int, view: Int) -> [FeatureItem] {
        (0..<count).map { FeatureItem(image: $0, view: view) }
    }

    private static func report(_ result: TrainingResult, state: TrainingState, faithful: Bool, context: CellContext) {
        let best = result.keptEpoch
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
