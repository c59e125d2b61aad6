import BiT
import Foundation
import LessonKit
import Training

/// Cell 10: the same head, trained the same way, on a randomly initialised backbone of the
/// same shape: what the pre-trained weights are worth.
enum RandomBackboneCell {
    static let fileName = "random-backbone.json"

    /// What the comparison found (nil accuracy: skipped).
    struct Outcome: Codable, Equatable {
        var accuracy: Double?
        var epochs: Int
        var seconds: Double
    }

    static let randomBackbone = CellImplementation(name: "random-backbone", version: "1") { context in
        let url = context.stateDirectory.appendingPathComponent(fileName)
        guard try context.bool("compare_random_backbone") else {
            try StateFile.write(Outcome(accuracy: nil, epochs: 0, seconds: 0), to: url)
            context.fact("skipped", "set compare_random_backbone=true to train the head on a random backbone too")
            context.summary.paragraph("Skipped: `compare_random_backbone` is false (it is on for the embedded "
                + "miniature; with R50x1 it costs a second pass of the backbone over every image). "
                + "`lesson run 62 --cell random-backbone --set compare_random_backbone=true` runs it.")
            return
        }
        let trained = try ModelCells.model(context)
        let seed = try PipelineSettings(context).seed
        let arrays = ResNetV2Architecture(trained.config).initialArrays(headClasses: nil, seed: seed)
        let random = try ResNetV2(parameters: arrays, config: trained.config, source: "random initialisation")
        let modelKey = "random-\(trained.config.blockUnits.map(String.init).joined(separator: "."))"
            + "x\(trained.config.rootChannels)-s\(seed)"
        let features = try LessonFeatures(context: context, model: random, modelKey: modelKey)
        let run = try HeadTraining.run(features, context: context)
        let best = run.result.keptEpoch
        let outcome = Outcome(accuracy: best?.validationAccuracy, epochs: run.result.history.count,
                              seconds: run.state.seconds)
        try StateFile.write(outcome, to: url)
        let percent = outcome.accuracy.map { String(format: "%.2f%%", $0 * 100) } ?? "—"
        context.fact("val accuracy on a random backbone", percent)
        context.summary.paragraph("The same zero-initialised head, trained with the same schedule and early stopping "
            + "on the features of a \(trained.config) whose weights were drawn at random (GroupNorm scales 1, "
            + "offsets 0, seed \(seed)), reaches **\(percent)** validation accuracy after "
            + "\(outcome.epochs) epochs.")
    }
}
