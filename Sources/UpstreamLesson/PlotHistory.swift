import Foundation
import LessonKit
import Plotting
import Training

/// Cell 4: loss and accuracy per epoch, on the training stream and the validation images.
struct PlotHistory: Cell {
    @Upstream var pretrained: PretrainedNetwork

    func run(_ context: CellContext) throws -> HistoryPlot {
        let history = pretrained.history
        let curves = TrainingCurves(trainAccuracy: history.map(\.trainAccuracy),
                                    validationAccuracy: history.map(\.validationAccuracy),
                                    trainLoss: history.map(\.trainLoss), validationLoss: history.map(\.validationLoss),
                                    bestEpoch: nil)
        try Figure.trainingHistory(curves).writePNG(to: context.outputURL(named: Self.figure))
        context.summary.image(path: Self.figure, alt: "pre-training loss and accuracy per epoch")
        context.fact("figure", Self.figure)
        return HistoryPlot(epochs: history.count, figure: Self.figure)
    }

    static let figure = "02-history.png"
}

/// What the figure shows.
struct HistoryPlot: Codable, Equatable {
    var epochs: Int
    var figure: String
}
