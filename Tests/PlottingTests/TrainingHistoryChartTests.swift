import Foundation
import Testing
import TestSupport
@testable import Plotting

@Suite struct TrainingHistoryChartTests {
    let curves = TrainingCurves(
        trainAccuracy: [0.62, 0.84, 0.90, 0.93, 0.95, 0.96, 0.968, 0.975],
        validationAccuracy: [0.80, 0.90, 0.93, 0.94, 0.955, 0.96, 0.962, 0.958],
        trainLoss: [1.2, 0.55, 0.33, 0.24, 0.18, 0.14, 0.11, 0.09],
        validationLoss: [0.6, 0.35, 0.25, 0.21, 0.17, 0.16, 0.155, 0.158],
        bestEpoch: 7)

    @Test func twoPanelsWithTitlesLabelsAndLegends() {
        let recorded = Figure.trainingHistory(curves).recorded()
        let texts = recorded.texts
        for text in ["Training history", "Accuracy", "Loss", "accuracy (%)", "loss", "epoch"] {
            #expect(texts.contains(text), "missing \(text)")
        }
        #expect(texts.filter { $0 == "train" }.count == 2)
        #expect(texts.filter { $0 == "validation" }.count == 2)
        #expect(texts.filter { $0 == "restored best (epoch 7)" }.count == 2)
        #expect(recorded.callsOutsideCanvas().isEmpty)
    }

    @Test func bestEpochIsMarkedOnTheValidationCurve() {
        let recorded = Figure.trainingHistory(curves).recorded()
        let diamonds = recorded.calls.compactMap { call -> Point? in
            // Radius 7 on the curve; the legend's swatch diamond is smaller.
            if case let .marker(.diamond, center, 7, _, _) = call { return center } else { return nil }
        }
        #expect(diamonds.count == 2)
        // The diamond sits on the validation line's vertex for epoch 7.
        let validation = recorded.polylines.filter { $0.style.color == Figure.validationColor && $0.points.count == 8 }
        #expect(validation.count == 2)
        for (diamond, line) in zip(diamonds, validation) {
            #expect(abs(diamond.x - line.points[6].x) < 1e-9 && abs(diamond.y - line.points[6].y) < 1e-9)
        }
    }

    @Test func emptyHistoryAndNaNsDoNotCrash() {
        let empty = Figure.trainingHistory(TrainingCurves(trainAccuracy: [], validationAccuracy: [], trainLoss: [],
                                                          validationLoss: [], bestEpoch: 3))
        let recorded = empty.recorded()
        #expect(recorded.texts.contains("Accuracy"))
        #expect(!recorded.texts.contains("train"))
        #expect(recorded.callsOutsideCanvas().isEmpty)

        let gappy = TrainingCurves(trainAccuracy: [0.5, .nan, 0.7], validationAccuracy: [.nan, .nan, .nan],
                                   trainLoss: [1, 0.8, .infinity], validationLoss: [], bestEpoch: 2)
        let gappyCalls = Figure.trainingHistory(gappy).recorded()
        #expect(gappyCalls.texts.contains("restored best (epoch 2)"))  // named by the dashed line instead
        #expect(!gappyCalls.texts.contains("validation"))
        #expect(gappyCalls.callsOutsideCanvas().isEmpty)
    }

    @Test func writtenPNGShowsBothSeriesAlongTheirPaths() throws {
        let folder = SharedFixtures.temporaryDirectory("plotting")
        defer { try? FileManager.default.removeItem(at: folder) }
        let figure = Figure.trainingHistory(curves)
        let url = folder.appendingPathComponent("03-history.png")
        try figure.writePNG(to: url)
        let png = try PNGPixels(contentsOf: url)
        let scale = Figure.defaultScale
        #expect(png.width == Int(figure.size.width * scale) && png.height == Int(figure.size.height * scale))
        #expect(png.color(x: 2, y: 2).isClose(to: .white, tolerance: 0.01))

        let recorded = figure.recorded()
        for color in [Figure.trainColor, Figure.validationColor] {
            let lines = recorded.polylines.filter { $0.style.color == color && $0.points.count == 8 }
            #expect(lines.count == 2)
            for line in lines {
                // Midpoints of segments, away from the vertex markers: the series' colour must be there.
                let midpoints = zip(line.points, line.points.dropFirst()).map {
                    Point(x: ($0.x + $1.x) / 2, y: ($0.y + $1.y) / 2)
                }
                let hits = midpoints.filter { png.hasColor(color, near: $0, scale: scale, radius: 2, tolerance: 0.1) }
                #expect(hits.count >= midpoints.count - 1, "\(hits.count) of \(midpoints.count) midpoints show the colour")
            }
        }
    }

    @Test func textLandsInsideTheFigure() throws {
        let folder = SharedFixtures.temporaryDirectory("plotting")
        defer { try? FileManager.default.removeItem(at: folder) }
        let figure = Figure.trainingHistory(curves)
        let url = folder.appendingPathComponent("history.png")
        try figure.writePNG(to: url)
        let png = try PNGPixels(contentsOf: url)
        // The title's ink is in the top band, centred; the outermost two pixels are blank all round.
        let titleBand = Rect(x: figure.size.width / 2 - 100, y: 0, width: 200, height: 40)
        #expect(png.inkCount(in: titleBand, scale: 2) > 200)
        let border = [Rect(x: 0, y: 0, width: figure.size.width, height: 1),
                      Rect(x: 0, y: figure.size.height - 1, width: figure.size.width, height: 1),
                      Rect(x: 0, y: 0, width: 1, height: figure.size.height),
                      Rect(x: figure.size.width - 1, y: 0, width: 1, height: figure.size.height)]
        #expect(border.allSatisfy { png.inkCount(in: $0, scale: 2) == 0 })
    }

    @Test func epochTicksStartAtOneAndTheLearningRateHasAPanel() {
        var withRate = curves
        withRate.learningRate = [0.01, 0.01, 0.01, 0.01, 0.001, 0.001, 0.001, 0.001]
        let recorded = Figure.trainingHistory(withRate).recorded()
        #expect(recorded.texts.contains("Learning rate"))
        #expect(recorded.texts.filter { $0 == "epoch" }.count == 3)
        // Epoch ticks: 1 first, never 0.
        #expect(recorded.texts.contains("1") && !recorded.texts.contains("0"))
        #expect(NiceTicks(lower: 1, upper: 8, maxIntervals: 4, integerSteps: true).values.first == 1)
        #expect(NiceTicks(lower: 0, upper: 37, maxIntervals: 4, integerSteps: true).values.first == 0)
        #expect(recorded.callsOutsideCanvas().isEmpty)
    }
}
