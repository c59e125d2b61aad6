import Foundation
import Testing
@testable import Plotting

@Suite struct ImageGridSectionsTests {
    func square(_ color: Color) throws -> PlotImage { try solidImage(width: 32, height: 32, color) }

    func images(_ recorded: RecordingBackend) -> [Rect] {
        recorded.calls.compactMap { call -> Rect? in
            if case let .image(_, _, rect) = call { return rect } else { return nil }
        }
    }

    @Test func sectionsStackUnderTheirHeadingsWithTilesInTheSameColumns() throws {
        let first = try (0..<7).map { ImageTile(image: try square(.black), title: "batch \($0)") }
        let second = try (0..<3).map { ImageTile(image: try square(.white), title: "view \($0)") }
        let figure = Figure.imageGridSections([ImageGridSection(heading: "The batch", tiles: first),
                                               ImageGridSection(heading: "One image", tiles: second)], columns: 5)
        let recorded = figure.recorded()
        #expect(recorded.texts.first == "The batch" && recorded.texts.contains("One image"))
        let rects = images(recorded)
        #expect(rects.count == 10)
        // The first section takes two rows (5 + 2); the second starts below both, one row of three.
        let rows = Set(rects.map { ($0.minY * 1000).rounded() }).sorted()
        #expect(rows.count == 3)
        let secondRow = rects[7...]
        #expect(secondRow.allSatisfy { $0.minY > rects[5].maxY })
        // Same tile size everywhere, and the second section's tiles sit in the first three columns.
        #expect(rects.allSatisfy { abs($0.width - rects[0].width) < 1e-9 && abs($0.height - rects[0].height) < 1e-9 })
        for (index, rect) in secondRow.enumerated() { #expect(abs(rect.minX - rects[index].minX) < 1e-9) }
        // The heading of the second section lies between the sections.
        let heading = try #require(recorded.textCalls.first { $0.text == "One image" })
        #expect(heading.placement.anchor.y > rects[5].maxY && heading.placement.anchor.y < rects[7].minY)
        #expect(recorded.callsOutsideCanvas().isEmpty)
    }
}
