import BiT
import Foundation
import LessonKit
import NetworkTraining
import NumPyIO
import Training

/// Cell 3: the whole network trained with SGD, warm-up and step decay, validated after every epoch.
struct Pretrain: Cell {
    @Parameter var seed: Int
    @Parameter var imageSize: Int
    @Parameter var upstream: UpstreamTask
    @Parameter var exemplars: Int
    @Parameter var batchSize: Int
    @Parameter var steps: Int
    @Parameter var stepsPerEpoch: Int
    @Parameter var learningRate: Double
    @Parameter var warmupSteps: Int
    @Parameter var decaySteps: [Int]
    @Parameter var momentum: Double
    @Parameter var weightDecay: Double
    @Parameter var validationPerClass: Int
    @Upstream var model: ModelDescription

    func run(_ context: CellContext) throws -> PretrainedNetwork {
        let batches = try self.batches()
        let network = try ResNetV2(
            parameters: model.architecture.initialArrays(headClasses: batches.classCount, seed: UInt64(seed)),
            architecture: model.architecture, headClasses: batches.classCount, source: "initial weights")
        // Progress lives outside the cell's state, keyed like it, so Ctrl-C keeps finished epochs.
        let progress = try context.sharedDirectory("pretraining").appendingPathComponent(context.key.short)
        let trainer = WholeNetworkTrainer(training: try training(), progressDirectory: progress)
        let resumed = Resumed()
        let history = try trainer.train(network, batch: { try batches.batch(step: $0) }, validate: { network in
            try NetworkEvaluation.measure(network, count: batches.validationCount, batchSize: batchSize, batch: { range in
                try context.checkCancellation()
                return try batches.validationBatch(range)
            })
        }, callbacks: [watch(resumed, progress: progress, context: context)])
        let weights = try context.storedFile("weights.npz")
        try NumPyArchive.write(network.parameterArrays(), to: weights.url, compressed: true)
        try HistoryCSV.write(history, to: context.outputURL(named: "history.csv"))
        let pretrained = PretrainedNetwork(model: model, weights: weights, history: history.epochs,
                                           validationImages: batches.validationCount, resumedAt: resumed.step)
        report(pretrained, context: context)
        if let mixed = batches as? MixedBatches {
            try reportByTask(mixed, network: network, context: context)
        }
        return pretrained
    }
}

/// The pre-trained network and how its training went.
struct PretrainedNetwork: Codable, Equatable {
    /// The network's shape (from build-model).
    var model: ModelDescription
    /// Its weights, head included, as `NumPyArchive` arrays under the official BiT names.
    var weights: StoredFile
    var history: [EpochMetrics]
    var validationImages: Int
    /// The step a resumed training went on from, 0 when it started afresh.
    var resumedAt: Int
}

extension Pretrain {
    var data: UpstreamData { UpstreamData(upstream, exemplars: exemplars) }

    /// The optimizer's settings: SGD with momentum and weight decay, BiT's warm-up and step decays.
    func training() throws -> WholeNetworkTraining {
        guard decaySteps.allSatisfy({ $0 > warmupSteps && $0 < steps }) else {
            throw UpstreamError.invalidSetting("every decay step \(decaySteps) must lie after warmup_steps "
                                               + "(\(warmupSteps)) and before steps (\(steps)).")
        }
        var training = WholeNetworkTraining(
            steps: steps, stepsPerEpoch: stepsPerEpoch,
            schedule: try BiTHyperRuleSchedule(baseLearningRate: learningRate,
                                               supports: [warmupSteps] + decaySteps + [steps]))
        training.momentum = Float(momentum)
        training.weightDecay = Float(weightDecay)
        return training
    }

    /// The upstream data as batches, each a pure function of the step.
    func batches() throws -> any UpstreamBatches {
        let seed = UInt64(seed)
        switch data {
        case .shapes:
            return try ShapeBatches(seed: seed, imageSize: imageSize, batchSize: batchSize,
                                    validationImagesPerClass: validationPerClass)
        case .deadLeaves(let exemplars):
            return try ExemplarBatches(seed: seed, imageSize: imageSize, batchSize: batchSize, exemplars: exemplars)
        case .mixed(let exemplars):
            return try MixedBatches(seed: seed, imageSize: imageSize, batchSize: batchSize,
                                    validationImagesPerClass: validationPerClass, exemplars: exemplars)
        }
    }

    /// The step a resumed training starts from (set by the trainer), as a reference the run reads after.
    final class Resumed { var step = 0 }

    /// Progress bar, resume notice (noting the step in `resumed`) and one log line per epoch.
    func watch(_ resumed: Resumed, progress: URL, context: CellContext) -> TrainingCallback {
        let bar = context.progress(total: steps, label: "steps")
        return ClosureCallback(onBegin: { run in
            guard run.startStep > 0 else { return }
            resumed.step = run.startStep
            context.log("resuming from the progress saved at step \(run.startStep) in \(progress.path)")
            try? bar.advance(by: run.startStep)
        }, onBatch: { _ in try bar.advance() }, onEpoch: { context.log($0.logLine) })
    }

    /// With both tasks: the final validation accuracy on each task's images alone.
    func reportByTask(_ mixed: MixedBatches, network: ResNetV2, context: CellContext) throws {
        let (shapes, leaves) = try mixed.evaluationByTask(network, batchSize: batchSize) { try context.checkCancellation() }
        let shapeImages = mixed.shapes.validationCount, leafImages = mixed.leaves.validationCount
        let percent = { (value: Double) in String(format: "%.2f%%", value * 100) }
        context.fact("validation by task", "shapes \(percent(shapes.accuracy)) of \(shapeImages.formatted()), "
                     + "dead leaves \(percent(leaves.accuracy)) of \(leafImages.formatted())")
        context.summary.paragraph("By task, the final network gets \(percent(shapes.accuracy)) of the "
            + "\(shapeImages.formatted()) shapes images right (loss \(String(format: "%.4f", shapes.loss))) and "
            + "\(percent(leaves.accuracy)) of the \(leafImages.formatted()) dead-leaves views (loss "
            + "\(String(format: "%.4f", leaves.loss))), both in the \(mixed.classCount.formatted())-way head, where a "
            + "shapes image taken for a dead-leaves image counts as wrong. Training batches are half of each task, "
            + "validation is not, so the training and validation curves average the two tasks with different weights.")
    }

    /// The facts, the table of epochs and the paragraph saying what was seen.
    func report(_ pretrained: PretrainedNetwork, context: CellContext) {
        let history = pretrained.history
        guard let last = history.last else { return }
        let images = steps * batchSize
        let classes = data.classCount
        context.fact("validation accuracy", String(format: "%.2f%% (%d classes, chance %.2g%%)",
                                                   last.validationAccuracy * 100, classes, 100.0 / Double(classes)))
        context.fact("images seen", images.formatted())
        context.fact("training time", (last.wallTime < 60 ? String(format: "%.1f s", last.wallTime)
                                       : String(format: "%.1f min", last.wallTime / 60))
                     + (pretrained.resumedAt > 0 ? " (resumed at step \(pretrained.resumedAt))" : ""))
        let shown = history.count <= 12 ? history
            : history.enumerated().filter { $0.offset % (history.count / 10) == 0 || $0.offset == history.count - 1 }
                .map(\.element)
        context.summary.table(
            headers: ["epoch", "step", "loss", "accuracy", "val_loss", "val_accuracy", "learning rate", "minutes"],
            rows: shown.map { row in
                ["\(row.epoch)", "\(min(steps, row.epoch * stepsPerEpoch))",
                 String(format: "%.4f", row.trainLoss), String(format: "%.4f", row.trainAccuracy),
                 String(format: "%.4f", row.validationLoss), String(format: "%.4f", row.validationAccuracy),
                 String(format: "%.4g", row.learningRate), String(format: "%.1f", row.wallTime / 60)]
            })
        context.summary.paragraph(String(
            format: "%d steps of %d images (%@) in %.1f minutes on %d cores; validation "
                + "accuracy %.2f%% on %d held-out images (chance %.2g%%). Every epoch is in [history.csv](history.csv).",
            steps, batchSize, seen(images: images), last.wallTime / 60,
            ProcessInfo.processInfo.activeProcessorCount, last.validationAccuracy * 100, pretrained.validationImages,
            100.0 / Double(classes)))
    }

    /// "48 images, none seen twice", or how many views of how many dead-leaves images.
    func seen(images: Int) -> String {
        switch data {
        case .shapes:
            return "\(images.formatted()) images, none seen twice"
        case .deadLeaves(let exemplars):
            return "\(images.formatted()) random views of \(exemplars.formatted()) dead-leaves images, "
                + String(format: "%.0f", Double(images) / Double(exemplars)) + " views of each on average"
        case .mixed(let exemplars):
            let shapeImages = steps * MixedBatches.shapesPerBatch(batchSize)
            let views = images - shapeImages
            return "\(shapeImages.formatted()) shapes images, none seen twice, and \(views.formatted()) random views of "
                + "\(exemplars.formatted()) dead-leaves images, "
                + String(format: "%.0f", Double(views) / Double(exemplars)) + " views of each on average"
        }
    }
}
