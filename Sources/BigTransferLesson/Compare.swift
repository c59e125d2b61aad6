import Foundation
import LessonKit
import Plotting

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
                                    validationImages: evaluation.images, fineTuneSteps: fineTuned.steps,
                                    dataset: dataset.name, backbone: backbone.name, label: backbone.label)
        try comparison.figure(chance: LearningCheck.majorityShare(dataset), sameSetup: reference.sameSetup)
            .writePNG(to: context.outputURL(named: Comparison.figureName))
        comparison.report(context, fineTuned: fineTuned, reference: reference)
        return comparison
    }
}

/// The validation accuracies side by side (nil: not run).
struct Comparison: Codable, Equatable {
    var randomBackbone: Double?
    var pretrained: Double
    var fineTuned: Double?
    var reference: Double
    /// What pre-training and fine-tuning changed, in validation images and against the noise.
    var pretraining: AccuracyDifference?
    var fineTuning: AccuracyDifference?
    /// What this run found, in words, for the closing paragraph.
    var conclusion: String
    /// The backbone's name beside the random one: "pre-trained", or "checkpoint" when the lesson does not know.
    var label: String

    init(randomBackbone: Double?, pretrained: Double, fineTuned: Double?, reference: Double, validationImages: Int,
         fineTuneSteps: Int, dataset: String, backbone: String, label: String = "pre-trained") {
        self.randomBackbone = randomBackbone
        self.pretrained = pretrained
        self.fineTuned = fineTuned
        self.reference = reference
        self.label = label
        pretraining = randomBackbone.map { AccuracyDifference(from: $0, to: pretrained, validationImages: validationImages) }
        fineTuning = fineTuned.map { AccuracyDifference(from: pretrained, to: $0, validationImages: validationImages) }
        let percent = { (value: Double) in String(format: "%.2f%%", value * 100) }
        var sentences = ["This run: a head on \(backbone), frozen, reaches \(percent(pretrained)) on \(dataset)"]
        if let randomBackbone, let pretraining {
            sentences[0] += ", \(pretraining.pointsAndImages) against the same head on a random backbone "
                + "(\(percent(randomBackbone)))" + (pretraining.isClear ? "" : "; that is \(pretraining.noise), so this "
                    + "run does not show what pre-training is worth")
        }
        sentences[0] += "."
        if let fineTuned, let fineTuning {
            var sentence = "Fine-tuning every layer gave \(percent(fineTuned)), \(fineTuning.pointsAndImages)"
            if !fineTuning.isClear {
                sentence += ": \(fineTuning.noise), so this run shows neither a gain nor a loss from fine-tuning."
            } else if fineTuning.difference < 0 {
                sentence += ". A short fine-tuning can cost accuracy: BiT fine-tunes for 500 steps or more from a zero "
                    + "head; this one ran \(fineTuneSteps)."
            } else {
                sentence += "."
            }
            sentences.append(sentence)
        } else {
            sentences.append("The whole network was not fine-tuned in this run.")
        }
        conclusion = sentences.joined(separator: " ")
    }

    var pretrainingParagraph: String {
        guard let gain = pretraining else { return "" }
        let versus = "the same head on the same features' shape, \(label) backbone against random"
        let what = label == "pre-trained" ? "Pre-training" : "The checkpoint's weights"
        return gain.isClear
            ? "\(what) \(label == "pre-trained" ? "is" : "are") worth **\(gain.points)** here (\(abs(gain.images)) of \(gain.validationImages) validation "
                + "images), \(gain.noise): \(versus)."
            : "\(what) changed the validation accuracy by **\(gain.points)** here (\(abs(gain.images)) of "
                + "\(gain.validationImages) validation images), \(gain.noise), so this run does not show what it is "
                + "worth: \(versus)."
    }

    /// What fine-tuning changed, and how its figure differs from the head's: the head's is the epoch early
    /// stopping chose, the fine-tune's the last step, whatever `best` the steps before it reached.
    func fineTuningParagraph(best: FineTuneResult.Best?) -> String {
        guard let gain = fineTuning, let fineTuned else { return "" }
        var text = "Fine-tuning every layer changed the validation accuracy by **\(gain.points)** from the head alone "
            + "(\(abs(gain.images)) of \(gain.validationImages) validation images), \(gain.noise). The two figures are "
            + "not taken alike: the head-only one is the epoch early stopping kept, the fine-tuned one is the network "
            + "after its last step, where BiT's recipe ends"
        if let best, best.accuracy > fineTuned {
            text += String(format: "; along the way it reached %.2f%% (after step %d), which is not kept: a step chosen "
                           + "on the validation images would flatter the figure measured on them", best.accuracy * 100,
                           best.steps)
        }
        return text + "."
    }

    /// The table, the two differences (facts and paragraphs) and the figure's place in the summary.
    func report(_ context: CellContext, fineTuned: FineTuneResult, reference: LessonReference) {
        let percent = { (value: Double?) in value.map { String(format: "%.2f%%", $0 * 100) } }
        context.summary.table(headers: ["model", "validation accuracy"], rows: [
            ["head only, random backbone (no pre-training)",
             percent(randomBackbone) ?? "not run (`compare_random_backbone=false`)"],
            ["head only, \(label) backbone (cells 5-9)", percent(pretrained)!],
            ["whole network fine-tuned (BiT HyperRule, from that head)",
             percent(fineTuned.accuracy) ?? String(format: "not run (`fine_tune=false`; about %.1f hours here)",
                                                   fineTuned.estimatedSeconds / 3600)],
            [reference.sameSetup ? "Keras lesson: head only, BiT-M-R50x1, tf_flowers"
                : "for orientation, not this run's setup: the Keras lesson (head only, BiT-M-R50x1, tf_flowers)",
             percent(reference.accuracy)!],
        ])
        if let gain = pretraining {
            context.fact("gain from pre-training", gain.fact)
            context.summary.paragraph(pretrainingParagraph)
        }
        if let gain = fineTuning {
            context.fact("gain from fine-tuning", gain.fact)
            context.summary.paragraph(fineTuningParagraph(best: fineTuned.best))
        }
        context.summary.image(path: Comparison.figureName, alt: "validation accuracy of each model of this run")
        context.fact("head only, \(label)", percent(pretrained)!)
        context.fact("figure", Comparison.figureName)
    }

    var gainFromPretraining: Double? { pretraining?.difference }
    var gainFromFineTuning: Double? { fineTuning?.difference }

    static let figureName = "07-compare.png"

    /// The accuracies as bars in percent (the models that ran, then the Keras lesson's published
    /// figure in grey), with a dashed line at `chance`: always answering the validation split's commonest class.
    func figure(chance: Double, sameSetup: Bool) throws -> Figure {
        var bars: [ValueBar] = []
        if let randomBackbone { bars.append(ValueBar(name: "random backbone, head", value: randomBackbone * 100)) }
        bars.append(ValueBar(name: "\(label), head", value: pretrained * 100))
        if let fineTuned { bars.append(ValueBar(name: "\(label), fine-tuned", value: fineTuned * 100)) }
        bars.append(ValueBar(name: "Keras lesson, head", value: reference * 100, isQuoted: true))
        return try Figure.valueBars(
            bars, measuredLabel: "this run", quotedLabel: sameSetup ? "published" : "published, another setup",
            reference: ReferenceLevel(value: chance * 100, label: String(format: "commonest class (%.1f%%)", chance * 100)),
            yLabel: "validation accuracy (%)", decimals: 2, unit: "%", yCovers: 0...100,
            title: "Validation accuracy")
    }
}
