import BiT
import Foundation
import ImagePipeline
import LessonKit
import NetworkTraining
import Tensors

/// The lesson's images as whole-network training takes them: batches of augmented training
/// views that are a pure function of the step (so an interrupted run resumes on the same
/// batches), and the validation images with the test preprocessing.
struct FineTuneData {
    let dataset: DatasetState
    let source: ImageSource
    let plan: AugmentationPlan
    let seed: UInt64
    let batchSize: Int
    let config: ResNetV2Config
    /// The cell's Ctrl-C check, made before every validation batch (training steps check it
    /// through the progress bar).
    let checkCancellation: () throws -> Void

    /// Images per forward pass when validating.
    static let validationBatch = 32

    init(context: CellContext, settings: FineTuneSettings) throws {
        let (state, root) = try DatasetCells.loadDataset(context)
        dataset = state
        source = ImageSource(dataset: state, root: root, memo: context.memo)
        let pipeline = try PipelineSettings(context)
        plan = pipeline.plan
        seed = pipeline.seed
        batchSize = settings.batchSize
        config = try ModelCells.model(context).config
        checkCancellation = context.checkCancellation
        guard batchSize > 0 else { throw LessonStateError.invalidSetting("batch_size must be positive: fix it with --set.") }
    }

    /// Step `step`'s batch: draws run through the training split in a new seeded order each
    /// pass, and the n-th pass over an image takes its n-th augmented view.
    func batch(step: Int) throws -> LabelledBatch {
        try batch(draws: step * batchSize ..< (step + 1) * batchSize)
    }

    /// The images of training draws `draws` (draw n is the n-th image of the endless stream).
    func batch(draws: Range<Int>) throws -> LabelledBatch {
        let count = dataset.trainIndices.count
        var orders: [Int: [Int]] = [:]
        var files: [Int] = [], views: [AugmentationView] = []
        for draw in draws {
            let pass = draw / count
            if orders[pass] == nil {
                var order = Array(0..<count)
                var random = SeededGenerator.derived(seed: seed ^ 0x4649_4E45_5455_4E45, stream: UInt64(pass))
                random.shuffle(&order)
                orders[pass] = order
            }
            let file = dataset.trainIndices[orders[pass]![draw % count]]
            files.append(file)
            views.append(plan.view(seed: seed, imageIndex: file, viewIndex: pass))
        }
        return LabelledBatch(images: try source.batch(files, plan: plan, views: views),
                             labels: files.map { dataset.labels[$0] })
    }

    /// The model on every validation image.
    func validate(_ model: TrainableResNetV2) throws -> NetworkEvaluation {
        try NetworkEvaluation.measureWithInferenceModel(model, count: dataset.validationIndices.count,
                                                        batchSize: Self.validationBatch) { range in
            try checkCancellation()
            let files = range.map { dataset.validationIndices[$0] }
            return LabelledBatch(images: try source.batch(files, plan: plan, views: nil),
                                 labels: files.map { dataset.labels[$0] })
        }
    }
}
