import Foundation
import LessonKit
import Plotting
import Training

/// Cell 8. The Keras lesson's `plt.plot(history.history["loss"])` ... : loss and accuracy per
/// epoch, on the training and validation sets, the restored epoch marked.
struct PlotHistory: Cell {
    @Upstream var trained: TrainedHead

    func run(_ context: CellContext) throws -> HistoryFigure {
        let history = trained.history
        let curves = TrainingCurves(trainAccuracy: history.map(\.trainAccuracy),
                                    validationAccuracy: history.map(\.validationAccuracy),
                                    trainLoss: history.map(\.trainLoss), validationLoss: history.map(\.validationLoss),
                                    bestEpoch: trained.restoredEpoch, learningRate: history.map(\.learningRate))
        try Figure.trainingHistory(curves).writePNG(to: context.outputURL(named: "04-history.png"))
        context.summary.image(path: "04-history.png", alt: "accuracy (%), loss and learning rate per epoch")
        context.fact("figure", "04-history.png")
        return HistoryFigure(epochs: history.count, stoppingStory: HistoryFigure.stoppingStory(trained))
    }
}

/// What the figure shows.
struct HistoryFigure: Codable, Equatable {
    var epochs: Int
    /// How the kept epoch relates to the validation loss, in words.
    var stoppingStory: String

    /// The kept epoch beside the epoch of the lowest validation loss.
    static func stoppingStory(_ trained: TrainedHead) -> String {
        guard let kept = trained.kept,
              let lowest = trained.history.min(by: { $0.validationLoss < $1.validationLoss }) else {
            return "this run has no epoch to keep."
        }
        let loss = { (value: Double) in String(format: "%.4f", value) }
        if lowest.epoch == kept.epoch || lowest.validationLoss == kept.validationLoss {
            return "this run kept epoch \(kept.epoch), which also has its lowest validation loss (\(loss(kept.validationLoss)))."
        }
        return "this run kept epoch \(kept.epoch) for its validation accuracy, although its validation loss "
            + "(\(loss(kept.validationLoss))) is higher than epoch \(lowest.epoch)'s (\(loss(lowest.validationLoss))), the "
            + "lowest of the run: the two measures need not agree."
    }
}
