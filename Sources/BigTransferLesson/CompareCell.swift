import Foundation
import LessonKit
import Plotting
import Training

/// Cell 12: what pre-training and fine-tuning bring, side by side.
enum CompareCell {
    static let compare = CellImplementation(name: "compare", version: "3") { context in
        let evaluation = try Evaluation.read(from: try context.upstreamOutput("evaluate", named: "metrics.json"))
        let dataset = try StateFile.read(DatasetState.self, from: try context.upstreamState("load-dataset")
            .appendingPathComponent(DatasetState.fileName))
        let model = try StateFile.read(ModelState.self, from: try context.upstreamState("load-model")
            .appendingPathComponent(ModelState.fileName))
        let reference = try LessonReference(context.lesson, dataset: dataset, model: model)
        let random = try StateFile.read(RandomBackboneCell.Outcome.self, from: try context.upstreamState("random-backbone")
            .appendingPathComponent(RandomBackboneCell.fileName))
        let fineTuned = try StateFile.read(FineTuneCell.Outcome.self, from: try context.upstreamState("fine-tune")
            .appendingPathComponent(FineTuneCell.fileName))
        let percent = { (value: Double?) in value.map { String(format: "%.2f%%", $0 * 100) } }
        var rows = [["head only, random backbone (no pre-training)",
                     percent(random.accuracy) ?? "not run (`compare_random_backbone=false`)"],
                    ["head only, pre-trained backbone (cells 5-9)", percent(evaluation.accuracy)!],
                    ["whole network fine-tuned (BiT HyperRule, from that head)",
                     percent(fineTuned.accuracy) ?? String(format: "not run (`fine_tune=false`; about %.1f hours here)",
                                                           fineTuned.estimatedSeconds / 3600)]]
        rows.append([reference.sameSetup ? "Keras lesson: head only, BiT-M-R50x1, tf_flowers"
                        : "for orientation, not this run's setup: the Keras lesson (head only, BiT-M-R50x1, tf_flowers)",
                     percent(reference.accuracy)!])
        context.summary.table(headers: ["model", "validation accuracy"], rows: rows)
        if let randomAccuracy = random.accuracy {
            context.fact("gain from pre-training", String(format: "%+.1f points", (evaluation.accuracy - randomAccuracy) * 100))
        }
        if let tuned = fineTuned.accuracy {
            context.fact("gain from fine-tuning", String(format: "%+.1f points", (tuned - evaluation.accuracy) * 100))
        }
        context.fact("head only, pre-trained", percent(evaluation.accuracy)!)
    }
}
