import BiT
import Foundation
import LessonKit
import NetworkTraining
import NumPyIO
import Tensors
import Training

/// Cell 11: BiT's own transfer recipe, which trains every layer rather than the head alone:
/// the HyperRule's schedule (linear warm-up, three ten-fold decays) rescaled to
/// `fine_tune_steps`, lr 0.003 x batch / 512, momentum 0.9, no weight decay. It starts from
/// the head the train cell learned (BiT starts from a zero head; with a few dozen steps on
/// a CPU, starting from the trained head, "linear probing then fine-tuning", keeps the
/// short run from spending itself on relearning the head). Off by default for full-size
/// backbones, whose time on a CPU it estimates instead.
enum FineTuneCell {
    static let fileName = "fine-tune.json"
    static let historyFile = "fine-tune-history.csv"

    /// What the cell found: a measured accuracy, or the estimate of a run not made.
    struct Outcome: Codable, Equatable {
        var accuracy: Double?
        var steps: Int
        var seconds: Double
        /// Seconds per training image (forward and backward), measured on this machine.
        var secondsPerImage: Double
        var estimatedSeconds: Double
    }

    static let fineTune = CellImplementation(name: "fine-tune", version: "3") { context in
        let settings = try FineTuneSettings(context)
        let data = try FineTuneData(context: context, settings: settings)
        let steps = settings.steps, learningRate = settings.learningRate
        let model = try TrainableResNetV2(
            architecture: ResNetV2Architecture(data.config), headClasses: data.dataset.classNames.count,
            parameters: try startingArrays(context, config: data.config),
            source: try context.input("weights").path)
        let url = context.stateDirectory.appendingPathComponent(fileName)
        guard settings.run else {
            let outcome = try estimate(model, data: data, steps: steps)
            try StateFile.write(outcome, to: url)
            reportEstimate(outcome, data: data, context: context)
            return
        }
        var training = WholeNetworkTraining(
            steps: steps, stepsPerEpoch: max(1, steps / 5),
            schedule: try BiTHyperRuleSchedule(baseLearningRate: learningRate,
                                               supports: BiTHyperRuleSchedule.scaledSupports(steps: steps)))
        training.momentum = settings.momentum
        let trainer = WholeNetworkTrainer(
            training: training,
            progressDirectory: try context.sharedDirectory("fine-tuning").appendingPathComponent(context.key.short))
        let bar = context.progress(total: steps, label: "fine-tuning steps")
        trainer.onResume = { done in
            context.log("resuming from the progress saved at step \(done)")
            try? bar.advance(by: done)
        }
        trainer.onStep = { _, _ in try bar.advance() }
        trainer.onEpoch = { m in
            context.log(m.logLine)
        }
        let history = try trainer.train(model, batch: data.batch(step:), validate: data.validate)
        let historyURL = context.stateDirectory.appendingPathComponent(historyFile)
        try HistoryCSV.write(history, restoredEpoch: nil, to: historyURL)
        try context.publish(file: historyURL, as: historyFile)
        let last = history.last!
        let outcome = Outcome(accuracy: last.validationAccuracy, steps: steps, seconds: last.wallTime,
                              secondsPerImage: last.wallTime / Double(steps * data.batchSize),
                              estimatedSeconds: last.wallTime)
        try StateFile.write(outcome, to: url)
        report(history, outcome: outcome, data: data, learningRate: learningRate, context: context)
    }

    /// The checkpoint's backbone with the head the train cell learned.
    private static func startingArrays(_ context: CellContext, config: ResNetV2Config) throws -> [String: Tensor] {
        var arrays = try NumPyArchive.read(from: try context.input("weights"))
        let head = try DenseHead.load(from: try context.upstreamState("train")
            .appendingPathComponent(TrainingState.headFileName))
        arrays[BiTCheckpoint.headKernelKey] = Tensor(shape: [1, 1, head.inputCount, head.classCount], scalars: head.weights)
        arrays[BiTCheckpoint.headBiasKey] = Tensor(shape: [head.classCount], scalars: head.bias)
        return arrays
    }

    /// Times one training step on a batch of `estimateBatch` images at the crop size and
    /// scales it to the run.
    private static func estimate(_ model: TrainableResNetV2, data: FineTuneData,
                                 steps: Int) throws -> Outcome {
        // The first training draws only: decoding a whole batch of 64 to time a few is waste;
        // fewer than about 16 images would time thinner products than the run's batches.
        let sample = try data.batch(draws: 0..<min(estimateBatch, data.batchSize))
        let count = sample.labels.count
        model.lossAndGradients(sample.images, labels: sample.labels)
        let start = Date()
        model.lossAndGradients(sample.images, labels: sample.labels)
        let perImage = Date().timeIntervalSince(start) / Double(count)
        model.releaseTape()
        return Outcome(accuracy: nil, steps: steps, seconds: 0, secondsPerImage: perImage,
                       estimatedSeconds: perImage * Double(steps * data.batchSize))
    }

    /// Images in the timed step of the estimate.
    static let estimateBatch = 16

    private static func reportEstimate(_ outcome: Outcome, data: FineTuneData, context: CellContext) {
        let hours = outcome.estimatedSeconds / 3600
        context.fact("fine-tuning", "not run (fine_tune=false); estimated " + String(format: "%.1f hours", hours)
                     + " on this machine")
        context.summary.paragraph(String(
            format: "Not run: `fine_tune` is false. One forward and backward pass of this %@ takes %.2f s per "
                + "%dx%d image on this machine (measured just now on a batch of %d), so the HyperRule's %d steps of "
                + "%d images would take about **%.1f hours** here (%@ images; the BiT paper fine-tunes on TPUs). "
                + "`lesson run 62 --cell fine-tune --set fine_tune=true` runs it.",
            data.config.description, outcome.secondsPerImage, data.plan.cropTo, data.plan.cropTo,
            min(estimateBatch, data.batchSize), outcome.steps, data.batchSize, hours,
            Format.grouped(outcome.steps * data.batchSize)))
    }

    private static func report(_ history: [EpochMetrics], outcome: Outcome, data: FineTuneData,
                               learningRate: Double, context: CellContext) {
        let percent = String(format: "%.2f%%", (outcome.accuracy ?? 0) * 100)
        context.fact("fine-tuned val accuracy", percent)
        context.fact("time", String(format: "%.1f s (%.1f ms per image)", outcome.seconds,
                                    outcome.secondsPerImage * 1000))
        context.summary.table(
            headers: ["epoch", "steps", "loss", "accuracy", "val_loss", "val_accuracy", "learning rate"],
            rows: history.map { row in
                ["\(row.epoch)", "\(min(outcome.steps, row.epoch * max(1, outcome.steps / 5)))",
                 String(format: "%.4f", row.trainLoss), String(format: "%.4f", row.trainAccuracy),
                 String(format: "%.4f", row.validationLoss), String(format: "%.4f", row.validationAccuracy),
                 String(format: "%.4g", row.learningRate)]
            })
        context.summary.paragraph(String(
            format: "Every layer trained for %d steps of %d images (warm-up to %.4g, then three ten-fold decays): "
                + "**%@** validation accuracy after %.1f s. The history is in [%@](%@).",
            outcome.steps, data.batchSize, learningRate, percent, outcome.seconds, historyFile, historyFile))
    }
}
