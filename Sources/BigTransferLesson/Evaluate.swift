import Foundation
import LessonKit
import Plotting
import Tensors
import Training

/// Cell 9. The Keras lesson's `accuracy = model.evaluate(validation_ds)[1] * 100`: the trained
/// head on every validation image, with the confusion matrix and the most confident mistakes.
struct Evaluate: Cell {
    @Upstream var dataset: Dataset
    @Upstream var pipeline: Pipeline
    @Upstream var backbone: Backbone
    @Upstream var trained: TrainedHead
    @Input var data: ResolvedInput
    @Input var weights: ResolvedInput

    func run(_ context: CellContext) throws -> EvaluationResult {
        let features = try LessonFeatures(dataset: dataset, pipeline: pipeline, data: data, weights: weights,
                                          context: context)
        let logits = try trained.head.dense.logits(try features.allValidationFeatures(context: context))
        let evaluation = try Evaluation(logits: logits, labels: dataset.validationIndices.map { dataset.labels[$0] },
                                        classNames: dataset.classNames,
                                        names: dataset.validationIndices.map { dataset.files[$0] },
                                        restoredEpoch: trained.restoredEpoch)
        let reference = try LessonReference(context.lesson, dataset: dataset, backbone: backbone)
        try MetricsFile(evaluation: evaluation, reference: reference).write(to: context.outputURL(named: "metrics.json"))
        try Figure.confusionMatrix(counts: evaluation.confusion, classNames: dataset.classNames)
            .writePNG(to: context.outputURL(named: "05-confusion.png"))
        let result = EvaluationResult(evaluation, reference: reference)
        EvaluationReport.write(evaluation, reference: reference, context: context)
        try EvaluationReport.mistakes(evaluation, logits: logits, features: features, context: context)
        return result
    }
}

/// What the evaluation found, for the prose and the compare cell (every number is in `metrics.json`).
struct EvaluationResult: Codable, Equatable {
    var accuracy: Double
    var loss: Double
    var correct: Int
    var images: Int
    var macroF1: Double
    /// How the Keras lesson's figure relates to this run, in words.
    var referenceRole: String

    init(_ evaluation: Evaluation, reference: LessonReference) {
        accuracy = evaluation.accuracy
        loss = evaluation.loss
        images = evaluation.confusion.joined().reduce(0, +)
        correct = images - evaluation.misclassified.count
        macroF1 = evaluation.macroF1
        referenceRole = reference.role
    }
}
