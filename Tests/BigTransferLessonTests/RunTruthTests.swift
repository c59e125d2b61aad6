import Foundation
import ImagePipeline
import LessonKit
import Tensors
import TestSupport
import Testing
import Training
@testable import BigTransferLesson

/// What the lesson says is true of the run it made: prose from the run record, a warning when
/// the head learned nothing, the figure of the batch really drawn, features keyed by code versions.
@Suite struct RunTruthTests {
    @Test func theProseOfATinyRunIsFilledFromItsRecord() throws {
        let run = try Baseline.shared.get()
        try ProseCheck.expectNarratives(of: run)
        try ProseCheck.expectRecordMatchesState(of: run)
        let summary = try run.text("summary.md")
        // The real lesson's facts appear only as such.
        #expect(summary.contains("(The real lesson uses BiT-M-R50x1, 2,048 features, pre-trained on ImageNet-21k"))
        #expect(summary.contains("This run's data is the image folder `flowers`: 60 images in 5 classes"))
        #expect(!summary.contains("tf_flowers holds"))
        #expect(summary.contains("| validation accuracy |") && summary.contains("Keras lesson (other setup, for orientation)"))
        // Its random backbone and 6 steps leave the validation loss at ln 5: the summary says so, as run.json does.
        let warnings = run.record?.cell("train")?.warnings ?? []
        #expect(warnings.count == 1 && warnings[0].hasPrefix("the head did not learn"))
        for warning in warnings { #expect(summary.contains("> **Warning from `train`:** \(warning)")) }
    }

    @Test func metricsJSONCarriesTheReferenceFromTheLessonFile() throws {
        let run = try Baseline.shared.get()
        struct File: Decodable {
            struct Reference: Decodable { var accuracy: Double; var loss: Double?; var validationImages: Int?
                                          var source: String; var sameSetup: Bool }
            var accuracy: Double
            var reference: Reference
        }
        let file = try JSONDecoder().decode(File.self, from: Data(contentsOf: run.outputFile("metrics.json")))
        #expect(file.reference.accuracy == 0.9727 && file.reference.loss == 0.0874)
        #expect(file.reference.validationImages == 550)
        #expect(file.reference.source.contains("Accuracy: 97.27%"))
        #expect(!file.reference.sameSetup)
        let lesson = try LessonDefinition.lesson.get()
        #expect(lesson.reference?.number("accuracy") == 0.9727)
        #expect(lesson.reference?.url == "https://keras.io/examples/vision/bit/")
    }

    @Test func aHeadThatLearnedNothingSaysSoInTheTerminalAndTheSummary() throws {
        let run = try LessonRun.copyOfBaseline()
        #expect(try run.run(cells: ["train"], extra: [.init(key: "learning_rate", value: "1e-9")]) == .completed)
        let warning = try #require(run.record?.cell("train")?.warnings?.first)
        #expect(warning.hasPrefix("the head did not learn"))
        #expect(warning.contains("the learning rate (1e-09) is too small"))
        #expect(warning.contains("its validation loss (1.6094, epoch 1) is within 2% of ln 5 = 1.6094"))
        #expect(warning.contains("`standardize_features=false`"))
        #expect(warning.contains("Try: `lesson run 62 --data "))
        #expect(warning.contains("--set learning_rate=0.01 --set standardize_features=true`"))
        #expect(run.output.contains("WARNING: the head did not learn"))
        #expect(run.output.contains("WARNING (train): the head did not learn"))
        let summary = try run.text("summary.md")
        let banner = try #require(summary.components(separatedBy: "\n").first { $0.hasPrefix("> **Warning from `train`:**") })
        #expect(banner.contains("the head did not learn"))
        // The banner stands at the top, before the introduction and the cells.
        let top = try #require(summary.range(of: banner)), first = try #require(summary.range(of: "## 1."))
        #expect(top.lowerBound < first.lowerBound)
        // 20% is the commonest class's share of the 10 validation images: the kept accuracy is within 5 points.
        #expect(warning.contains("of the 20.00% that always answering the commonest class gets"))
    }

    @Test func theDefinePipelineFigureShowsTheFirstBatchTheTrainingStreamDraws() throws {
        let run = try Baseline.shared.get()
        let dataset = try run.dataset
        let shown = try run.output(Pipeline.self, cell: "define-pipeline").firstBatch
        // The stream of the Training library, seed 42, batch 16; first pass: view 0 for every draw.
        let stream = TrainingStream(imageCount: dataset.trainIndices.count, seed: 42)
        let draws = stream.batch(0, size: TinyInputs.batchSize)
        let files = draws.map { dataset.trainIndices[$0.image] }
        #expect(shown.files == files.map { dataset.files[$0] })
        #expect(shown.views == draws.map { $0.appearance % 2 })
        #expect(shown.files.count == 16)
        // Its pixels are those views of those images: decode, flip, resize 64, crop 48 as the pipeline does.
        let inputs = try TinyInputs.shared.get()
        let plan = AugmentationPlan(resizeTo: 64, cropTo: 48, method: .bilinear)
        let images = try files.map { try ImageDecoder.decode(contentsOf: inputs.data.appendingPathComponent(dataset.files[$0])) }
        let views = zip(files, shown.views).map { plan.view(seed: 42, imageIndex: $0, viewIndex: $1) }
        let expected = plan.batch(images, views: views)
        let stored = try Data(contentsOf: try run.stateDirectory("define-pipeline").appendingPathComponent(FirstBatch.pixelsFileName))
        let pixels = stored.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
        #expect(pixels == expected.scalars)
        #expect(try run.record?.cell("define-pipeline")?.values?["shown"] == "16")

    }

    /// The lesson program with one cell's code version changed.
    struct BumpedProgram: LessonProgram {
        let cell: String
        var number: Int { 62 }
        func cells() -> [CellImplementation] {
            BigTransferProgram().cells().map { implementation in
                implementation.name == cell
                    ? implementation.withVersion(implementation.version + "-bumped")
                    : implementation
            }
        }
        func resolveInputs(_ given: InputRequest) throws -> ResolvedInputs { try BigTransferProgram().resolveInputs(given) }
    }

    @Test func bumpingThePipelineCellsVersionRecomputesTheFeatures() throws {
        let run = try LessonRun.copyOfBaseline()
        let before = run.featureStores
        let oldKey = try run.training.featureStore
        run.program = BumpedProgram(cell: "define-pipeline")
        #expect(try run.run() == .completed)
        let training = try run.training
        #expect(training.featureStore != oldKey)
        #expect(training.featureStore.contains("-bumped"))
        #expect(run.featureStores.count > before.count)
        #expect(run.cells(fromCache: false).contains("train"))
        // Every view drawn was computed anew: the first view of each training image before the
        // loop, then the second views when first drawn.
        #expect(training.trainFeatureMisses > 0)
    }

    @Test func splitCSVListsEveryFileWithItsClassAndSubset() throws {
        let run = try Baseline.shared.get()
        let dataset = try run.dataset
        let lines = try run.text("split.csv").split(separator: "\n").map(String.init)
        #expect(lines.first == "file,class,subset")
        #expect(lines.count == dataset.files.count + 1)
        let validation = Set(dataset.validationIndices)
        for (index, line) in lines.dropFirst().enumerated() {
            let fields = line.split(separator: ",").map(String.init)
            #expect(fields == [dataset.files[index], dataset.classNames[dataset.labels[index]],
                               validation.contains(index) ? "validation" : "train"])
        }
        #expect(lines.filter { $0.hasSuffix(",validation") }.count == dataset.validationIndices.count)
    }

    @Test func theDefaultsAreTheKerasLessonsAndTheMiniatureProfileItsOwn() throws {
        let lesson = try LessonDefinition.lesson.get()
        let train = Train()
        try train.setParameters(try ResolvedParameters(lesson: lesson, profile: nil, assignments: []))
        let keras = try train.compile()
        let c = keras.configuration(seed: 42)
        #expect(c.batchSize == 64 && c.stepsPerEpoch == 10 && c.epochs == 400)
        #expect(c.momentum == 0.9 && !c.nesterov && c.earlyStoppingPatience == 2 && c.featureViews == 2)
        #expect(c.mixUpAlpha == 0 && !keras.standardizeFeatures && keras.featureMode == .cached)
        let rate = 0.003 * 64 / 512
        #expect(c.schedule.learningRate(at: 0) == rate && c.schedule.learningRate(at: 200) == rate)
        #expect(abs(c.schedule.learningRate(at: 201) - rate / 10) < 1e-15)
        #expect(abs(c.schedule.learningRate(at: 401) - rate / 1000) < 1e-15)
        let pipeline = DefinePipeline()
        try pipeline.setParameters(try ResolvedParameters(lesson: lesson, profile: nil, assignments: []))
        #expect(pipeline.resizeTo == 384 && pipeline.cropTo == 224 && pipeline.seed == 42 && pipeline.batchSize == 64)
        let dataset = LoadDataset()
        try dataset.setParameters(try ResolvedParameters(lesson: lesson, profile: nil, assignments: []))
        #expect(dataset.split == .tfds && dataset.trainFraction == 0.85)

        let profile = try #require(lesson.profiles.first { $0.name == "miniature" })
        #expect(profile.when == ["weights": "assets/BiT-shapes-R14x0.5.npz"])
        #expect(lesson.inputs.first { $0.name == "weights" }?.shipped == "assets/BiT-shapes-R14x0.5.npz")
        try train.setParameters(try ResolvedParameters(lesson: lesson, profile: "miniature", assignments: []))
        let miniature = try train.compile()
        #expect(miniature.configuration(seed: 42).schedule.learningRate(at: 0) == 0.01)
        #expect(miniature.patience == 5 && miniature.featureViews == 4)
        #expect(miniature.standardizeFeatures)
    }
}
