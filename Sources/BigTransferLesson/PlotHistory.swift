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
                                    bestEpoch: trained.restoredEpoch)
        try Figure.trainingHistory(curves).writePNG(to: context.outputURL(named: "04-history.png"))
        context.summary.image(path: "04-history.png", alt: "loss and accuracy per epoch")
        context.fact("figure", "04-history.png")
        return HistoryFigure(epochs: history.count)
    }
}

/// What the figure shows.
struct HistoryFigure: Codable, Equatable {
    var epochs: Int
}
