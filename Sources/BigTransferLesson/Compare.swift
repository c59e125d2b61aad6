import Foundation
import LessonKit

/// Cell 12. What pre-training and fine-tuning bring, side by side with the Keras lesson's result.
struct Compare: Cell {
    @Upstream var dataset: Dataset
    @Upstream var backbone: Backbone
    @Upstream var evaluation: EvaluationResult
    @Upstream var random: RandomBackboneResult
    @Upstream var fineTuned: FineTuneResult

    func run(_ context: CellContext) throws -> Comparison {
        let reference = try LessonReference(context.lesson, dataset: dataset, backbone: backbone)
        let comparison = Comparison(randomBackbone: random.accuracy, pretrained: evaluation.accuracy,
                                    fineTuned: fineTuned.accuracy, reference: reference.accuracy,
                                    dataset: dataset.name, backbone: backbone.name)
        let percent = { (value: Double?) in value.map { String(format: "%.2f%%", $0 * 100) } }
        context.summary.table(headers: ["model", "validation accuracy"], rows: [
            ["head only, random backbone (no pre-training)",
             percent(random.accuracy) ?? "not run (`compare_random_backbone=false`)"],
            ["head only, pre-trained backbone (cells 5-9)", percent(evaluation.accuracy)!],
            ["whole network fine-tuned (BiT HyperRule, from that head)",
             percent(fineTuned.accuracy) ?? String(format: "not run (`fine_tune=false`; about %.1f hours here)",
                                                   fineTuned.estimatedSeconds / 3600)],
            [reference.sameSetup ? "Keras lesson: head only, BiT-M-R50x1, tf_flowers"
                : "for orientation, not this run's setup: the Keras lesson (head only, BiT-M-R50x1, tf_flowers)",
             percent(reference.accuracy)!],
        ])
        let points = { (gain: Double) in String(format: "%+.1f points", gain * 100) }
        if let gain = comparison.gainFromPretraining {
            context.fact("gain from pre-training", points(gain))
            context.summary.paragraph("Pre-training is worth **\(points(gain))** here: the same head on the same "
                + "features' shape, pre-trained backbone against random.")
        }
        if let gain = comparison.gainFromFineTuning {
            context.fact("gain from fine-tuning", points(gain))
            context.summary.paragraph("Fine-tuning every layer changed the validation accuracy by **\(points(gain))** "
                + "from the head alone. The two figures are not taken alike: the head-only one is the epoch early "
                + "stopping kept, the fine-tuned one is the network after its last step (the fine-tune cell keeps "
                + "no best epoch).")
        }
        context.fact("head only, pre-trained", percent(evaluation.accuracy)!)
        return comparison
    }
}

/// The validation accuracies side by side (nil: not run).
struct Comparison: Codable, Equatable {
    var randomBackbone: Double?
    var pretrained: Double
    var fineTuned: Double?
    var reference: Double
    /// What this run found, in words, for the closing paragraph.
    var conclusion: String

    init(randomBackbone: Double?, pretrained: Double, fineTuned: Double?, reference: Double, dataset: String,
         backbone: String) {
        self.randomBackbone = randomBackbone
        self.pretrained = pretrained
        self.fineTuned = fineTuned
        self.reference = reference
        let percent = { (value: Double) in String(format: "%.2f%%", value * 100) }
        let points = { (gain: Double) in String(format: "%+.1f points", gain * 100) }
        var sentences = ["This run: a head on \(backbone), frozen, reaches \(percent(pretrained)) on \(dataset)"]
        if let randomBackbone {
            sentences[0] += ", \(points(pretrained - randomBackbone)) from the same head on a random backbone "
                + "(\(percent(randomBackbone)))"
        }
        sentences[0] += "."
        if let fineTuned {
            sentences.append("Fine-tuning every layer gave \(percent(fineTuned)) (\(points(fineTuned - pretrained)))."
                + (fineTuned < pretrained ? " A short fine-tuning can cost accuracy: BiT fine-tunes for hundreds of "
                   + "steps from a zero head." : ""))
        } else {
            sentences.append("The whole network was not fine-tuned in this run.")
        }
        conclusion = sentences.joined(separator: " ")
    }

    var gainFromPretraining: Double? { randomBackbone.map { pretrained - $0 } }
    var gainFromFineTuning: Double? { fineTuned.map { $0 - pretrained } }
}
