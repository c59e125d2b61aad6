import Foundation
import Testing
import TestSupport
@testable import SyntheticFlowers

/// The embedded set: named for what fixes its pixels, written once, the same flowers for every count.
@Suite struct EmbeddedFlowersTests {
    @Test func theFolderNameAndSummaryHoldEverythingThatFixesThePixels() throws {
        let flowers = try EmbeddedFlowers(imagesPerClass: 150)
        #expect(flowers.folderName == "synthetic-flowers-v\(SyntheticFlowers.generatorVersion)-seed42-160px-150")
        #expect(flowers.summary == "5 classes x 150 images, 160x160, drawn from seed 42")
        #expect(flowers.imageCount == 750)
        #expect(throws: SyntheticFlowersError.self) { try EmbeddedFlowers(imagesPerClass: 0) }
    }

    @Test func ensureWritesOnceAndTheSmallerSetIsTheLargerSetsFirstSamples() throws {
        let cache = SharedFixtures.temporaryDirectory("embedded-flowers")
        defer { try? FileManager.default.removeItem(at: cache) }
        let small = try EmbeddedFlowers(imagesPerClass: 2)
        var drawn = 0
        #expect(!small.isWritten(in: cache))
        let folder = try small.ensure(in: cache) { drawn += 1 }
        #expect(drawn == 10)
        #expect(folder == cache.appendingPathComponent(small.folderName))
        #expect(small.isWritten(in: cache))
        try small.ensure(in: cache) { drawn += 1 }
        #expect(drawn == 10, "a written set is not drawn again")
        // Image i of a class is sample i whatever the count: the sets agree where they overlap.
        let larger = try EmbeddedFlowers(imagesPerClass: 3).ensure(in: cache)
        let name = "roses/" + SyntheticFlowers.fileName(classIndex: 2, sampleIndex: 1)
        #expect(try Data(contentsOf: folder.appendingPathComponent(name))
                == Data(contentsOf: larger.appendingPathComponent(name)))
    }
}
