import Foundation
import Testing
import TestSupport
@testable import Plotting

/// A panel that only fills its rectangle, to see where the figure put it.
private struct SwatchPanel: FigurePanel {
    let color: Color
    func draw(in rect: Rect, on backend: PlotBackend, theme: Theme) {
        backend.fillRect(rect, color: color)
    }
}

@Suite struct FigureTests {
    func figure(panels: Int, columns: Int, title: String? = nil) -> Figure {
        Figure(size: Size(width: 300, height: 200), title: title,
               panels: (0..<panels).map { SwatchPanel(color: Palette.color(at: $0)) }, columns: columns)
    }

    @Test func panelsFillAGridRowByRow() {
        let layout = figure(panels: 3, columns: 2)
        #expect(layout.rows == 2)
        let rects = layout.panelRects(in: Rect(x: 0, y: 0, width: 216, height: 116))
        #expect(rects == [Rect(x: 0, y: 0, width: 100, height: 50), Rect(x: 116, y: 0, width: 100, height: 50),
                          Rect(x: 0, y: 66, width: 100, height: 50)])
    }

    @Test func backgroundComesFirstAndTheTitleTakesItsSpace() {
        let recorded = figure(panels: 1, columns: 1, title: "Title").recorded()
        #expect(recorded.calls.first == .fillRect(Rect(x: 0, y: 0, width: 300, height: 200), .white))
        #expect(recorded.texts == ["Title"])
        let panel = recorded.filledRects[1].rect
        let title = recorded.textCalls[0].placement.bounds
        #expect(panel.minY >= title.maxY + Theme.standard.titleGap - 1e-9)
        #expect(panel.maxY == 200 - 12)
    }

    @Test func writesThePNGAtTheRequestedScale() throws {
        let folder = SharedFixtures.temporaryDirectory("plotting")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("figure.png")
        try figure(panels: 2, columns: 2).writePNG(to: url, scale: 1.5)
        let png = try PNGPixels(contentsOf: url)
        #expect(png.width == 450 && png.height == 300)
        #expect(png.color(x: 3, y: 3).isClose(to: .white, tolerance: 0.01))
        #expect(png.color(x: 225 / 2, y: 150).isClose(to: Palette.color(at: 0), tolerance: 0.01))
        #expect(png.color(x: 225 + 225 / 2, y: 150).isClose(to: Palette.color(at: 1), tolerance: 0.01))
    }

    @Test func anEmptyFigureIsJustItsBackground() {
        let recorded = Figure(size: Size(width: 10, height: 10), panels: []).recorded()
        #expect(recorded.calls.count == 1)
    }

    @Test func pngBytesMatchTheWrittenFile() throws {
        let folder = SharedFixtures.temporaryDirectory("plotting")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("figure.png")
        let shown = figure(panels: 2, columns: 2, title: "Same")
        try shown.writePNG(to: url)
        let bytes = try shown.pngData()
        #expect(Array(bytes.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        #expect(bytes == (try Data(contentsOf: url)))
    }
}
