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

    @Test func legendListsNamedSeriesInOrder() {
        var axes = Axes()
        axes.lines = [LineSeries(name: "train", values: [1, 2, 3], color: Palette.blue),
                      LineSeries(name: "", values: [3, 2, 1], color: Palette.bluishGreen),
                      LineSeries(name: "validation", values: [2, 2, 2], color: Palette.orange)]
        axes.points = [PointAnnotation(name: "best", x: 2, y: 2)]
        let entries = axes.legendEntries(.standard).map(\.label)
        #expect(entries == ["train", "validation", "best"])
        let texts = figure(axes).recorded().texts
        #expect(texts.contains("train") && texts.contains("validation") && texts.contains("best"))
    }

    @Test func legendAvoidsTheData() throws {
        // A rising line fills the upper-left and lower-right halves' diagonal; a point sits in the upper right.
        var axes = Axes()
        axes.lines = [LineSeries(name: "rising", x: [0, 10], y: [0, 10], color: Palette.blue)]
        axes.points = [PointAnnotation(name: "corner", x: 9.5, y: 9.5)]
        axes.lines.append(LineSeries(name: "high", x: [0, 4], y: [9.8, 9.8], color: Palette.orange))
        let backend = RecordingBackend(size: Size(width: 640, height: 480))
        let panel = Rect(x: 0, y: 0, width: 640, height: 480)
        axes.draw(in: panel, on: backend, theme: .standard)
        let frame = try #require(backend.calls.compactMap { call -> Rect? in
            if case let .strokeRect(rect, style) = call, style == Legend.frameStyle { return rect } else { return nil }
        }.first)
        let layout = AxesLayout(axes: axes, rect: panel, backend: backend, theme: .standard)
        let covered = axes.dataSamples(layout).filter { frame.contains($0) }
        #expect(covered.isEmpty)
        // The free corner is the lower right: upper right holds the point, upper left the flat line.
        #expect(frame.midX > layout.plot.midX && frame.midY > layout.plot.midY)
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
