import Foundation
import LessonKit
import Training

/// Whether the head learned anything: a kept validation accuracy no more than a few points above the
/// majority class's share is what a head that always answers the commonest class gets, and a
/// validation loss that stays at ln C is that of a head giving every class the same probability
/// (whatever accuracy the tie-breaking of its near-equal logits happens to give).
enum LearningCheck {
    /// How far above the majority share an accuracy must be to count as learning (5 points).
    static let margin = 0.05
    /// The share of ln C under which the validation loss must fall to count as learning.
    static let uniformLoss = 0.98

    /// The share of the validation set held by its commonest class.
    static func majorityShare(_ dataset: DatasetState) -> Double {
        let counts = DatasetCells.counts(dataset.validationIndices, dataset)
        return Double(counts.max() ?? 0) / Double(max(1, dataset.validationIndices.count))
    }

    /// The warning for a run whose head did not learn, with the likely causes for this run and
    /// a command to try; nil when it learned.
    static func warning(_ result: TrainingResult, dataset: DatasetState, context: CellContext) throws -> String? {
        guard let kept = result.keptEpoch else {
            return nil
        }
        let majority = majorityShare(dataset)
        let chance = log(Double(dataset.classNames.count))
        let nearMajority = !(kept.validationAccuracy > majority + margin)
        let uniform = !(kept.validationLoss < uniformLoss * chance)
        guard nearMajority || uniform else { return nil }
        let settings = try HeadTrainingSettings(context)
        let learningRate = try context.double("learning_rate")
        let first = result.history.first!, last = result.history.last!
        var causes: [String] = []
        var sets: [String] = []
        if !last.trainLoss.isFinite || last.trainLoss > first.trainLoss * 1.5 {
            causes.append(String(format: "the learning rate (%g) is too large: the training loss went from %.4f to %.4f",
                                 learningRate, first.trainLoss, last.trainLoss))
            sets.append(String(format: "learning_rate=%g", learningRate / 10))
        } else if last.trainLoss > 0.9 * chance {
            causes.append(String(format: "the learning rate (%g) is too small for the loss to move: it went from %.4f to "
                                 + "%.4f, next to ln %d = %.4f for a head that knows nothing", learningRate,
                                 first.trainLoss, last.trainLoss, dataset.classNames.count, chance))
            if learningRate < 0.01 { sets.append("learning_rate=0.01") }
        }
        if !settings.standardizeFeatures {
            causes.append("the features are not standardized (`standardize_features=false`): small pre-logits on a "
                          + "large common offset, like the miniature's, leave SGD nearly no gradient to follow")
            sets.append("standardize_features=true")
        }
        let weights = try context.input("weights"), data = try context.input("data")
        let shipped = context.lesson.shippedFile("weights").map {
            $0.standardizedFileURL.path == weights.standardizedFileURL.path } ?? false
        let synthetic = try context.inputDescription("data").hasPrefix(InputResolution.syntheticDescription)
        if causes.isEmpty && shipped && !synthetic {  // the miniature on photos, its settings right
            causes.append("the weights may not suit the data: the miniature backbone was pre-trained on 64-px "
                          + "synthetic shapes and dead-leaves images, not photos; BiT-M-R50x1 (`lesson fetch 62`) was pre-trained on ImageNet-21k")
        } else if try context.inputDescription("weights").hasPrefix("embedded miniature BiT") && !shipped {
            causes.append("the backbone has random weights (the lesson's shipped checkpoint is missing)")
        }
        // A small validation set dominated by one class cannot show learning through its accuracy.
        let classCount = dataset.classNames.count
        let counts = DatasetCells.counts(dataset.validationIndices, dataset)
        let unbalanced = majority > 1.5 / Double(classCount)
        if unbalanced, let top = counts.indices.max(by: { counts[$0] < counts[$1] }) {
            causes.append("the validation set is unbalanced (\(counts[top]) of its \(dataset.validationIndices.count) "
                          + "images are \(dataset.classNames[top])), so its accuracy barely tells a head that learned "
                          + "from one that always answers \(dataset.classNames[top]); a split that keeps each class's "
                          + "share (`split=stratified`) compares fairly")
        }
        if causes.isEmpty {
            causes.append("the features of this backbone may not separate these classes, or the schedule ended "
                          + "too early (patience \(try context.int("patience")))")
            sets.append("patience=5")
        }
        let unsuited = shipped && !synthetic
        let command: String
        if unbalanced && sets.isEmpty {
            // The split is the dataset cell's: rerun from there with the stratified one.
            command = "lesson run 62 --data \(quoted(data.path)) --weights \(quoted(weights.path)) --set split=stratified"
        } else if unsuited && sets.isEmpty {
            // Nothing to change but the backbone: BiT-M-R50x1, which `lesson fetch 62` installs and the lesson then uses.
            command = "lesson fetch 62 && lesson run 62 --data \(quoted(data.path))"
        } else {
            command = (["lesson run 62", "--data \(quoted(data.path))", "--weights \(quoted(weights.path))",
                        "--from train"] + sets.map { "--set \($0)" }).joined(separator: " ")
        }
        var evidence: [String] = []
        if nearMajority {
            let relation = kept.validationAccuracy < majority - margin
                ? "below" : String(format: "within %.0f points of", margin * 100)
            evidence.append(String(format: "it keeps %.2f%% validation accuracy (epoch %d), %@ the %.2f%% that always "
                                   + "answering the commonest class gets", kept.validationAccuracy * 100, kept.epoch,
                                   relation, majority * 100))
        }
        if uniform && kept.validationLoss > chance / uniformLoss {
            evidence.append(String(format: "its validation loss (%.4f, epoch %d) is above ln %d = %.4f, the loss of a "
                                   + "head that gives every class the same probability: on these images it does worse "
                                   + "than knowing nothing", kept.validationLoss, kept.epoch, classCount, chance))
        } else if uniform {
            evidence.append(String(format: "its validation loss (%.4f, epoch %d) is within %.0f%% of ln %d = %.4f, the "
                                   + "loss of a head that gives every class the same probability: its scores barely "
                                   + "differ between classes", kept.validationLoss, kept.epoch, (1 - uniformLoss) * 100,
                                   classCount, chance))
        }
        return "the head did not learn: " + evidence.joined(separator: "; and ") + ", so this result means nothing. "
            + "Likely causes: " + causes.joined(separator: "; ") + ". Try: `\(command)` (with this run's other "
            + "--set options)."
    }

    private static func quoted(_ path: String) -> String {
        path.contains(" ") ? "'\(path)'" : path
    }
}
