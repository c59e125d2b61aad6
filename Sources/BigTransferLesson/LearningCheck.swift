import Foundation
import LessonKit
import Training

/// Whether the head learned anything: a kept validation accuracy within a few points of the
/// majority class's share is what a head that always answers the commonest class gets.
enum LearningCheck {
    /// How far above the majority share an accuracy must be to count as learning (5 points).
    static let margin = 0.05

    /// The share of the validation set held by its commonest class.
    static func majorityShare(_ dataset: DatasetState) -> Double {
        let counts = DatasetCells.counts(dataset.validationIndices, dataset)
        return Double(counts.max() ?? 0) / Double(max(1, dataset.validationIndices.count))
    }

    /// The warning for a run whose head did not learn, with the likely causes for this run and
    /// a command to try; nil when it learned.
    static func warning(_ result: TrainingResult, dataset: DatasetState, context: CellContext) throws -> String? {
        guard let kept = result.history.first(where: { $0.epoch == result.restoredEpoch }) ?? result.history.last else {
            return nil
        }
        let majority = majorityShare(dataset)
        guard !(kept.validationAccuracy > majority + margin) else { return nil }
        let settings = try HeadTrainingSettings(context)
        let learningRate = try context.double("learning_rate")
        let chance = log(Double(dataset.classNames.count))
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
        if shipped && !synthetic {
            causes.append("the weights may not suit the data: the miniature backbone was pre-trained on 64-px "
                          + "synthetic shapes, not photos; BiT-M-R50x1 (`lesson fetch 62`) was pre-trained on ImageNet-21k")
        } else if try context.inputDescription("weights").hasPrefix("embedded miniature BiT") && !shipped {
            causes.append("the backbone has random weights (the lesson's shipped checkpoint is missing)")
        }
        if causes.isEmpty {
            causes.append("the features of this backbone may not separate these classes, or the schedule ended "
                          + "too early (patience \(try context.int("patience")))")
            sets.append("patience=5")
        }
        let command = (["lesson run 62", "--data \(quoted(data.path))", "--weights \(quoted(weights.path))",
                        "--from train"] + sets.map { "--set \($0)" }).joined(separator: " ")
        return String(format: "the head did not learn: it keeps %.2f%% validation accuracy (epoch %d), within %.0f "
                      + "points of the %.2f%% that always answering the commonest class gets, so this result means "
                      + "nothing. Likely causes: ", kept.validationAccuracy * 100, kept.epoch, margin * 100,
                      majority * 100)
            + causes.joined(separator: "; ") + ". Try: `\(command)`."
    }

    private static func quoted(_ path: String) -> String {
        path.contains(" ") ? "'\(path)'" : path
    }
}
