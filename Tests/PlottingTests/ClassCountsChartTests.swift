import Testing
@testable import Plotting

@Suite struct ClassCountsChartTests {
    let names = ["daisy", "dandelion", "roses", "sunflowers", "tulips"]
    let splits = [SplitCounts(name: "train", counts: [570, 808, 577, 629, 720]),
                  SplitCounts(name: "validation", counts: [63, 90, 64, 70, 79])]

    @Test func groupedBarsWithLegendAndCounts() throws {
        let recorded = try Figure.classCounts(classNames: names, splits: splits).recorded()
        let texts = recorded.texts
        #expect(texts.contains("train") && texts.contains("validation"))
        for name in names { #expect(texts.contains(name)) }
        #expect(texts.contains("808") && texts.contains("63"))
        let bars = recorded.filledRects.filter { $0.color == Palette.color(at: 0) && $0.rect.width > 13 }
        #expect(bars.count == 5)
        // Heights are proportional to the counts.
        let ratio = bars[1].rect.height / bars[0].rect.height
        #expect(abs(ratio - 808.0 / 570.0) < 1e-6)
        #expect(recorded.callsOutsideCanvas().isEmpty)
    }

    @Test func barsOfOneGroupSitSideBySide() throws {
        let recorded = try Figure.classCounts(classNames: names, splits: splits).recorded()
        let train = recorded.filledRects.filter { $0.color == Palette.color(at: 0) && $0.rect.width > 13 }
        let validation = recorded.filledRects.filter { $0.color == Palette.color(at: 1) && $0.rect.width > 13 }
        #expect(validation.count == 5)
        for (a, b) in zip(train, validation) {
            #expect(b.rect.minX > a.rect.maxX && b.rect.minX - a.rect.maxX < 2)
            #expect(abs(a.rect.maxY - b.rect.maxY) < 1e-9)  // a common baseline at zero
        }
    }

    @Test func mismatchedCountsAreATypedError() {
        #expect(throws: PlotError.self) {
            try Figure.classCounts(classNames: names, splits: [SplitCounts(name: "train", counts: [1, 2])])
        }
        #expect(throws: PlotError.self) { try Figure.classCounts(classNames: [], splits: []) }
    }

    @Test func noSplitsGivesEmptyAxes() throws {
        let recorded = try Figure.classCounts(classNames: names, splits: []).recorded()
        #expect(recorded.texts.contains("daisy"))
        #expect(recorded.callsOutsideCanvas().isEmpty)
    }
}
