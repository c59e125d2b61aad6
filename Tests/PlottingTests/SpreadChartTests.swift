import Foundation
import Testing
import TestSupport
@testable import Plotting

@Suite struct SpreadChartTests {
    let categories = ["1", "2", "5", "all (40)"]
    // The first series is left out at "5"; the second has no spread at "all".
    var series: [SpreadSeries] {
        [SpreadSeries(name: "pre-trained", measurements: [[30, 40, 50], [50, 60, 70], [], [80, 90]], color: Palette.blue),
         SpreadSeries(name: "random", center: [20, 25, 30, 35], lower: [10, 20, 25, .nan], upper: [30, 30, 40, .nan],
                      color: Palette.orange, marker: .square)]
    }
    // Off the grid's ticks, so the dashed line's gaps show white.
    let chance = ReferenceLevel(value: 23, label: "chance 23%")

    func figure() throws -> Figure {
        try Figure.spreadChart(categories: categories, series: series, reference: chance, xLabel: "images per class",
                               yLabel: "accuracy (%)", yCovers: 0...100, title: "Few-shot")
    }

    /// The vertical bars drawn in `color` (2 points at one x, the bar width).
    func bars(_ recorded: RecordingBackend, _ color: Color) -> [[Point]] {
        recorded.polylines.filter {
            $0.style == LineStyle(color: color, width: Figure.spreadBarWidth) && $0.points.count == 2
                && $0.points[0].x == $0.points[1].x
        }.map(\.points)
    }

    /// The markers of a series' line (its centres), in order.
    func centres(_ recorded: RecordingBackend, _ color: Color, _ shape: MarkerShape) -> [Point] {
        let radius = Theme.standard.seriesWidth * 1.6
        return recorded.calls.compactMap { call -> Point? in
            if case let .marker(s, center, r, fill, _) = call, s == shape, r == radius, fill == color { return center }
            return nil
        }
    }

    @Test func eachPointHasABarFromItsLowerToItsUpperValueThroughItsCentre() throws {
        let recorded = try figure().recorded()
        let blue = centres(recorded, Palette.blue, .circle), orange = centres(recorded, Palette.orange, .square)
        // The legend's swatch draws one more marker of each series, after the plot.
        #expect(blue.count == 3 + 1 && orange.count == 4 + 1)
        let blueBars = bars(recorded, Palette.blue), orangeBars = bars(recorded, Palette.orange)
        #expect(blueBars.count == 3 && orangeBars.count == 3)
        // Pixels per unit of value, from the first blue bar: 30 ... 50 around 40.
        let first = blueBars[0]
        let unit = (first[0].y - first[1].y) / 20
        #expect(unit > 0)
        #expect(abs(first[0].x - blue[0].x) < 1e-9)
        #expect(abs((first[0].y + first[1].y) / 2 - blue[0].y) < 1e-9, "40 is the middle of 30 ... 50")
        // The "all" bar: 80 ... 90 around 85; the orange bar at "2": 20 ... 30 with its centre at 25.
        #expect(abs(blueBars[2][1].y - (blue[0].y - 50 * unit)) < 1e-9)
        #expect(abs(blueBars[2][0].y - (blue[0].y - 40 * unit)) < 1e-9)
        #expect(abs(orangeBars[1][0].y - (blue[0].y + 20 * unit)) < 1e-9)
        #expect(abs(orange[1].y - (blue[0].y + 15 * unit)) < 1e-9)
        // The series of a category sit side by side, the first on the left, and categories left to right.
        #expect(blue[0].x < orange[0].x && orange[0].x < blue[1].x && blue[1].x < orange[1].x)
        #expect(abs((orange[0].x - blue[0].x) - (orange[1].x - blue[1].x)) < 1e-9)
        // Two caps per bar, centred on it.
        let caps = recorded.polylines.filter {
            [Palette.blue, Palette.orange].contains($0.style.color) && $0.style.width == Figure.spreadBarWidth
                && $0.points.count == 2 && $0.points[0].y == $0.points[1].y
        }
        #expect(caps.count == 2 * 6)
        #expect(caps.allSatisfy { abs(($0.points[1].x - $0.points[0].x) - 2 * Figure.spreadCapHalfWidth) < 1e-9 })
        #expect(recorded.callsOutsideCanvas().isEmpty)
    }

    @Test func theChanceLineTheLabelsAndTheLegendAreDrawn() throws {
        let recorded = try figure().recorded()
        let reference = recorded.polylines.filter { $0.style == Figure.stripReferenceStyle && $0.points.count == 2 }
        let across = try #require(reference.max { abs($0.points[1].x - $0.points[0].x) < abs($1.points[1].x - $1.points[0].x) })
        let blueBars = bars(recorded, Palette.blue)
        let unit = (blueBars[0][0].y - blueBars[0][1].y) / 20
        #expect(abs(across.points[0].y - (blueBars[0][0].y + 7 * unit)) < 1e-9, "23 is 7 below 30")
        for text in categories + ["pre-trained", "random", "chance 23%", "images per class", "accuracy (%)", "Few-shot"] {
            #expect(recorded.texts.contains(text), "missing \(text)")
        }
        // The legend is drawn once, after the bars, where it covers none of them.
        let frames = recorded.calls.compactMap { call -> Rect? in
            if case let .strokeRect(rect, Legend.frameStyle) = call { return rect } else { return nil }
        }
        #expect(frames.count == 1)
        let frame = try #require(frames.first)
        for bar in blueBars + bars(recorded, Palette.orange) {
            #expect(!frame.contains(bar[0]) && !frame.contains(bar[1]))
        }
    }

    @Test func theAxisCoversEveryBar() throws {
        let tall = [SpreadSeries(name: "a", center: [50, 60], lower: [-20, 55], upper: [70, 130], color: Palette.blue)]
        let recorded = try Figure.spreadChart(categories: ["x", "y"], series: tall, reference: nil, xLabel: "x",
                                              yLabel: "y", yCovers: 0...100).recorded()
        // The y tick labels (the only numbers drawn) reach below the lowest end and above the highest.
        let ticks = recorded.texts.compactMap { Double($0.replacingOccurrences(of: "\u{2212}", with: "-")) }
        #expect((ticks.min() ?? 0) <= -20 && (ticks.max() ?? 0) >= 130, "ticks \(ticks)")
        #expect(recorded.callsOutsideCanvas().isEmpty)
    }

    @Test func badInputIsATypedError() {
        let good = series
        #expect(throws: PlotError.self) {
            try Figure.spreadChart(categories: [], series: good, reference: nil, xLabel: "x", yLabel: "y")
        }
        #expect(throws: PlotError.self) {
            try Figure.spreadChart(categories: ["a"], series: good, reference: nil, xLabel: "x", yLabel: "y")
        }
        let inverted = SpreadSeries(name: "bad", center: [5], lower: [6], upper: [9], color: Palette.blue)
        // Rounding is not an error: three 0.2s average 0.20000000000000004, which stays within them.
        let rounded = SpreadSeries(name: "ok", measurements: [[0.2, 0.2, 0.2]], color: Palette.blue)
        #expect(rounded.center == [0.2] && rounded.lower == [0.2] && rounded.upper == [0.2])
        let outside = SpreadSeries(name: "ok", center: [(0.2 + 0.2 + 0.2) / 3], lower: [0.2], upper: [0.2],
                                   color: Palette.blue)
        #expect(throws: Never.self) {
            try Figure.spreadChart(categories: ["a"], series: [outside], reference: nil, xLabel: "x", yLabel: "y")
        }
        #expect(throws: PlotError.self) {
            try Figure.spreadChart(categories: ["a"], series: [inverted], reference: nil, xLabel: "x", yLabel: "y")
        }
        #expect(throws: PlotError.self) {
            try Figure.spreadChart(categories: categories, series: good, reference: ReferenceLevel(value: .infinity, label: "x"),
                                   xLabel: "x", yLabel: "y")
        }
    }

    @Test func theWrittenPNGShowsTheBarsInTheirSeriesColours() throws {
        let folder = SharedFixtures.temporaryDirectory("plotting")
        defer { try? FileManager.default.removeItem(at: folder) }
        let figure = try figure()
        let url = folder.appendingPathComponent("08-few-shot.png")
        try figure.writePNG(to: url)
        let png = try PNGPixels(contentsOf: url)
        let scale = Figure.defaultScale
        #expect(png.width == Int(figure.size.width * scale) && png.height == Int(figure.size.height * scale))
        let recorded = figure.recorded()
        for (color, shape) in [(Palette.blue, MarkerShape.circle), (Palette.orange, .square)] {
            let points = centres(recorded, color, shape)
            for bar in bars(recorded, color) {
                // A tenth of the way up from the bar's bottom: on the bar, clear of the marker at its centre.
                let point = Point(x: bar[0].x, y: bar[0].y + (bar[1].y - bar[0].y) * 0.1)
                guard !points.contains(where: { abs($0.y - point.y) < 6 && abs($0.x - point.x) < 6 }) else { continue }
                #expect(png.hasColor(color, near: point, scale: scale, radius: 1, tolerance: 0.06), "no bar at \(point)")
            }
        }
    }
}
