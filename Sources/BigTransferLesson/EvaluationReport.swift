import Foundation
import LessonKit
import Plotting
import Training

/// The evaluate cell's figures and tables.
enum EvaluationReport {
    /// Up to 16 misclassified images, the most confident mistakes first, as `06-mistakes.png`;
    /// false when there is no mistake to show.
    static func mistakeGrid(_ evaluation: Evaluation, features: LessonFeatures, context: CellContext) throws -> Bool {
        let worst = evaluation.misclassified.sorted { $0.confidence > $1.confidence }.prefix(16)
        guard !worst.isEmpty else { return false }
        let names = evaluation.classNames
        let tiles = try worst.map { mistake in
            let file = features.dataset.validationIndices[mistake.index]
            return ImageTile.prediction(image: try PlotImages.from(try features.source.image(file)),
                                        trueLabel: names[mistake.trueClass], predictedLabel: names[mistake.predictedClass],
                                        confidence: mistake.confidence)
        }
        try Figure.imageGrid(tiles, columns: min(4, tiles.count), title: "Misclassified validation images")
            .writePNG(to: context.outputURL(named: "06-mistakes.png"))
        return true
    }

    static func write(_ evaluation: Evaluation, reference: LessonReference, mistakes: Bool, context: CellContext) {
        let percent = { (value: Double) in String(format: "%.2f%%", value * 100) }
        let total = evaluation.confusion.joined().reduce(0, +)
        let quoted = reference.sameSetup ? "the Keras lesson reports" : "for orientation, the real lesson reports"
        context.fact("val accuracy", "\(percent(evaluation.accuracy)) (\(quoted) \(percent(reference.accuracy)) "
                     + "with BiT-M-R50x1 on tf_flowers)")
        context.fact("misclassified", "\(evaluation.misclassified.count) of \(total)")
        context.summary.table(headers: ["", "this run", reference.label], rows: [
            ["validation accuracy", percent(evaluation.accuracy), percent(reference.accuracy)],
            ["validation loss", String(format: "%.4f", evaluation.loss), reference.loss.map { String(format: "%.4f", $0) } ?? "—"],
            ["validation images", Format.grouped(total), reference.validationImages.map(Format.grouped) ?? "—"],
            ["macro F1", String(format: "%.4f", evaluation.macroF1), "—"],
        ])
        context.summary.paragraph("Source of the Keras lesson's figures: \(reference.source) (<\(reference.url)>).")
        context.summary.table(headers: ["class", "precision", "recall", "F1", "images"], rows: evaluation.perClass.map {
            [$0.name, String(format: "%.3f", $0.precision), String(format: "%.3f", $0.recall),
             String(format: "%.3f", $0.f1), "\($0.support)"]
        })
        let names = evaluation.classNames
        context.summary.paragraph("Confusion matrix (rows: true class, columns: predicted class):")
        context.summary.table(headers: ["true ↓ · predicted →"] + names, rows: names.indices.map { row in
            [names[row]] + evaluation.confusion[row].map(String.init)
        })
        context.summary.image(path: "05-confusion.png", alt: "confusion matrix of the validation images")
        if mistakes {
            context.summary.image(path: "06-mistakes.png", alt: "the most confident mistakes: true / predicted (confidence)")
        }
        context.summary.paragraph("Per-class numbers and every misclassified image are in [metrics.json](metrics.json).")
    }
}
