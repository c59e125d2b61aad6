import Foundation
import LessonKit
import Training

/// BiT's HyperRule (Kolesnikov et al. 2020, section 3.3, and `bit_hyperrule.py`) beside the
/// Keras lesson's choices and this run's, in the cells where each part applies.
enum HyperRuleTables {
    /// The Keras lesson's value `name`, from lesson.toml's `[reference]`.
    private static func keras(_ lesson: Lesson, _ name: String) -> String {
        lesson.reference?.values[name]?.description ?? "—"
    }

    /// The resolution rule for the first batch's images (define-pipeline).
    static func resolution(imageSizes: [(width: Int, height: Int)], pipeline: Pipeline, context: CellContext) {
        guard let smallest = imageSizes.min(by: { $0.width * $0.height < $1.width * $1.height }) else { return }
        let rule = BiTHyperRuleSchedule.resolution(width: smallest.width, height: smallest.height)
        let small = smallest.width * smallest.height < 96 * 96
        context.summary.paragraph("BiT's HyperRule picks the resolution from the images' size: below 96 x 96 pixels "
            + "of area it resizes to 160 and crops 128, otherwise it resizes to 512 and crops 480. The smallest image "
            + "of this run's first batch is \(smallest.width) x \(smallest.height) pixels, "
            + (small ? "below" : "above") + " that line:")
        context.summary.table(headers: ["", "BiT's HyperRule for these images", "the Keras lesson", "this run"], rows: [
            ["resize to", "\(rule.resize)", keras(context.lesson, "resize_to"), "\(pipeline.resizeTo)"],
            ["random crop", "\(rule.crop)", keras(context.lesson, "crop_to"), "\(pipeline.cropTo)"],
        ])
    }

    /// The schedule and MixUp rules for the training set's size (train).
    static func schedule(trainingImages: Int, fit: HeadFit, steps: Int, context: CellContext) {
        let supports = BiTHyperRuleSchedule.supports(datasetSize: trainingImages)
        let alpha = BiTHyperRuleSchedule.mixUpAlpha(datasetSize: trainingImages)
        let decays = supports.dropFirst().dropLast().map { Format.grouped($0) }.joined(separator: ", ")
        let lesson = context.lesson
        context.summary.paragraph("BiT's HyperRule sets the schedule by the size of the training set: 500 steps "
            + "below 20,000 images, 10,000 below 500,000 and 20,000 above, each with a linear warm-up and three "
            + "ten-fold decays, at batches of 512 and a base rate of 0.003. It adds MixUp (training on blends of two "
            + "images and of their labels, with weights drawn from Beta(α, α)) only from 20,000 images up, where the "
            + "longer schedule can overfit; this run's \(Format.grouped(trainingImages)) training images are "
            + (alpha == 0 ? "below that line, so MixUp is off:" : "above that line, so the rule would use MixUp:"))
        context.summary.table(headers: ["", "BiT's HyperRule for \(Format.grouped(trainingImages)) images",
                                        "the Keras lesson", "this run"], rows: [
            ["steps", "\(Format.grouped(supports.last ?? 0)) of 512 images",
             "\(keras(lesson, "schedule_length")) of \(keras(lesson, "batch_size")), early stopping",
             "\(Format.grouped(steps)) of \(fit.batchSize) (at most \(Format.grouped(fit.scheduleLength)))"],
            ["warm-up", "linear, to step \(Format.grouped(supports.first ?? 0))", "none", "none"],
            ["÷10 after steps", decays, keras(lesson, "schedule_boundaries"),
             fit.schedule.boundaries.map { Format.grouped($0) }.joined(separator: ", ")],
            ["learning rate", "0.003 x batch / 512", keras(lesson, "learning_rate"),
             String(format: "%g", fit.schedule.values.first ?? 0)],
            ["MixUp α", String(format: "%g", alpha), "none", "none"],
        ])
    }
}
