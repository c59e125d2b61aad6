import BiT
import Foundation
import LessonKit
import NetworkTraining
import NumPyIO
import Plotting
import SyntheticShapes
import Tensors
import Training

/// Cells 3-5: pretrain, plot-history, export.
enum PretrainCells {
    /// The checkpoint's name, here and in lesson 62's assets: a ResNet-v2 of 14 weight
    /// layers (root, 4 units x 3 convolutions, head) at half BiT-R50x1's width.
    static let checkpointName = "BiT-shapes-R14x0.5.npz"
    /// Where lesson 62 keeps the committed copy, relative to the lessons folder.
    static let committedCheckpoint = "62-big-transfer/assets/" + checkpointName
    static let weightsFile = "weights.npz"
    static let historyFile = "history.csv"

    static let pretrain = CellImplementation(name: "pretrain", version: "3") { context in
        let settings = try UpstreamSettings(context)
        let batches = try settings.batches()
        let model = try TrainableResNetV2(
            architecture: settings.architecture, headClasses: batches.classCount,
            parameters: settings.architecture.initialArrays(headClasses: batches.classCount, seed: settings.seed),
            source: "initial weights")
        // Progress lives outside the cell's state, keyed like it, so Ctrl-C keeps finished epochs.
        let progress = try context.sharedDirectory("pretraining").appendingPathComponent(context.key.short)
        let trainer = WholeNetworkTrainer(training: settings.training, progressDirectory: progress)
        let bar = context.progress(total: settings.training.steps, label: "steps")
        var resumedAt = 0
        trainer.onResume = { done in
            resumedAt = done
            context.log("resuming from the progress saved at step \(done) in \(progress.path)")
            try? bar.advance(by: done)
        }
        trainer.onStep = { _, _ in try bar.advance() }
        trainer.onEpoch = { m in
            context.log(m.logLine)
        }
        let history = try trainer.train(model, batch: { try batches.batch(step: $0) }, validate: { model in
            try NetworkEvaluation.measure(model, count: batches.validationCount, batchSize: settings.batchSize,
                                          batch: { range in
                                              try context.checkCancellation()
                                              return try batches.validationBatch(range)
                                          })
        })
        try NumPyArchive.write(model.parameterArrays(), to: context.stateDirectory.appendingPathComponent(weightsFile),
                               compressed: true)
        let historyURL = context.stateDirectory.appendingPathComponent(historyFile)
        try HistoryCSV.write(history, restoredEpoch: nil, to: historyURL)
        try context.publish(file: historyURL, as: "history.csv")
        report(history, settings: settings, validationImages: batches.validationCount, resumedAt: resumedAt,
               context: context)
        if let mixed = batches as? MixedBatches {
            let (shapes, leaves) = try mixed.evaluationByTask(model, batchSize: settings.batchSize) {
                try context.checkCancellation()
            }
            reportByTask(shapes: shapes, shapeImages: mixed.shapes.validationCount, leaves: leaves,
                         leafImages: mixed.leaves.validationCount, classes: batches.classCount, context: context)
        }
    }

    /// With both tasks: the final validation accuracy on each task's images alone.
    private static func reportByTask(shapes: NetworkEvaluation, shapeImages: Int, leaves: NetworkEvaluation,
                                     leafImages: Int, classes: Int, context: CellContext) {
        let percent = { (value: Double) in String(format: "%.2f%%", value * 100) }
        context.fact("validation by task", "shapes \(percent(shapes.accuracy)) of \(shapeImages.formatted()), "
                     + "dead leaves \(percent(leaves.accuracy)) of \(leafImages.formatted())")
        context.summary.paragraph("By task, the final network gets \(percent(shapes.accuracy)) of the "
            + "\(shapeImages.formatted()) shapes images right (loss \(String(format: "%.4f", shapes.loss))) and "
            + "\(percent(leaves.accuracy)) of the \(leafImages.formatted()) dead-leaves views (loss "
            + "\(String(format: "%.4f", leaves.loss))), both in the \(classes.formatted())-way head, where a shapes image "
            + "taken for a dead-leaves image counts as wrong. Training batches are half of each task, validation "
            + "is not, so the training and validation curves average the two tasks with different weights.")
    }

    private static func report(_ history: [EpochMetrics], settings: UpstreamSettings, validationImages: Int,
                               resumedAt: Int, context: CellContext) {
        guard let last = history.last else { return }
        let images = settings.training.steps * settings.batchSize
        let classes = settings.upstream.classCount
        context.fact("validation accuracy", String(format: "%.2f%% (%d classes, chance %.2g%%)",
                                                   last.validationAccuracy * 100, classes, 100.0 / Double(classes)))
        context.fact("images seen", images.formatted())
        context.fact("training time", (last.wallTime < 60 ? String(format: "%.1f s", last.wallTime)
                                       : String(format: "%.1f min", last.wallTime / 60))
                     + (resumedAt > 0 ? " (resumed at step \(resumedAt))" : ""))
        let shown = history.count <= 12 ? history
            : history.enumerated().filter { $0.offset % (history.count / 10) == 0 || $0.offset == history.count - 1 }
                .map(\.element)
        context.summary.table(
            headers: ["epoch", "step", "loss", "accuracy", "val_loss", "val_accuracy", "learning rate", "minutes"],
            rows: shown.map { row in
                ["\(row.epoch)", "\(min(settings.training.steps, row.epoch * settings.training.stepsPerEpoch))",
                 String(format: "%.4f", row.trainLoss), String(format: "%.4f", row.trainAccuracy),
                 String(format: "%.4f", row.validationLoss), String(format: "%.4f", row.validationAccuracy),
                 String(format: "%.4g", row.learningRate), String(format: "%.1f", row.wallTime / 60)]
            })
        let seen: String
        switch settings.upstream {
        case .shapes: seen = "\(images.formatted()) images, none seen twice"
        case .deadLeaves(let exemplars):
            seen = "\(images.formatted()) random views of \(exemplars.formatted()) dead-leaves images, "
                + String(format: "%.0f", Double(images) / Double(exemplars)) + " views of each on average"
        case .mixed(let exemplars):
            let shapeImages = settings.training.steps * MixedBatches.shapesPerBatch(settings.batchSize)
            let views = images - shapeImages
            seen = "\(shapeImages.formatted()) shapes images, none seen twice, and \(views.formatted()) random views of "
                + "\(exemplars.formatted()) dead-leaves images, "
                + String(format: "%.0f", Double(views) / Double(exemplars)) + " views of each on average"
        }
        context.summary.paragraph(String(
            format: "%d steps of %d images (%@) in %.1f minutes on %d cores; validation "
                + "accuracy %.2f%% on %d held-out images (chance %.2g%%). Every epoch is in [history.csv](history.csv).",
            settings.training.steps, settings.batchSize, seen, last.wallTime / 60,
            ProcessInfo.processInfo.activeProcessorCount, last.validationAccuracy * 100, validationImages,
            100.0 / Double(classes)))
    }

    static let plotHistory = CellImplementation(name: "plot-history", version: "1") { context in
        let text = try String(contentsOf: try context.upstreamState("pretrain").appendingPathComponent(historyFile),
                              encoding: .utf8)
        let (rows, _) = try HistoryCSV.parse(text)
        let curves = TrainingCurves(trainAccuracy: rows.map(\.trainAccuracy),
                                    validationAccuracy: rows.map(\.validationAccuracy),
                                    trainLoss: rows.map(\.trainLoss), validationLoss: rows.map(\.validationLoss),
                                    bestEpoch: nil)
        try Figure.trainingHistory(curves).writePNG(to: context.outputURL(named: "02-history.png"))
        context.summary.image(path: "02-history.png", alt: "pre-training loss and accuracy per epoch")
        context.fact("figure", "02-history.png")
    }

    /// Keyed on the committed checkpoint's contents (input `committed`), so replacing that file
    /// redoes the comparison instead of showing a stale one.
    static let export = CellImplementation(name: "export", version: "4") { context in
        let trained = try context.upstreamState("pretrain").appendingPathComponent(weightsFile)
        var arrays = try NumPyArchive.read(from: trained)
        if case .mixed(let exemplars) = try UpstreamData(context) {
            let shapes = UpstreamData.shapes.classCount
            arrays = try keepingFirstOutputs(shapes, of: arrays)
            context.summary.paragraph("The head keeps its \(shapes) shapes outputs only: the \(exemplars.formatted()) "
                + "dead-leaves outputs name images no one else has, and lesson 62 replaces the head anyway, so the "
                + "checkpoint stays the size of a shapes one.")
        }
        let output = try context.outputURL(named: checkpointName)
        try NumPyArchive.write(arrays, to: output, compressed: true)
        let bytes = (try FileManager.default.attributesOfItem(atPath: output.path)[.size] as? NSNumber)?.intValue ?? 0
        let comparison = try compare(arrays, withCommitted: try context.input("committed"))
        context.fact("checkpoint", "\(context.publishedPath(named: checkpointName)), "
                     + String(format: "%.2f MB", Double(bytes) / 1e6))
        context.fact("committed copy", comparison)
        context.summary.table(headers: ["", ""], rows: [
            ["file", "`\(checkpointName)` (\(String(format: "%.2f MB", Double(bytes) / 1e6)), \(arrays.count) arrays)"],
            ["layout", "official BiT keys, e.g. `\(BiTCheckpoint.rootKernelKey)`"],
            ["lesson 62's copy", comparison],
        ])
        context.summary.paragraph("To make this checkpoint lesson 62's embedded backbone, copy it over the "
            + "committed one: `cp \(context.publishedPath(named: checkpointName)) lessons/\(committedCheckpoint)`.")
    }

    /// The checkpoint with its head cut to its first `count` outputs (kernel [1, 1, features, classes], bias [classes]).
    static func keepingFirstOutputs(_ count: Int, of arrays: [String: Tensor]) throws -> [String: Tensor] {
        guard let kernel = arrays[BiTCheckpoint.headKernelKey], let bias = arrays[BiTCheckpoint.headBiasKey],
              kernel.shape.count == 4, kernel.shape[3] >= count, bias.shape == [kernel.shape[3]]
        else {
            throw UpstreamError.invalidSetting("the trained weights have no head of at least \(count) outputs to export")
        }
        let features = kernel.shape[2], classes = kernel.shape[3]
        var result = arrays
        result[BiTCheckpoint.headKernelKey] = Tensor(
            shape: [1, 1, features, count],
            scalars: (0..<features).flatMap { kernel.scalars[($0 * classes)..<($0 * classes + count)] })
        result[BiTCheckpoint.headBiasKey] = Tensor(shape: [count], scalars: Array(bias.scalars.prefix(count)))
        return result
    }

    /// How the new weights compare with the committed checkpoint, in words.
    static func compare(_ arrays: [String: Tensor], withCommitted url: URL) throws -> String {
        guard FileManager.default.fileExists(atPath: url.path) else { return "none at lessons/\(committedCheckpoint)" }
        switch compare(arrays, with: try NumPyArchive.read(from: url)) {
        case nil: return "identical to lessons/\(committedCheckpoint), array for array"
        case .some(.infinity): return "lessons/\(committedCheckpoint) has other arrays or shapes (another architecture)"
        case .some(let largest):
            return String(format: "differs from lessons/\(committedCheckpoint): largest difference %.3g", largest)
        }
    }

    /// nil when both hold the same arrays with the same values; else the largest absolute
    /// difference, infinite when the keys or shapes differ.
    static func compare(_ arrays: [String: Tensor], with other: [String: Tensor]) -> Float? {
        guard Set(other.keys) == Set(arrays.keys), arrays.allSatisfy({ other[$0.key]?.shape == $0.value.shape }) else {
            return .infinity
        }
        var largest: Float = 0
        for (key, tensor) in arrays {
            for (a, b) in zip(tensor.scalars, other[key]!.scalars) where a != b { largest = max(largest, abs(a - b)) }
        }
        let identical = arrays.allSatisfy { $0.value.scalars == other[$0.key]!.scalars }
        return identical ? nil : largest
    }
}
