import Foundation
import LessonKit
import Plotting
import Tensors
import Training

/// The evaluate cell's figures and tables.
enum EvaluationReport {
    /// One mistake with its loss, -ln p(true class), the quantity fastai's `plot_top_losses` sorts by.
    struct Mistake {
        var mistake: Misclassification
        var loss: Double
    }

    /// The misclassified images with their losses, the largest loss first.
    static func mistakesByLoss(_ evaluation: Evaluation, logits: Tensor) -> [Mistake] {
        let classes = logits.shape[1]
        return evaluation.misclassified.map { mistake in
            let row = logits.scalars[mistake.index * classes ..< (mistake.index + 1) * classes].map(Double.init)
            let top = row.max() ?? 0
            let logSum = top + log(row.reduce(0) { $0 + exp($1 - top) })
            return Mistake(mistake: mistake, loss: logSum - row[mistake.trueClass])
        }.sorted { $0.loss > $1.loss }
    }

    /// Up to 16 misclassified images, the largest loss first, as `06-mistakes.png`, and a table of
    /// them with their files; false when there is no mistake to show.
    static func mistakeGrid(_ evaluation: Evaluation, logits: Tensor, features: LessonFeatures,
                            context: CellContext) throws -> Bool {
        let ranked = mistakesByLoss(evaluation, logits: logits).prefix(16)
        let worst = ranked.map(\.mistake)
        guard !worst.isEmpty else { return false }
        let names = evaluation.classNames
        let tiles = try worst.map { mistake in
            let file = features.dataset.validationIndices[mistake.index]
            return ImageTile.prediction(image: try PlotImages.from(try features.source.image(file)),
                                        trueLabel: names[mistake.trueClass], predictedLabel: names[mistake.predictedClass],
                                        confidence: mistake.confidence)
        }
        try Figure.imageGrid(tiles, columns: min(4, tiles.count), title: "Misclassified validation images, largest loss first")
            .writePNG(to: context.outputURL(named: "06-mistakes.png"))
        context.summary.paragraph("The mistakes with the largest loss (-ln of the probability given to the true class), "
            + "as in the figure below:")
        context.summary.table(headers: ["file", "true → predicted", "p(predicted)", "loss"], rows: ranked.map { entry in
            let file = features.dataset.files[features.dataset.validationIndices[entry.mistake.index]]
            return ["`\(file)`", "\(names[entry.mistake.trueClass]) → \(names[entry.mistake.predictedClass])",
                    String(format: "%.2f", entry.mistake.confidence), String(format: "%.3f", entry.loss)]
        })
        return true
    }

    /// The class pairs most often mistaken, from the confusion matrix: "true → predicted" and the count.
    static func confusedPairs(_ evaluation: Evaluation, limit: Int = 5) -> [(pair: String, count: Int)] {
        let names = evaluation.classNames
        var pairs: [(pair: String, count: Int)] = []
        for (row, counts) in evaluation.confusion.enumerated() {
            for (column, count) in counts.enumerated() where column != row && count > 0 {
                pairs.append(("\(names[row]) → \(names[column])", count))
            }
        }
        return Array(pairs.sorted { $0.count > $1.count }.prefix(limit))
    }

    /// The most-confused pairs, then the mistakes' table and figure (after the evaluation's tables).
    static func mistakes(_ evaluation: Evaluation, logits: Tensor, features: LessonFeatures,
                         context: CellContext) throws {
        let pairs = confusedPairs(evaluation)
        if !pairs.isEmpty {
            context.summary.paragraph("The most confused pairs of classes:")
            context.summary.table(headers: ["true → predicted", "images"], rows: pairs.map { [$0.pair, "\($0.count)"] })
        }
        if try mistakeGrid(evaluation, logits: logits, features: features, context: context) {
            context.summary.image(path: "06-mistakes.png",
                                  alt: "the mistakes with the largest loss: true → predicted (confidence)")
        }
        context.summary.paragraph("Per-class numbers and every misclassified image are in [metrics.json](metrics.json).")
    }

    static func write(_ evaluation: Evaluation, reference: LessonReference, context: CellContext) {
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
    }
}
