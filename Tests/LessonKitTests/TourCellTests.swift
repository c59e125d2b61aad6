import Foundation
import LessonKit
import TestSupport
import Testing
@testable import TourLesson

/// Each of the tour's cells run alone with the values a test gives it, no runner.
@Suite struct TourCellTests {
    static let lesson = Result {
        try LessonFile.load(SharedFixtures.repositoryRoot.appendingPathComponent("lessons/00-tour/lesson.toml"))
    }

    static func run<C: Cell>(_ cell: C) throws -> (C.Output, CellContext) {
        let folder = SharedFixtures.temporaryDirectory("tour-\(C.id)")
        let context = try CellContext.standalone(C.id, in: folder, lesson: try lesson.get())
        return (try cell.run(context), context)
    }

    static func numbers(_ values: [Double]) -> NumberList {
        NumberList(values: values, files: [.init(name: "a.txt", count: values.count)])
    }

    @Test func readNumbersParsesEveryTextFileInNameOrder() throws {
        let folder = SharedFixtures.temporaryDirectory("tour-numbers")
        try Data("3\n 1.5 \n\n".utf8).write(to: folder.appendingPathComponent("b.txt"))
        try Data("-2\n".utf8).write(to: folder.appendingPathComponent("a.txt"))
        try Data("not read".utf8).write(to: folder.appendingPathComponent("notes.md"))
        let read = ReadNumbers()
        read.delayMs = 0
        read.numbers = ResolvedInput(url: folder, description: "test numbers", origin: .flag("--data"))
        let (list, context) = try Self.run(read)
        #expect(list.values == [-2, 3, 1.5])
        #expect(list.files == [.init(name: "a.txt", count: 1), .init(name: "b.txt", count: 2)])
        #expect(context.facts.map(\.value) == ["2", "3"])
        try Data("4\nfour\n".utf8).write(to: folder.appendingPathComponent("c.txt"))
        #expect { try Self.run(read) } throws: { "\($0)" == "c.txt, line 2: 'four' is not a number. Fix or remove that line." }
    }

    @Test func histogramCountsEqualWidthBinsTheLastIncludingTheMaximum() throws {
        let histogram = Histogram()
        histogram.bins = 4
        histogram.numbers = Self.numbers([0, 1, 2, 3, 4, 8, 8])
        let (counts, context) = try Self.run(histogram)
        #expect(counts == HistogramCounts(low: 0, width: 2, counts: [2, 2, 1, 2]))
        let svg = try String(contentsOf: context.publishedFile("01-histogram.svg"), encoding: .utf8)
        #expect(svg.hasPrefix("<svg") && svg.components(separatedBy: "<rect x=").count == 5)
    }

    @Test func statisticsAreThePopulationMomentsAndTheMedian() throws {
        let statistics = Statistics()
        statistics.precision = 1
        statistics.numbers = Self.numbers([4, 1, 3, 2])
        let (result, context) = try Self.run(statistics)
        #expect(result == NumberStatistics(count: 4, mean: 2.5, std: 1.25.squareRoot(), min: 1, median: 2.5, max: 4))
        #expect(context.facts.map(\.value) == ["2.5", "1.1"])
        let json = try JSONDecoder().decode([String: Double].self,
                                            from: Data(contentsOf: context.publishedFile("statistics.json")))
        #expect(json == ["count": 4, "mean": 2.5, "std": 1.25.squareRoot(), "min": 1, "median": 2.5, "max": 4])
    }
}
