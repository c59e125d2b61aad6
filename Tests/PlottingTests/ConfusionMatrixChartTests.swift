import Foundation
import Testing
import TestSupport
@testable import Plotting

@Suite struct ConfusionMatrixChartTests {
    let names = ["daisy", "dandelion", "roses", "sunflowers", "tulips"]
    let counts = [[50, 2, 1, 0, 3], [1, 60, 0, 4, 0], [0, 0, 45, 1, 9], [0, 3, 0, 58, 1], [2, 0, 7, 0, 49]]

    @Test func everyCellShowsItsCountInAContrastingColour() throws {
        let panel = try ConfusionMatrixPanel(counts: counts, classNames: names)
        let recorded = try Figure.confusionMatrix(counts: counts, classNames: names).recorded()
        let texts = recorded.texts
        #expect(texts.contains("Confusion matrix") && texts.contains("true") && texts.contains("predicted"))
        for name in names { #expect(texts.filter { $0 == name }.count == 2, "\(name) on both axes") }
        let diagonal = recorded.textCalls.first { $0.text == "60" }
        #expect(diagonal?.style.color == .white)  // 92% of its row: dark blue
        let offDiagonal = recorded.textCalls.first { $0.text == "9" }
        #expect(offDiagonal?.style.color == .textBlack)  // 16%: light blue
        #expect(abs(panel.rowShare(1, 1) - 60.0 / 65.0) < 1e-12)
        #expect(recorded.callsOutsideCanvas().isEmpty)
    }

    @Test func coloursAreRowNormalised() throws {
        // Row 0 has 10 images, row 1 has 1000: both all correct, so both diagonals are equally dark.
        let panel = try ConfusionMatrixPanel(counts: [[10, 0], [0, 1000]], classNames: ["a", "b"])
        #expect(panel.cellColor(0, 0) == panel.cellColor(1, 1))
        #expect(panel.cellColor(0, 0) == Palette.sequentialBlue(1))
        let empty = try ConfusionMatrixPanel(counts: [[0, 0], [0, 0]], classNames: ["a", "b"])
        #expect(empty.rowShare(0, 0) == 0)
    }

    @Test func writtenPNGPaintsTheDiagonalDark() throws {
        let folder = SharedFixtures.temporaryDirectory("plotting")
        defer { try? FileManager.default.removeItem(at: folder) }
        let figure = try Figure.confusionMatrix(counts: counts, classNames: names)
        let url = folder.appendingPathComponent("04-confusion.png")
        try figure.writePNG(to: url)
        let png = try PNGPixels(contentsOf: url)
        let panel = try ConfusionMatrixPanel(counts: counts, classNames: names)
        let cells = figure.recorded().filledRects.filter { rect in
            (0..<5).contains { row in (0..<5).contains { panel.cellColor(row, $0) == rect.color } }
        }
        #expect(cells.count >= 25)
        // Cell (0, 0) is the first drawn: sample its corner, away from the count's digits.
        let first = cells[0]
        let sample = Point(x: first.rect.minX + 3, y: first.rect.minY + 3)
        #expect(png.color(at: sample, scale: Figure.defaultScale).isClose(to: panel.cellColor(0, 0), tolerance: 0.02))
    }

    @Test func longClassNamesTurnAndStayOnTheCanvas() throws {
        let long = (0..<8).map { "a long class name \($0)" }
        let matrix = (0..<8).map { row in (0..<8).map { $0 == row ? 20 : 1 } }
        let recorded = try Figure.confusionMatrix(counts: matrix, classNames: long).recorded()
        let columnLabel = recorded.textCalls.last { $0.text == long[0] }
        #expect(columnLabel?.style.rotation == 45)
        #expect(recorded.callsOutsideCanvas().isEmpty)
    }

    @Test func mismatchedShapesAreTypedErrors() {
        #expect(throws: PlotError.self) { try Figure.confusionMatrix(counts: [[1, 2]], classNames: ["a", "b"]) }
        #expect(throws: PlotError.self) { try Figure.confusionMatrix(counts: [[1, 2], [3]], classNames: ["a", "b"]) }
        #expect(throws: PlotError.self) { try Figure.confusionMatrix(counts: [], classNames: []) }
        #expect(throws: PlotError.self) { try Figure.confusionMatrix(counts: [[-1]], classNames: ["a"]) }
        do {
            _ = try Figure.confusionMatrix(counts: [[1, 2]], classNames: ["a", "b"])
        } catch {
            #expect("\(error)".contains("2x2"))
        }
    }
}
