/// The per-epoch curves of a training run, as the lesson's `history.history` holds them.
public struct TrainingCurves: Equatable, Sendable {
    public var trainAccuracy: [Double]
    public var validationAccuracy: [Double]
    public var trainLoss: [Double]
    public var validationLoss: [Double]
    /// The epoch (counted from 1) whose weights early stopping restored, if any.
    public var bestEpoch: Int?
    /// The learning rate of each epoch; when given, a third panel shows it.
    public var learningRate: [Double]

    public init(trainAccuracy: [Double], validationAccuracy: [Double], trainLoss: [Double],
                validationLoss: [Double], bestEpoch: Int? = nil, learningRate: [Double] = []) {
        self.trainAccuracy = trainAccuracy
        self.validationAccuracy = validationAccuracy
        self.trainLoss = trainLoss
        self.validationLoss = validationLoss
        self.bestEpoch = bestEpoch
        self.learningRate = learningRate
    }

    /// The number of epochs any curve covers.
    public var epochCount: Int {
        [trainAccuracy.count, validationAccuracy.count, trainLoss.count, validationLoss.count].max() ?? 0
    }
}

extension Figure {
    /// Colours of the two curves of each panel (Okabe-Ito blue and orange).
    public static let trainColor = Palette.blue
    public static let validationColor = Palette.orange

    /// The training history: accuracy (left) and loss (right) against the epoch,
    /// with the restored best epoch marked by a dashed line and a diamond on the
    /// validation curves.
    ///
    /// Two panels rather than the lesson's single `plt.plot` axis: accuracy lives
    /// in 0...1 and ends near 0.95-0.99 while the loss starts well above 1 for five
    /// classes (ln 5 = 1.6); on one shared axis the late accuracy gains, which are
    /// what the learner wants to see, flatten into a line.
    public static func trainingHistory(_ curves: TrainingCurves, title: String? = "Training history") -> Figure {
        let epochs = max(1, curves.epochCount)
        let accuracy = historyPanel(title: "Accuracy", yLabel: "accuracy (%)", train: curves.trainAccuracy.map { $0 * 100 },
                                    validation: curves.validationAccuracy.map { $0 * 100 }, bestEpoch: curves.bestEpoch,
                                    epochs: epochs)
        let loss = historyPanel(title: "Loss", yLabel: "loss", train: curves.trainLoss,
                                validation: curves.validationLoss, bestEpoch: curves.bestEpoch, epochs: epochs)
        guard !curves.learningRate.isEmpty else {
            return Figure(size: Size(width: 1000, height: 440), title: title, panels: [accuracy, loss], columns: 2)
        }
        var rate = Axes(title: "Learning rate", xLabel: "epoch", yLabel: "learning rate")
        rate.lines = [LineSeries(name: "learning rate", values: curves.learningRate, color: Palette.black,
                                 marker: epochs <= 30 ? .circle : nil)]
        rate.xCovers = 1...Double(epochs)
        rate.integerXTicks = true
        rate.yCovers = 0...((curves.learningRate.max() ?? 0) * 1.1)
        rate.showsLegend = false
        return Figure(size: Size(width: 1400, height: 440), title: title, panels: [accuracy, loss, rate], columns: 3)
    }

    private static func historyPanel(title: String, yLabel: String, train: [Double], validation: [Double],
                                     bestEpoch: Int?, epochs: Int) -> Axes {
        var axes = Axes(title: title, xLabel: "epoch", yLabel: yLabel)
        // Dots on every epoch while there are few enough to tell apart.
        let marker: MarkerShape? = epochs <= 30 ? .circle : nil
        axes.lines = [
            LineSeries(name: "train", values: train, color: trainColor, marker: marker),
            LineSeries(name: "validation", values: validation, color: validationColor, marker: marker),
        ]
        axes.xCovers = 1...Double(epochs)
        axes.integerXTicks = true
        if let bestEpoch, bestEpoch >= 1, bestEpoch <= epochs {
            let x = Double(bestEpoch)
            axes.verticalLines = [VerticalLine(x: x, style: LineStyle(color: .axisGray, width: 1.25, dash: [5, 4]))]
            let value = bestEpoch <= validation.count ? validation[bestEpoch - 1] : .nan
            let name = "restored best (epoch \(bestEpoch))"
            if value.isFinite {
                axes.points = [PointAnnotation(name: name, x: x, y: value, shape: .diamond, color: Palette.black, radius: 7)]
            } else {
                axes.verticalLines[0].name = name
            }
        }
        return axes
    }
}
