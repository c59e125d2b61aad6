import Foundation
import Testing
import TestSupport
@testable import Plotting

@Suite struct StripChartTests {
    let groups = [StripGroup(name: "this run", values: [60, 70, 80]),
                  StripGroup(name: "committed", values: [40, 40, .nan, 40, 50]),
                  StripGroup(name: "skipped", values: [])]
    // Off the grid's ticks (0, 20, 40, ...), so the dashed line's gaps show white.
    let chance = ReferenceLevel(value: 23, label: "chance 23%")

    func figure() throws -> Figure {
        try Figure.stripChart(groups, reference: chance, valueLabel: "one split", yLabel: "accuracy (%)",
                              yCovers: 0...100, title: "Probe")
    }

    /// The dots drawn in the plot (radius 4.5; the legend's swatch is larger).
    func dots(_ recorded: RecordingBackend) -> [Point] {
        recorded.calls.compactMap { call -> Point? in
            if case let .marker(.circle, center, 4.5, Figure.stripDotColor, _) = call { return center } else { return nil }
        }
    }

    @Test func oneDotPerFiniteValueInItsGroupsColumn() throws {
        let recorded = try figure().recorded()
        let points = dots(recorded)
        #expect(points.count == 7)
        // Columns left to right; the dots of a column spread evenly around its centre, in the order given.
        let first = Array(points[0..<3]), second = Array(points[3..<7])
        #expect(first.allSatisfy { dot in second.allSatisfy { dot.x < $0.x } })
        #expect(zip(first, first.dropFirst()).allSatisfy { $0.x < $1.x })
        let spacing = first[1].x - first[0].x
        #expect(abs((first[2].x - first[1].x) - spacing) < 1e-9)
        // Equal values share a height; heights are linear in the value (60, 70, 80 equally spaced, higher up).
        #expect(second[0].y == second[1].y && second[1].y == second[2].y)
        #expect(first[0].y > first[1].y && abs((first[0].y - first[1].y) - (first[1].y - first[2].y)) < 1e-9)
        #expect(recorded.texts.contains("this run") && recorded.texts.contains("skipped"))
        #expect(recorded.callsOutsideCanvas().isEmpty)
    }

    @Test func theMeanBarCrossesItsColumnAtTheMean() throws {
        let recorded = try figure().recorded()
        let points = dots(recorded)
        let bars = recorded.polylines.filter { $0.style.color == Figure.stripMeanColor && $0.style.width == 3 }
            .filter { $0.points.count == 2 && $0.points[0].y == $0.points[1].y }
        // The legend's swatch is one more bar; the empty group has none.
        let plotted = bars.filter { bar in points.contains { abs($0.x - (bar.points[0].x + bar.points[1].x) / 2) < 60 } }
        #expect(plotted.count == 2)
        // 70 is the first column's middle dot; 42.5 = (40 + 40 + 40 + 50) / 4, the NaN left out.
        #expect(abs(plotted[0].points[0].y - points[1].y) < 1e-9)
        let unit = (points[0].y - points[1].y) / 10  // pixels per point of value
        #expect(abs(plotted[1].points[0].y - (points[3].y - 2.5 * unit)) < 1e-9)
        #expect(plotted[0].points[0].x < points[0].x && plotted[0].points[1].x > points[2].x)
        #expect(groups[1].mean == 42.5 && groups[2].mean == nil)
    }

    @Test func theReferenceIsADashedLineAcrossThePlotWithItsLegend() throws {
        let recorded = try figure().recorded()
        let points = dots(recorded)
        let reference = recorded.polylines.filter { $0.style == Figure.stripReferenceStyle && $0.points.count == 2 }
        let across = try #require(reference.max { abs($0.points[1].x - $0.points[0].x) < abs($1.points[1].x - $1.points[0].x) })
        let unit = (points[0].y - points[1].y) / 10
        #expect(abs(across.points[0].y - (points[0].y + 37 * unit)) < 1e-9, "at 23, 37 points below the 60 dot")
        #expect(across.points[0].x < points[0].x && across.points[1].x > points[6].x)
        for text in ["chance 23%", "mean", "one split", "accuracy (%)", "Probe"] {
            #expect(recorded.texts.contains(text), "missing \(text)")
        }
        #expect(recorded.texts.filter { $0 == "mean" }.count == 1)
    }

    @Test func badInputIsATypedError() {
        #expect(throws: PlotError.self) { try Figure.stripChart([], reference: nil, valueLabel: "v", yLabel: "y") }
        #expect(throws: PlotError.self) {
            try Figure.stripChart(groups, reference: ReferenceLevel(value: .nan, label: "x"), valueLabel: "v", yLabel: "y")
        }
    }

    @Test func theWrittenPNGShowsTheDotsAndTheDashedLine() throws {
        let folder = SharedFixtures.temporaryDirectory("plotting")
        defer { try? FileManager.default.removeItem(at: folder) }
        let figure = try figure()
        let url = folder.appendingPathComponent("03-transfer.png")
        try figure.writePNG(to: url)
        let png = try PNGPixels(contentsOf: url)
        let scale = Figure.defaultScale
        #expect(png.width == Int(figure.size.width * scale) && png.height == Int(figure.size.height * scale))
        let recorded = figure.recorded()
        for dot in dots(recorded) {
            #expect(png.hasColor(Figure.stripDotColor, near: dot, scale: scale, radius: 1, tolerance: 0.05),
                    "no dot colour at \(dot)")
        }
        // Along the dashed line, both the line's grey and the white gaps show.
        let line = try #require(recorded.polylines.first { $0.style == Figure.stripReferenceStyle && $0.points.count == 2 })
        let samples = stride(from: line.points[0].x + 2, to: line.points[1].x - 2, by: 1).map {
            png.color(at: Point(x: $0, y: line.points[0].y), scale: scale)
        }
        let grey = samples.filter { $0.isClose(to: Figure.stripReferenceStyle.color, tolerance: 0.12) }.count
        let white = samples.filter { $0.isClose(to: .white, tolerance: 0.05) }.count
        #expect(grey > samples.count / 4 && white > samples.count / 6, "\(grey) grey, \(white) white of \(samples.count)")
    }
}
