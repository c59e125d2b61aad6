import Testing
@testable import Plotting

@Suite struct LegendTests {
    @Test func legendListsNamedSeriesInOrder() {
        var axes = Axes()
        axes.lines = [LineSeries(name: "train", values: [1, 2, 3], color: Palette.blue),
                      LineSeries(name: "", values: [3, 2, 1], color: Palette.bluishGreen),
                      LineSeries(name: "validation", values: [2, 2, 2], color: Palette.orange)]
        axes.points = [PointAnnotation(name: "best", x: 2, y: 2)]
        let entries = axes.legendEntries(.standard).map(\.label)
        #expect(entries == ["train", "validation", "best"])
        let texts = Figure(size: Size(width: 640, height: 480), panels: [axes]).recorded().texts
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

    @Test func candidatesStartAtTheUpperRight() {
        let plot = Rect(x: 0, y: 0, width: 400, height: 300)
        let boxes = LegendPlacement.candidates(size: Size(width: 100, height: 50), in: plot)
        #expect(boxes.count == 8)
        #expect(boxes[0] == Rect(x: 292, y: 8, width: 100, height: 50))
        #expect(boxes[1] == Rect(x: 8, y: 8, width: 100, height: 50))
        #expect(boxes.allSatisfy { plot.contains($0) })
    }

    @Test func bestSkipsCoveredCorners() {
        let plot = Rect(x: 0, y: 0, width: 400, height: 300)
        let size = Size(width: 100, height: 50)
        let upperRight = Point(x: 350, y: 30), upperLeft = Point(x: 50, y: 30)
        #expect(LegendPlacement.best(size: size, in: plot, avoiding: []) == LegendPlacement.candidates(size: size, in: plot)[0])
        let chosen = LegendPlacement.best(size: size, in: plot, avoiding: [upperRight, upperLeft])
        #expect(chosen == Rect(x: 292, y: 242, width: 100, height: 50))  // lower right
    }

    @Test func bestFallsBackToTheLeastCovered() {
        let plot = Rect(x: 0, y: 0, width: 200, height: 100)
        // Data everywhere, but thinner on the left half.
        let samples = LegendPlacement.samples(filling: plot, spacing: 5) + LegendPlacement.samples(filling:
            Rect(x: 100, y: 0, width: 100, height: 100), spacing: 5)
        let chosen = LegendPlacement.best(size: Size(width: 60, height: 30), in: plot, avoiding: samples)
        #expect(chosen.maxX <= 100)
    }

    @Test func polylineSamplesAreEvenlySpaced() {
        let samples = LegendPlacement.samples(alongPolyline: [Point(x: 0, y: 0), Point(x: 9, y: 0)], spacing: 3)
        #expect(samples.map(\.x) == [0, 3, 6, 9])
        #expect(LegendPlacement.samples(alongPolyline: [], spacing: 3).isEmpty)
    }

    @Test func emptyLegendDrawsNothing() {
        let backend = RecordingBackend(size: Size(width: 100, height: 100))
        Legend(entries: []).draw(in: Rect(x: 0, y: 0, width: 100, height: 100), avoiding: [], on: backend, theme: .standard)
        #expect(backend.calls.isEmpty)
    }
}
