import BiT
import Foundation
import LessonKit
import NetworkTraining
import NumPyIO
import Tensors
import Training

/// What the fine-tune cell found: a measured accuracy, or the estimate of a run not made.
struct FineTuneResult: Codable, Equatable {
    var accuracy: Double?
    var steps: Int
    var seconds: Double
    /// Seconds per training image (forward and backward), measured on this machine.
    var secondsPerImage: Double
    var estimatedSeconds: Double
    /// The best validation accuracy of the run's epochs (the first, on a tie) and the steps done by then.
    var best: Best?

    struct Best: Codable, Equatable {
        var accuracy: Double
        var steps: Int
    }

    static let historyFile = "fine-tune-history.csv"
    /// Images in the timed step of the estimate.
    static let estimateBatch = 16

    /// The checkpoint's backbone with the head the train cell learned.
    static func startingArrays(_ weights: ResolvedInput, head: HeadWeights) throws -> [String: Tensor] {
        var arrays = try NumPyArchive.read(from: weights.url)
        arrays[BiTCheckpoint.headKernelKey] = Tensor(shape: [1, 1, head.inputCount, head.classCount], scalars: head.weights)
        arrays[BiTCheckpoint.headBiasKey] = Tensor(shape: [head.classCount], scalars: head.bias)
        return arrays
    }

    /// Trains every layer, with a progress bar and the epoch lines; resumes saved progress.
    static func train(_ model: ResNetV2, training: WholeNetworkTraining, data: FineTuneData,
                      context: CellContext) throws -> TrainingHistory {
        let trainer = WholeNetworkTrainer(
            training: training,
            progressDirectory: try context.derivedDirectory("fine-tuning", key: [context.key.hex]))
        let bar = context.progress(total: training.steps, label: "fine-tuning steps")
        let log = ClosureCallback(onBegin: { run in
            guard run.startStep > 0 else { return }
            context.log("resuming from the progress saved at step \(run.startStep)")
            try? bar.advance(by: run.startStep)
        }, onBatch: { _ in try bar.advance() }, onEpoch: { context.log($0.logLine) })
        return try trainer.train(model, batch: data.batch(step:), validate: data.validate, callbacks: [log])
    }

    /// Times one training step on a batch of `estimateBatch` images at the crop size and
    /// scales it to the run.
    static func estimate(_ model: ResNetV2, data: FineTuneData, steps: Int,
                         context: CellContext) throws -> FineTuneResult {
        // The first training draws only: decoding a whole batch of 64 to time a few is waste;
        // fewer than about 16 images would time thinner products than the run's batches.
        let sample = try data.batch(draws: 0..<min(estimateBatch, data.batchSize))
        let count = sample.labels.count
        model.lossAndGradients(sample.images, labels: sample.labels)
        let start = Date()
        model.lossAndGradients(sample.images, labels: sample.labels)
        let perImage = Date().timeIntervalSince(start) / Double(count)
        model.releaseTape()
        let outcome = FineTuneResult(accuracy: nil, steps: steps, seconds: 0, secondsPerImage: perImage,
                                     estimatedSeconds: perImage * Double(steps * data.batchSize))
        let hours = outcome.estimatedSeconds / 3600
        context.fact("fine-tuning", "not run (fine_tune=false); estimated " + String(format: "%.1f hours", hours)
                     + " on this machine")
        context.summary.paragraph(String(
            format: "Not run: `fine_tune` is false. One forward and backward pass of this %@ takes %.2f s per "
                + "%dx%d image on this machine (measured just now on a batch of %d), so the HyperRule's %d steps of "
                + "%d images would take about **%.1f hours** here (%@ images; the BiT paper fine-tunes on TPUs). "
                + "`lesson run 62 --cell fine-tune --set fine_tune=true` runs it.",
            data.architecture.description, outcome.secondsPerImage, data.plan.cropTo, data.plan.cropTo,
            min(estimateBatch, data.batchSize), outcome.steps, data.batchSize, hours,
            Format.grouped(outcome.steps * data.batchSize)))
        return outcome
    }

    /// The fine-tuning's facts, table and history file.
    static func report(_ history: TrainingHistory, steps: Int, data: FineTuneData, learningRate: Double,
                       context: CellContext) throws -> FineTuneResult {
        try HistoryCSV.write(history, to: context.outputURL(named: historyFile))
        let last = history.kept!
        let stepsDone = { (epoch: Int) in min(steps, epoch * max(1, steps / 5)) }
        var outcome = FineTuneResult(accuracy: last.validationAccuracy, steps: steps, seconds: last.wallTime,
                                     secondsPerImage: last.wallTime / Double(steps * data.batchSize),
                                     estimatedSeconds: last.wallTime)
        if let best = history.best(.validationAccuracy) {
            outcome.best = Best(accuracy: best.validationAccuracy, steps: stepsDone(best.epoch))
        }
        let percent = String(format: "%.2f%%", (outcome.accuracy ?? 0) * 100)
        context.fact("fine-tuned val accuracy", percent)
        context.fact("time", String(format: "%.1f s (%.1f ms per image)", outcome.seconds,
                                    outcome.secondsPerImage * 1000))
        context.summary.table(
            headers: ["epoch", "steps", "loss", "accuracy", "val_loss", "val_accuracy", "learning rate"],
            rows: history.epochs.map { row in
                ["\(row.epoch)", "\(stepsDone(row.epoch))",
                 String(format: "%.4f", row.trainLoss), String(format: "%.4f", row.trainAccuracy),
                 String(format: "%.4f", row.validationLoss), String(format: "%.4f", row.validationAccuracy),
                 String(format: "%.4g", row.learningRate)]
            })
        context.summary.paragraph(String(
            format: "Every layer trained for %d steps of %d images (warm-up to %.4g, then three ten-fold decays): "
                + "**%@** validation accuracy after %.1f s. The history is in [%@](%@).",
            steps, data.batchSize, learningRate, percent, outcome.seconds, historyFile, historyFile))
        return outcome
    }
}
