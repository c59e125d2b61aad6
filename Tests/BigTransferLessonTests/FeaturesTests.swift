import Foundation
import LessonKit
import Testing
import Training

/// The cached backbone features: keyed by what fixes their pixels, so another resize
/// computes new ones while the dataset and the model stay cached.
@Suite struct FeaturesTests {
    @Test func baselineStoresHoldTheValidationImagesAndEveryTrainingViewDrawn() throws {
        let run = try Baseline.shared.get()
        let training = try run.training
        #expect(training.featureStore.hasSuffix("-r64-c48-s42"))
        #expect(run.featureStores == [training.featureStore])
        let root = try run.featureFolder(training.featureStore)
        let validation = try FeatureStore(root: root, key: "validation")
        let train = try FeatureStore(root: root, key: "train")
        #expect(validation.count == 10)
        #expect(validation.featureWidth == 2048)
        // View 0 of the 50 training images up front, then each view first drawn during training.
        #expect(train.count == 50 + training.trainFeatureMisses)
    }

    @Test func changingResizeToRecomputesTheFeaturesButNotTheDatasetOrTheModel() throws {
        let run = try LessonRun.copyOfBaseline()
        let before = try run.training
        #expect(try run.run(extra: [.init(key: "resize_to", value: "80")]) == .completed)
        #expect(run.cells(fromCache: true) == ["setup", "load-dataset", "visualize", "load-model", "build-head"])
        #expect(run.cells(fromCache: false) == ["define-pipeline", "train", "plot-history", "evaluate",
                                                "random-backbone", "fine-tune", "compare", "few-shot"])

        let after = try run.training
        #expect(after.featureStore.hasSuffix("-r80-c48-s42"))
        #expect(after.featureStore != before.featureStore)
        #expect(after.trainFeatureMisses == before.trainFeatureMisses, "the same draws, each view new again")
        #expect(run.featureStores == [before.featureStore, after.featureStore].sorted())
        #expect(try FeatureStore(root: try run.featureFolder(after.featureStore), key: "validation").count == 10)
        #expect(try run.text("summary.md").contains("| resize | bilinear to 80x80 (TF half-pixel centers) |"))
    }

    @Test func aDamagedChunkOfStoredFeaturesIsRecomputedByItselfAndGivesTheSameResult() throws {
        let run = try LessonRun.copyOfBaseline()
        let before = try Evaluation.read(from: run.outputFile("metrics.json"))
        let folder = try run.featureFolder(try run.training.featureStore).appendingPathComponent("validation")
        let chunk = folder.appendingPathComponent("chunk-000000.npy")
        var bytes = try Data(contentsOf: chunk)
        bytes[bytes.count - 1] ^= 0x40
        try bytes.write(to: chunk)
        #expect(try run.run(cells: ["evaluate"]) == .completed, "\(run.output)")
        #expect(run.output.contains("stored validation features: chunk-000000.npy changed since it was written"))
        let after = try Evaluation.read(from: run.outputFile("metrics.json"))
        #expect(after.accuracy == before.accuracy && after.confusion == before.confusion)
        #expect(try FeatureStore(root: folder.deletingLastPathComponent(), key: "validation").repairs.isEmpty)
    }
}
