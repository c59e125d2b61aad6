import Testing
import ImagePipeline

@Suite struct StratifiedSplitTests {
    // 40 of class 0, 20 of class 1, 7 of class 2, interleaved.
    let labels: [Int] = (0..<40).map { _ in 0 } + (0..<20).map { _ in 1 } + (0..<7).map { _ in 2 }

    @Test func parsesTfdsSlices() throws {
        #expect(try SplitSlice(parsing: "train[:85%]") == SplitSlice(lowerPercent: 0, upperPercent: 85))
        #expect(try SplitSlice(parsing: "train[85%:]") == SplitSlice(lowerPercent: 85, upperPercent: 100))
        #expect(try SplitSlice(parsing: "train[10%:20%]") == SplitSlice(lowerPercent: 10, upperPercent: 20))
        #expect(try SplitSlice(parsing: "train") == SplitSlice(lowerPercent: 0, upperPercent: 100))
        #expect(throws: SplitSliceError.self) { try SplitSlice(parsing: "train[:85]") }
        #expect(throws: SplitSliceError.self) { try SplitSlice(parsing: "train[:85%") }
        #expect(throws: SplitSliceError.self) { try SplitSlice(parsing: "train[90%:10%]") }
    }

    @Test func splitsEachClassByTheFraction() throws {
        let split = StratifiedSplit(labels: labels, classCount: 3, seed: 1)
        let train = try SplitSlice(parsing: "train[:85%]"), validation = try SplitSlice(parsing: "train[85%:]")
        // round(0.85 * 40) = 34, round(0.85 * 20) = 17, round(0.85 * 7) = round(5.95) = 6.
        #expect(split.countsPerClass(train) == [34, 17, 6])
        #expect(split.countsPerClass(validation) == [6, 3, 1])
        let trainIndices = split.indices(train), validationIndices = split.indices(validation)
        #expect(trainIndices.count == 57 && validationIndices.count == 10)
        #expect(Set(trainIndices).isDisjoint(with: validationIndices))
        #expect(Set(trainIndices + validationIndices) == Set(0..<67))
        #expect(validationIndices.filter { labels[$0] == 1 }.count == 3)
    }

    @Test func theSeedFixesTheSplit() throws {
        let train = try SplitSlice(parsing: "train[:85%]")
        let a = StratifiedSplit(labels: labels, classCount: 3, seed: 9).indices(train)
        #expect(a == StratifiedSplit(labels: labels, classCount: 3, seed: 9).indices(train))
        #expect(Set(a) != Set(StratifiedSplit(labels: labels, classCount: 3, seed: 10).indices(train)))
    }
}
