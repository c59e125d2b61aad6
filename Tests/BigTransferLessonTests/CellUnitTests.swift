@testable import BigTransferLesson
import Foundation
import ImagePipeline
import LessonKit
import Plotting
import Tensors
import Testing
import TestSupport
import Training

/// Each of lesson 62's cells run alone, as a notebook cell is run with given inputs: its
/// properties set by the test (the upstream values from a cell run alone before it), no runner.
@Suite(.serialized) struct CellUnitTests {
    /// Runs `cell` alone in a fresh folder; returns its output and its context (facts, summary).
    static func run<C: Cell>(_ cell: C) throws -> (C.Output, CellContext) {
        let folder = SharedFixtures.temporaryDirectory("cell-\(C.id)")
        let context = try CellContext.standalone(C.id, in: folder, lesson: try LessonDefinition.lesson.get())
        return (try cell.run(context), context)
    }

    static func fact(_ context: CellContext, _ label: String) -> String? {
        context.facts.first { $0.label == label }?.value
    }

    static func input(_ url: URL) -> ResolvedInput {
        ResolvedInput(url: url, description: "test input \(url.lastPathComponent)", origin: .flag("--test"))
    }

    /// The upstream outputs, each computed by its own cell run alone, once.
    struct Chain {
        let data: ResolvedInput
        let weights: ResolvedInput
        let dataset: Dataset
        let pipeline: Pipeline
        let backbone: Backbone
        let head: NewHead
        let trained: TrainedHead

        static let shared = Result { () throws -> Chain in
            let inputs = try TinyInputs.shared.get()
            let data = CellUnitTests.input(inputs.data), weights = CellUnitTests.input(inputs.weights)
            let load = LoadDataset()
            load.seed = 42
            load.trainFraction = 0.85
            load.split = .stratified
            load.data = data
            let dataset = try CellUnitTests.run(load).0
            let define = DefinePipeline()
            define.resizeTo = 64
            define.cropTo = 48
            define.batchSize = 16
            define.seed = 42
            define.featureViews = 2
            define.featureMode = .cached
            define.dataset = dataset
            define.data = data
            let pipeline = try CellUnitTests.run(define).0
            let model = LoadModel()
            model.weights = weights
            let backbone = try CellUnitTests.run(model).0
            let build = BuildHead()
            build.dataset = dataset
            build.backbone = backbone
            let head = try CellUnitTests.run(build).0
            let train = Chain.train(dataset: dataset, pipeline: pipeline, head: head, data: data, weights: weights)
            return Chain(data: data, weights: weights, dataset: dataset, pipeline: pipeline, backbone: backbone,
                         head: head, trained: try CellUnitTests.run(train).0)
        }

        /// The train cell with the tiny run's settings: three epochs of two steps of 16 images.
        static func train(dataset: Dataset, pipeline: Pipeline, head: NewHead, data: ResolvedInput,
                          weights: ResolvedInput) -> Train {
            let train = Train()
            train.batchSize = 16
            train.stepsPerEpoch = 2
            train.scheduleLength = 6
            train.scheduleBoundaries = [200, 300, 400]
            train.learningRate = 0.003
            train.momentum = 0.9
            train.patience = 2
            train.featureMode = .cached
            train.featureViews = 2
            train.standardizeFeatures = false
            train.dataset = dataset
            train.pipeline = pipeline
            train.head = head
            train.data = data
            train.weights = weights
            return train
        }
    }

    @Test func setupRecordsTheSeedAndTheCores() throws {
        let setup = Setup()
        setup.seed = 5
        let (machine, context) = try Self.run(setup)
        #expect(machine == Machine(seed: 5, cores: ProcessInfo.processInfo.activeProcessorCount))
        #expect(Self.fact(context, "seed") == "5")
    }

    @Test func loadDatasetSplitsEachClassEightyFivePercent() throws {
        let dataset = try Chain.shared.get().dataset
        #expect(dataset.images == 60 && dataset.classes == 5)
        #expect(dataset.classNames == ["daisy", "dandelion", "roses", "sunflowers", "tulips"])
        #expect(dataset.trainImages == 50 && dataset.validationImages == 10)
        #expect(dataset.counts(dataset.trainIndices) == [10, 10, 10, 10, 10])
        #expect(Set(dataset.trainIndices).isDisjoint(with: dataset.validationIndices))
        #expect(dataset.name == "the image folder `flowers`")
    }

    @Test func loadDatasetNamesTheFilesItLeftOut() throws {
        let load = LoadDataset()
        load.seed = 42
        load.trainFraction = 0.85
        load.split = .stratified
        load.data = Self.input(try TinyInputs.shared.get().data)
        let (_, context) = try Self.run(load)
        let paragraphs = context.summary.blocks.compactMap { block -> String? in
            if case .paragraph(let text) = block { return text }
            return nil
        }
        // The generator's record beside the class folders, by name, not "1 non-image files".
        #expect(paragraphs.contains("Left out as not images: `manifest.json` beside the class folders."))
    }

    @Test func visualizeShowsNineTrainingImages() throws {
        let chain = try Chain.shared.get()
        let visualize = Visualize()
        visualize.seed = 42
        visualize.dataset = chain.dataset
        visualize.data = chain.data
        let (samples, context) = try Self.run(visualize)
        #expect(samples.files.count == 9)
        let training = Set(chain.dataset.trainIndices.map { chain.dataset.files[$0] })
        #expect(samples.files.allSatisfy(training.contains))
        #expect(try #require(PNGHeader(contentsOf: context.publishedFile("02-samples.png"))).width > 0)
    }

    @Test func definePipelineDrawsTheFirstBatchOfTheTrainingStream() throws {
        let chain = try Chain.shared.get()
        let stream = TrainingStream(imageCount: chain.dataset.trainIndices.count, seed: 42)
        let draws = stream.batch(0, size: 16)
        #expect(chain.pipeline.firstBatch.files == draws.map { chain.dataset.files[chain.dataset.trainIndices[$0.image]] })
        #expect(chain.pipeline.firstBatch.views == draws.map { $0.appearance % 2 })
        #expect(chain.pipeline.plan.resizeTo == 64 && chain.pipeline.plan.cropTo == 48 && chain.pipeline.shown == 16)
    }

    @Test func definePipelineShowsOneImagesTrainingViewsAsTheTrainerCropsThem() throws {
        let chain = try Chain.shared.get()
        let plan = chain.pipeline.plan
        let first = try #require(chain.dataset.files.firstIndex(of: chain.pipeline.firstBatch.files[0]))
        let images = ImageSource(dataset: chain.dataset, root: chain.data.url, memo: ProcessMemo())
        let cached = try ExampleViews(image: first, dataset: chain.dataset, images: images, plan: plan, seed: 42,
                                      featureViews: 2, mode: .cached)
        // `feature_views` = 2: the two fixed views the head is trained on, no more.
        #expect(cached.viewIndices == [0, 1])
        #expect(cached.views == [0, 1].map { plan.view(seed: 42, imageIndex: first, viewIndex: $0) })
        let decoded = try images.image(first)
        let side = plan.cropTo * plan.cropTo * 3
        for (position, view) in cached.views.enumerated() {
            #expect(Array(cached.crops.scalars[position * side ..< (position + 1) * side])
                    == plan.trainImage(decoded, view: view).values)
        }
        #expect(cached.resized.shape == [1, plan.resizeTo, plan.resizeTo, 3])
        #expect(cached.resized.scalars == plan.testImage(decoded).values)
        // Faithful training draws a new view at every appearance: the first four are shown.
        let faithful = try ExampleViews(image: first, dataset: chain.dataset, images: images, plan: plan, seed: 42,
                                        featureViews: 2, mode: .faithful)
        #expect(faithful.viewIndices == [0, 1, 2, 3] && faithful.crops.shape == [4, plan.cropTo, plan.cropTo, 3])
        // The define-pipeline cell's figure: 16 batch tiles (4 rows of 5) and a row of 3 (resized + 2 views).
        let figure = try FirstBatch.figure(Tensor(shape: [16, plan.cropTo, plan.cropTo, 3],
                                                  scalars: [Float](repeating: 0.5, count: 16 * side)),
                                           labels: Array(repeating: "daisy", count: 16), example: cached)
        let tiles = figure.recorded().calls.filter { if case .image = $0 { return true } else { return false } }
        #expect(tiles.count == 19)
    }

    @Test func loadModelDescribesTheCheckpoint() throws {
        let backbone = try Chain.shared.get().backbone
        #expect(backbone.blockUnits == [1, 1, 1, 1] && backbone.featureCount == 2048 && backbone.rootChannels == 64)
        #expect(backbone.name == "the checkpoint `bit-random.npz`")
        // The random checkpoint has no head: every array is the backbone's.
        #expect(backbone.originalHeadClasses == nil && backbone.parameterCount == backbone.backboneParameterCount)
        #expect(backbone.label == "checkpoint")
        #expect(backbone.pretraining == "of unknown origin: the file does not say what, if anything, they were trained on "
                + "(the checkpoint has no head)")
    }

    @Test func buildHeadIsAZeroDenseLayerOfOneOutputPerClass() throws {
        let head = try Chain.shared.get().head
        #expect(head.head.inputCount == 2048 && head.head.classCount == 5)
        #expect(head.head.weights.allSatisfy { $0 == 0 } && head.head.bias.allSatisfy { $0 == 0 })
        #expect(head.trainable == 2049 * 5)
    }

    @Test func trainFitsTheHeadForTheScheduleAndKeepsTheBestEpoch() throws {
        let trained = try Chain.shared.get().trained
        #expect(trained.history.count == 3 && trained.steps == 6)
        let best = try #require(trained.history.max { $0.validationAccuracy < $1.validationAccuracy })
        #expect(trained.keptAccuracy == best.validationAccuracy)
        #expect(trained.head.weights.contains { $0 != 0 }, "the head learned something")
        #expect(trained.history.allSatisfy { $0.learningRate == 0.003 }, "no boundary is reached in 6 steps")
    }

    @Test func trainRefusesABatchLargerThanTheTrainingSplitBeforeAnyBackbonePass() throws {
        let chain = try Chain.shared.get()
        let train = Chain.train(dataset: chain.dataset, pipeline: chain.pipeline, head: chain.head, data: chain.data,
                                weights: chain.weights)
        train.batchSize = 51
        #expect(throws: LessonStateError.self) { _ = try Self.run(train) }
    }

    @Test func trainRefusesAScheduleShorterThanOneEpoch() throws {
        let chain = try Chain.shared.get()
        let train = Chain.train(dataset: chain.dataset, pipeline: chain.pipeline, head: chain.head, data: chain.data,
                                weights: chain.weights)
        train.scheduleLength = 1
        do {
            _ = try Self.run(train)
            Issue.record("a schedule of 1 step with 2 steps per epoch trained")
        } catch let error as LessonStateError {
            #expect("\(error)".hasPrefix("parameter schedule_length = 1 is shorter than one epoch (steps_per_epoch = 2)"))
        }
    }

    @Test func plotHistoryDrawsEveryEpoch() throws {
        let plot = PlotHistory()
        plot.trained = try Chain.shared.get().trained
        let (figure, context) = try Self.run(plot)
        #expect(figure.epochs == 3)
        #expect(try #require(PNGHeader(contentsOf: context.publishedFile("04-history.png"))).width > 0)
    }

    @Test func evaluateScoresTheKeptHeadOnEveryValidationImage() throws {
        let chain = try Chain.shared.get()
        let evaluate = Evaluate()
        evaluate.dataset = chain.dataset
        evaluate.pipeline = chain.pipeline
        evaluate.backbone = chain.backbone
        evaluate.trained = chain.trained
        evaluate.data = chain.data
        evaluate.weights = chain.weights
        let (result, context) = try Self.run(evaluate)
        #expect(result.images == 10)
        #expect(abs(result.accuracy - Double(result.correct) / 10) < 1e-12)
        // The head's kept validation accuracy is the evaluation's: the same features, the same head.
        #expect(abs(result.accuracy - (chain.trained.keptAccuracy ?? -1)) < 1e-12)
        let metrics = try Evaluation.read(from: context.publishedFile("metrics.json"))
        #expect(metrics.accuracy == result.accuracy)
    }

    @Test func randomBackboneIsSkippedUnlessAsked() throws {
        let cell = RandomBackbone()
        cell.compareRandomBackbone = false
        let (result, context) = try Self.run(cell)
        #expect(result.accuracy == nil && result.epochs == 0)
        #expect(Self.fact(context, "skipped") != nil)
    }

    @Test func fineTuneEstimatesTheRunFromOneMeasuredStep() throws {
        let chain = try Chain.shared.get()
        let cell = FineTune()
        cell.fineTune = false
        cell.fineTuneSteps = 500
        cell.fineTuneLearningRate = 0.000375
        cell.batchSize = 16
        cell.momentum = 0.9
        cell.dataset = chain.dataset
        cell.pipeline = chain.pipeline
        cell.trained = chain.trained
        cell.data = chain.data
        cell.weights = chain.weights
        let (result, _) = try Self.run(cell)
        #expect(result.accuracy == nil && result.steps == 500 && result.secondsPerImage > 0)
        #expect(abs(result.estimatedSeconds - result.secondsPerImage * 500 * 16) < 1e-9)
    }

    @Test func compareSetsTheAccuraciesSideBySide() throws {
        let chain = try Chain.shared.get()
        let compare = Compare()
        compare.dataset = chain.dataset
        compare.backbone = chain.backbone
        compare.evaluation = try JSONDecoder().decode(EvaluationResult.self, from: Data("""
            {"accuracy": 0.8, "loss": 0.5, "correct": 8, "images": 10, "macroF1": 0.79, "referenceRole": "x"}
            """.utf8))
        compare.random = try JSONDecoder().decode(RandomBackboneResult.self, from: Data("""
            {"accuracy": 0.5, "epochs": 7, "keptEpoch": 5, "seconds": 1}
            """.utf8))
        compare.fineTuned = try JSONDecoder().decode(FineTuneResult.self, from: Data("""
            {"accuracy": 0.9, "steps": 15, "seconds": 3, "secondsPerImage": 0.01, "estimatedSeconds": 3}
            """.utf8))
        let (comparison, context) = try Self.run(compare)
        #expect(comparison.reference == 0.9727)
        #expect(abs((comparison.gainFromPretraining ?? 0) - 0.3) < 1e-12)
        #expect(abs((comparison.gainFromFineTuning ?? 0) - 0.1) < 1e-12)
        #expect(Self.fact(context, "gain from pre-training") == "+30.0 points (3 of 10 validation images, within the noise)")
        #expect(Self.fact(context, "gain from fine-tuning") == "+10.0 points (1 of 10 validation images, within the noise)")
        // The bar chart: three measured bars and the Keras lesson's in grey, in the cell's published files.
        let png = try #require(PNGHeader(contentsOf: context.publishedFile(Comparison.figureName)))
        #expect(png.width == 1760 && png.height == 920)
        let bars = try comparison.figure(chance: 0.3, sameSetup: false).recorded().filledRects
        #expect(bars.filter { $0.color == Figure.measuredBarColor && $0.rect.width > 20 }.count == 3)
        #expect(bars.filter { $0.color == Figure.quotedBarColor && $0.rect.width > 20 }.count == 1)
    }

    /// The few-shot cell with the tiny run's head settings: 20 steps of 16 images per head.
    static func fewShot(_ chain: Chain, draws: Int, random: Bool) throws -> FewShot {
        let cell = FewShot()
        cell.fewShotSizes = [25, 1, 2, 5, 10]  // any order: the cell sorts them
        cell.fewShotDraws = draws
        cell.fewShotSteps = 20
        cell.compareRandomBackbone = random
        cell.batchSize = 16
        cell.scheduleBoundaries = [200, 300, 400]
        cell.learningRate = 0.003
        cell.momentum = 0.9
        cell.standardizeFeatures = true
        cell.dataset = chain.dataset
        cell.pipeline = chain.pipeline
        cell.backbone = chain.backbone
        cell.trained = chain.trained
        let output: String = random ? #"{"accuracy": 0.3, "epochs": 3, "keptEpoch": 2, "seconds": 1}"#
            : #"{"epochs": 0, "seconds": 0}"#
        cell.random = try JSONDecoder().decode(RandomBackboneResult.self, from: Data(output.utf8))
        cell.data = chain.data
        cell.weights = chain.weights
        return cell
    }

    @Test func fewShotTrainsHeadsOnEachSizeThatFitsAndOnEveryTrainingImage() throws {
        let chain = try Chain.shared.get()
        let folder = SharedFixtures.temporaryDirectory("cell-few-shot")
        defer { try? FileManager.default.removeItem(at: folder) }
        let context = { try CellContext.standalone(FewShot.id, in: folder, lesson: try LessonDefinition.lesson.get()) }
        let first = try context()
        let result = try Self.fewShot(chain, draws: 3, random: true).run(first)
        // 10 training images per class: 25 does not fit and is said so; "all" is the train cell's 50.
        #expect(result.sizes == [1, 2, 5, 10] && result.skippedSizes == [25])
        #expect(result.allImages == chain.dataset.trainImages && result.allImages == 50)
        #expect(result.sizeNote == "25 per class is skipped: the smallest class (daisy) has 10 training images.")
        #expect(result.sizesRun == "1, 2, 5 and 10 images per class, and all 50 training images")
        #expect(result.draws == 3 && result.steps == 20 && result.validationImages == 10)
        #expect(result.schedule == "learning rate 0.003 throughout (the decays after steps 200, 300 and 400 lie beyond "
                + "its 20 steps)")
        #expect(result.chance == 0.2)
        // 2 backbones x (4 sizes + all) x 3 draws, each scored on the whole validation split.
        #expect(result.rows.count == 2 * 5 * 3)
        for row in result.rows {
            #expect(row.trainingImages == (row.examplesPerClass.map { $0 * 5 } ?? 50))
            #expect(row.validationImages == 10 && (0...1).contains(row.accuracy))
            #expect(abs(row.accuracy - Double(row.correct) / 10) < 1e-12)
            #expect(row.loss.isFinite && row.loss > 0)
        }
        // The points are the draws' means, minima and maxima; sample deviation across the 3 draws.
        for (name, points) in [("checkpoint", result.pretrained), ("random", try #require(result.random))] {
            #expect(points.map(\.examplesPerClass) == [1, 2, 5, 10, nil])
            for point in points {
                let accuracies = result.rows.filter { $0.backbone == name && $0.examplesPerClass == point.examplesPerClass }
                    .map(\.accuracy)
                #expect(accuracies.count == 3)
                let mean = accuracies.reduce(0, +) / 3
                #expect(abs(point.mean - mean) < 1e-12)
                #expect(point.minimum == accuracies.min() && point.maximum == accuracies.max())
                let deviation = (accuracies.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 2).squareRoot()
                #expect(abs(point.deviation - deviation) < 1e-12)
            }
        }
        // The sentences quote those means.
        let percent = { (value: Double) in String(format: "%.1f%%", value * 100) }
        #expect(result.finding.contains("Means of 3 draws: the head on this run's backbone (the checkpoint's weights) reaches "
            + "\(percent(result.pretrained[0].mean)) with 1 image per class, \(percent(result.pretrained[3].mean)) with 10 "
            + "images per class and \(percent(result.pretrained[4].mean)) with all 50 training images."))
        let random = try #require(result.random)
        #expect(result.finding.contains(String(format: "lead over the random backbone: %+.1f points with 10 images per class",
                                               (result.pretrained[3].mean - random[3].mean) * 100)))
        // Run alone, nothing was stored here: both backbones' features were computed once (50 + 10 each).
        #expect(result.featuresComputed == 2 * 60)
        #expect(result.featureStores.count == 2 && result.featureStores[0] == chain.trained.featureStore)
        #expect(result.featureStores[1].contains("-random-"))
        // The figure, the table and the CSV of every head.
        #expect(PNGHeader(contentsOf: first.publishedFile("08-few-shot.png")) == PNGHeader(width: 1620, height: 920))
        let csv = try String(contentsOf: first.publishedFile("few-shot.csv"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        #expect(csv.count == 1 + 30)
        #expect(csv[0] == "backbone,examples_per_class,training_images,draw,correct,validation_images,accuracy,loss")
        #expect(csv.filter { $0.hasPrefix("random,all,50,") }.count == 3)
        #expect(Self.fact(first, "backbone features computed") == "120")

        // Again in the same folder: every feature is read from the stores, and every head is the same.
        let second = try context()
        let again = try Self.fewShot(chain, draws: 3, random: true).run(second)
        #expect(again.featuresComputed == 0 && again.rows == result.rows)
        #expect(Self.fact(second, "backbone features computed") == "none (all were stored)")
    }

    @Test func fewShotSaysWhenTheRandomBackboneWasNotRun() throws {
        let chain = try Chain.shared.get()
        let (result, context) = try Self.run(try Self.fewShot(chain, draws: 1, random: false))
        #expect(result.random == nil && result.rows.count == 5 && result.rows.allSatisfy { $0.backbone == "checkpoint" })
        #expect(result.pretrained.allSatisfy { $0.deviation == 0 && $0.minimum == $0.maximum })
        #expect(result.finding.hasPrefix("Means of 1 draw: "))
        #expect(result.finding.hasSuffix("The random backbone was not run (`compare_random_backbone=false`), so this "
            + "run has no curve without pre-training; `--set compare_random_backbone=true` adds it."))
        #expect(Self.fact(context, "random backbone") == "not run (compare_random_backbone=false)")
        #expect(result.featureStores == [chain.trained.featureStore])
    }

    @Test func fewShotSaysWhichDecaysItsHeadsReach() {
        // Step s trains at the rate after every boundary below s: 500 steps (0 ... 499) pass 400, 401 steps pass 399.
        #expect(FewShot.schedule(learningRate: 0.01, boundaries: [200, 300, 400], steps: 500)
                == "learning rate 0.01, divided by 10 after steps 200, 300 and 400")
        #expect(FewShot.schedule(learningRate: 0.01, boundaries: [200, 300, 400], steps: 401)
                == "learning rate 0.01, divided by 10 after steps 200 and 300 (the decay after step 400 lies beyond its "
                + "401 steps)")
        #expect(FewShot.schedule(learningRate: 0.000375, boundaries: [], steps: 10) == "learning rate 0.000375 throughout")
        // As the trainer's schedule has it: the last of 401 steps (index 400) is still at the rate after 300.
        let schedule = try? PiecewiseConstantSchedule.tenfoldDecay(base: 0.01, boundaries: [200, 300, 400])
        #expect(schedule?.learningRate(at: 400) == schedule?.learningRate(at: 301))
        #expect((schedule?.learningRate(at: 401) ?? 1) < (schedule?.learningRate(at: 400) ?? 0))
    }

    @Test func fewShotDrawsNestedClassBalancedSubsetsFromTheSeed() throws {
        let dataset = try Chain.shared.get().dataset
        let plan = try FewShotPlan(dataset: dataset, sizes: [1, 2, 5, 10, 25], draws: 4, seed: 42)
        #expect(plan.points == [1, 2, 5, 10, nil] && plan.skipped == [25])
        for draw in 1...4 {
            var previous: Set<Int> = []
            for size in [1, 2, 5, 10] {
                let subset = plan.subset(size, draw: draw)
                let files = subset.map { dataset.trainIndices[$0] }
                #expect(dataset.counts(files) == Array(repeating: size, count: 5))
                #expect(Set(subset).count == subset.count && previous.isSubset(of: Set(subset)))
                previous = Set(subset)
            }
            #expect(plan.subset(nil, draw: draw) == Array(0..<50))
        }
        // Draws differ, and the same seed draws the same images.
        #expect(Set((1...4).map { plan.subset(2, draw: $0) }).count > 1)
        let again = try FewShotPlan(dataset: dataset, sizes: [1, 2, 5, 10, 25], draws: 4, seed: 42)
        #expect((1...4).allSatisfy { again.subset(5, draw: $0) == plan.subset(5, draw: $0) })
        #expect(plan.probeSeed(1, draw: 1) != plan.probeSeed(2, draw: 1))
        #expect(throws: LessonStateError.self) { _ = try FewShotPlan(dataset: dataset, sizes: [0], draws: 1, seed: 1) }
    }
}
