import BiT
import Foundation
import LessonKit
import NumPyIO
import SyntheticFlowers
import SyntheticShapes
import TestSupport
import Testing
@testable import UpstreamLesson

/// Each of lesson 61's cells run alone, its properties set by the test (upstream values from a
/// cell run alone before it), no runner: a tiny pre-training of 3 steps of 4 shapes at 32x32.
@Suite(.serialized) struct UpstreamCellUnitTests {
    static let lesson = Result { try LessonFile.load(UpstreamProgramTests.lessonFile) }

    /// Runs `cell` alone in a fresh folder; returns its output and its context (facts, summary).
    static func run<C: Cell>(_ cell: C) throws -> (C.Output, CellContext) {
        let folder = SharedFixtures.temporaryDirectory("cell61-\(C.id)")
        let context = try CellContext.standalone(C.id, in: folder, lesson: try lesson.get())
        return (try cell.run(context), context)
    }

    static func fact(_ context: CellContext, _ label: String) -> String? {
        context.facts.first { $0.label == label }?.value
    }

    static func buildModel(_ upstream: UpstreamTask = .shapes, exemplars: Int = 6) -> BuildModel {
        let cell = BuildModel()
        cell.blockUnits = [1, 1, 1, 1]
        cell.rootChannels = 32
        cell.upstream = upstream
        cell.exemplars = exemplars
        return cell
    }

    /// The model and a 2-step pre-training on shapes, each computed by its cell alone, once.
    static let chain = Result { () throws -> (ModelDescription, PretrainedNetwork) in
        let model = try run(buildModel()).0
        let pretrain = Pretrain()
        pretrain.seed = 61
        pretrain.imageSize = 32
        pretrain.upstream = .shapes
        pretrain.exemplars = 6
        pretrain.batchSize = 4
        pretrain.steps = 3
        pretrain.stepsPerEpoch = 1
        pretrain.learningRate = 0.05
        pretrain.warmupSteps = 0
        pretrain.decaySteps = [1]
        pretrain.momentum = 0.9
        pretrain.weightDecay = 0.0001
        pretrain.validationPerClass = 1
        pretrain.model = model
        return (model, try run(pretrain).0)
    }

    @Test func lookAtDataDrawsTheShapesOrTheDeadLeaves() throws {
        let look = LookAtData()
        look.seed = 61
        look.imageSize = 32
        look.upstream = .shapes
        look.exemplars = 6
        let (shapes, context) = try Self.run(look)
        #expect(shapes == UpstreamSample(classes: 56, figures: ["01-shapes.png"]))
        #expect(Self.fact(context, "classes") == "56")
        #expect(try Data(contentsOf: context.publishedFile("01-shapes.png")).starts(with: [0x89, 0x50, 0x4E, 0x47]))
        look.upstream = .deadLeaves
        let (leaves, again) = try Self.run(look)
        #expect(leaves == UpstreamSample(classes: 6, figures: ["01-dead-leaves.png"]))
        #expect(Self.fact(again, "dead-leaves images") == "6")
        look.upstream = .mixed
        #expect(try Self.run(look).0 == UpstreamSample(classes: 62, figures: ["01-shapes.png", "01-dead-leaves.png"]))
    }

    @Test func buildModelCountsTheParametersOfTheHeadItsTaskNeeds() throws {
        let (model, context) = try Self.run(Self.buildModel())
        let layout = ResNetV2Architecture(blockUnits: [1, 1, 1, 1], rootChannels: 32).layout(headClasses: 56)
        #expect(model.headClasses == 56 && model.parameters == layout.reduce(0) { $0 + $1.shape.reduce(1, *) })
        #expect(Self.fact(context, "architecture") == "ResNetV2 [1, 1, 1, 1] x 32 root channels")
        // With both tasks the head has one more output per dead-leaves image: 1,024 features + a bias each.
        let mixed = try Self.run(Self.buildModel(.mixed, exemplars: 6)).0
        #expect(mixed.headClasses == 62 && mixed.parameters - model.parameters == 6 * (1024 + 1))
        let odd = Self.buildModel()
        odd.rootChannels = 33
        #expect(throws: UpstreamError.self) { try Self.run(odd) }
    }

    @Test func pretrainTrainsTheScheduleAndKeepsTheWeightsWithItsState() throws {
        let (model, pretrained) = try Self.chain.get()
        #expect(pretrained.model == model)
        #expect(pretrained.history.map(\.epoch) == [1, 2, 3])
        // No warm-up, 0.05 for steps 0 and 1, divided by 10 after step 1.
        #expect(pretrained.history.map(\.learningRate) == [0.05, 0.05, 0.005])
        #expect(pretrained.validationImages == 56 && pretrained.resumedAt == 0)
        let network = try ResNetV2(checkpoint: pretrained.weights.url)
        #expect(network.head?.classCount == 56 && pretrained.weights.name == "weights.npz")
    }

    @Test func pretrainRefusesADecayStepOutsideTheRun() throws {
        let pretrain = Pretrain()
        pretrain.steps = 6
        pretrain.warmupSteps = 1
        pretrain.decaySteps = [3, 9]
        pretrain.stepsPerEpoch = 3
        pretrain.learningRate = 0.05
        pretrain.momentum = 0.9
        pretrain.weightDecay = 0
        #expect {
            try pretrain.training()
        } throws: { "\($0)".contains("every decay step [3, 9] must lie after warmup_steps (1) and before steps (6)") }
    }

    @Test func plotHistoryDrawsEveryEpoch() throws {
        let plot = PlotHistory()
        plot.pretrained = try Self.chain.get().1
        let (figure, context) = try Self.run(plot)
        #expect(figure == HistoryPlot(epochs: 3, figure: "02-history.png"))
        #expect(try Data(contentsOf: context.publishedFile("02-history.png")).starts(with: [0x89, 0x50, 0x4E, 0x47]))
    }

    @Test func exportWritesTheOfficialLayoutAndComparesWithTheCommittedCopy() throws {
        let export = Export()
        export.upstream = .shapes
        export.exemplars = 6
        export.pretrained = try Self.chain.get().1
        let missing = SharedFixtures.temporaryDirectory("cell61-none").appendingPathComponent("none.npz")
        export.committed = ResolvedInput(url: missing, description: "missing", origin: .shipped, mayBeAbsent: true)
        let (first, context) = try Self.run(export)
        #expect(first.comparison == "none at \(missing.path)" && first.committed == missing.path)
        let written = context.publishedFile(Export.checkpointName)
        #expect(try ResNetV2(checkpoint: written).head?.classCount == 56)
        #expect(first.arrays == (try NumPyArchive.read(from: written)).count)
        // Compared with its own export, array for array.
        export.committed = ResolvedInput(url: written, description: "this one", origin: .shipped, mayBeAbsent: true)
        #expect(try Self.run(export).0.comparison == "identical to \(written.path), array for array")
    }

    @Test func transferProbesThreeBackbonesOnTheSameSplits() throws {
        let root = SharedFixtures.temporaryDirectory("cell61-transfer-data")
        let data = root.appendingPathComponent("flowers")
        try SyntheticFlowers(seed: 3, imageSize: 48).writeDataset(to: data, imagesPerClass: 8)
        let transfer = Transfer()
        transfer.seed = 61
        transfer.probeSize = 32
        transfer.probeSplits = 2
        transfer.pretrained = try Self.chain.get().1
        transfer.data = ResolvedInput(url: data, description: "test flowers", origin: .flag("--data"))
        transfer.baseline = ResolvedInput(url: root.appendingPathComponent("none.npz"), description: "missing",
                                          origin: .shipped, mayBeAbsent: true)
        transfer.headTraining = try LinkedSettings.headTraining.get()
        let (result, context) = try Self.run(transfer)
        #expect(result.images == 40 && result.classes == 5 && result.splits == 2)
        #expect(result.trainImages == 35 && result.heldOutImages == 5 && result.chance == 0.2)
        #expect(result.dataset == "the photos of `flowers`")
        #expect(result.scores.map(\.id) == ["trained", "committed", "random"])
        #expect(result.scores[1].skipped == "there is no file at \(root.appendingPathComponent("none.npz").path)")
        #expect(result.scores[0].heldOut == [5, 5] && result.scores[2].heldOut == [5, 5])
        // The settings table shows the linked head training.
        let settings = transfer.headTraining
        #expect(transfer.settingsRows(result)[4][1] == "500 steps of \(settings.batchSize) images, SGD with momentum "
            + "\(settings.momentum), learning rate \(settings.learningRate) divided by 10 after steps "
            + settings.scheduleBoundaries.map(String.init).joined(separator: ", ") + "; no early stopping")
        #expect(Self.fact(context, "chance") == "20.00%")
        let csv = try String(contentsOf: context.publishedFile("transfer.csv"), encoding: .utf8)
        #expect(csv.split(separator: "\n").count == 1 + 2 * 2)
    }
}
