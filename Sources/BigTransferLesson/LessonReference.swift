import Foundation
import LessonKit
import Training

/// The real lesson's result as lesson.toml declares it (`[reference]`), and whether this run is
/// the real lesson's setup (tf_flowers' photos and BiT-M-R50x1) or another one, for which the
/// figure is shown for orientation only.
struct LessonReference: Encodable {
    var accuracy: Double
    var loss: Double?
    var validationImages: Int?
    var source: String
    var url: String
    /// True when this run's data and backbone are the real lesson's (same image count, feature
    /// width and pre-training head), so the two accuracies can be compared.
    var sameSetup: Bool

    init(_ lesson: Lesson, dataset: Dataset, backbone: Backbone) throws {
        guard let reference = lesson.reference, let accuracy = reference.number("accuracy") else {
            throw LessonStateError.invalidSetting("\(lesson.file.path) declares no [reference] with an accuracy value")
        }
        self.accuracy = accuracy
        loss = reference.number("loss")
        validationImages = reference.number("validation_images").map { Int($0) }
        source = reference.source
        url = reference.url
        let images = reference.number("images").map { Int($0) }
        let features = reference.number("features").map { Int($0) }
        let pretraining = reference.number("pretraining_classes").map { Int($0) }
        sameSetup = images == dataset.files.count + dataset.skipped.count && features == backbone.featureCount
            && pretraining == backbone.originalHeadClasses
    }

    /// How the figure relates to this run, in words.
    var role: String {
        sameSetup ? "the same data and backbone as this run, so the two accuracies compare"
            : "another dataset or backbone than this run's, so that figure is the real lesson's result, shown for "
            + "orientation, not a target for this run"
    }

    /// The column header or row label of the reference in a table.
    var label: String { sameSetup ? "Keras lesson" : "Keras lesson (other setup, for orientation)" }
}

/// `metrics.json`: the evaluation's numbers, with the reference beside them.
struct MetricsFile: Encodable {
    let evaluation: Evaluation
    let reference: LessonReference

    enum CodingKeys: String, CodingKey { case reference }

    func encode(to encoder: Encoder) throws {
        try evaluation.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(reference, forKey: .reference)
    }

    func write(to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(self).write(to: url, options: .atomic)
    }
}
