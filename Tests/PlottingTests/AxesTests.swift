import Testing
@testable import Plotting

@Suite struct AxesTests {
    func figure(_ axes: Axes) -> Figure {
        Figure(size: Size(width: 640, height: 480), title: "Test", panels: [axes])
    }

    @Test func ticksLabelTheAxes() {
        var axes = Axes(xLabel: "epoch", yLabel: "images")
        axes.lines = [LineSeries(name: "count", x: [0, 10], y: [0, 3500], color: Palette.blue)]
        let texts = figure(axes).recorded().texts
        for label in ["0", "500", "1000", "1500", "2000", "2500", "3000", "3500", "epoch", "images", "Test"] {
            #expect(texts.contains(label), "missing \(label)")
        }
    }

    @Test func nanBreaksTheLineIntoPieces() {
        var axes = Axes()
        axes.lines = [LineSeries(name: "val", values: [0.5, 0.6, .nan, 0.8, 0.9], color: Palette.orange)]
        let lines = figure(axes).recorded().polylines.filter { $0.style.color == Palette.orange }
        // Two data pieces (2 points each) and the legend swatch.
        let pieces = lines.filter { $0.points.count == 2 && $0.style.width == Theme.standard.seriesWidth }
        #expect(pieces.count == 3)
        #expect(lines.allSatisfy { $0.points.allSatisfy { $0.x.isFinite && $0.y.isFinite } })
    }

    @Test func aLonePointBetweenGapsIsStillDrawn() {
        var axes = Axes()
        axes.lines = [LineSeries(name: "val", values: [.nan, 0.6, .nan], color: Palette.orange)]
        let recorded = figure(axes).recorded()
        let dots = recorded.calls.filter {
            if case let .marker(_, _, _, fill, _) = $0 { return fill == Palette.orange } else { return false }
        }
        #expect(dots.count == 1)
    }

    @Test func emptyAndAllMissingSeriesAreSkipped() {
        var axes = Axes(xLabel: "epoch", yLabel: "loss")
        axes.lines = [LineSeries(name: "empty", values: [], color: Palette.blue),
                      LineSeries(name: "missing", values: [.nan, .infinity], color: Palette.vermillion)]
        let recorded = figure(axes).recorded()
        #expect(!recorded.texts.contains("empty") && !recorded.texts.contains("missing"))
        #expect(!recorded.polylines.contains { $0.style.color == Palette.blue || $0.style.color == Palette.vermillion })
        // The axes still stand: default 0...1 ticks.
        #expect(recorded.texts.contains("0.0") && recorded.texts.contains("1.0"))
        #expect(recorded.callsOutsideCanvas().isEmpty)
    }

    @Test func mismatchedLengthsUseTheCommonPrefix() {
        var axes = Axes()
        axes.lines = [LineSeries(name: "a", x: [1, 2, 3], y: [1, 2], color: Palette.blue)]
        let blue = figure(axes).recorded().polylines.filter { $0.style.color == Palette.blue }
        // The legend swatch is level; the data line rises.
        let rising = blue.filter { $0.points.first!.y != $0.points.last!.y }
        #expect(rising.count == 1)
        #expect(rising.first?.points.count == 2)
    }

    @Test func nothingIsDrawnOutsideTheCanvas() {
        var axes = Axes(title: "Panel", xLabel: "a rather long x axis title", yLabel: "a long y axis title")
        axes.lines = [LineSeries(name: "a series with a long name", x: [-1e6, 1e6], y: [123456, -98765], color: Palette.blue)]
        let recorded = figure(axes).recorded()
        #expect(recorded.callsOutsideCanvas().isEmpty)
    }

    @Test func longCategoryNamesTurn45Degrees() {
        var axes = Axes()
        axes.categories = (1...12).map { "category number \($0)" }
        axes.bars = [BarSeries(name: "n", values: Array(repeating: 3, count: 12), color: Palette.blue)]
        let recorded = figure(axes).recorded()
        let label = recorded.textCalls.first { $0.text == "category number 1" }
        #expect(label?.style.rotation == 45)
        #expect(recorded.callsOutsideCanvas().isEmpty)
    }
}
