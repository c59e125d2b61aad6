import Foundation
import ProceduralImages
import Tensors
import Testing

@Suite struct ProceduralDatasetTests {
    private let toy = ToyDataset(seed: 21, imageSize: 40)

    @Test func manifestNamesTheGeneratorAndTheRequest() {
        let manifest = toy.manifest(imagesPerClass: 6)
        #expect(manifest == DatasetManifest(generator: "toy-dots", generatorVersion: 4, seed: 21, imageSize: 40,
                                            imagesPerClass: 6, classNames: ["dot", "dash"]))
        #expect(toy.datasetFolder(imagesPerClass: 6).manifest == manifest)
        #expect(ToyDataset.manifestFileName == "manifest.json")
    }

    @Test func fileNamesUseTheClassName() {
        #expect(ToyDataset.fileName(classIndex: 1, sampleIndex: 42) == "dash_0042.png")
    }

    @Test func randomStreamIsTheSampleStreamOfTheSeed() {
        var fromDataset = toy.randomStream(classIndex: 1, sampleIndex: 3)
        var direct = SampleStream.generator(seed: 21, classIndex: 1, sampleIndex: 3)
        #expect(fromDataset.next() == direct.next())
    }
}

private struct ToyDataset: ProceduralDataset {
    static let classNames = ["dot", "dash"]
    static let supportedSizes = 8...64
    static let generatorName = "toy-dots"
    static let generatorVersion = 4
    let seed: UInt64
    let imageSize: Int
}
