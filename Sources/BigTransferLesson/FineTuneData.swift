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
    let dataset: Dataset
    let source: ImageSource
    let plan: AugmentationPlan
    let seed: UInt64
    let batchSize: Int
    let architecture: ResNetV2Architecture
    let checkCancellation: () throws -> Void

    /// Images per validation forward pass.
    static let validationBatch = 32

    init(dataset: Dataset, pipeline: Pipeline, data: ResolvedInput, batchSize: Int, architecture: ResNetV2Architecture,
         context: CellContext) throws {
        self.dataset = dataset
        source = ImageSource(dataset: dataset, root: data.url, memo: context.memo)
        plan = pipeline.plan
        seed = UInt64(pipeline.seed)
        self.batchSize = batchSize
        self.architecture = architecture
        checkCancellation = context.checkCancellation
    }

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
    func validate(_ model: ResNetV2) throws -> NetworkEvaluation {
        try NetworkEvaluation.measure(model, count: dataset.validationIndices.count,
                                      batchSize: Self.validationBatch) { range in
            try checkCancellation()
            let files = range.map { dataset.validationIndices[$0] }
            return LabelledBatch(images: try source.batch(files, plan: plan, views: nil),
                                 labels: files.map { dataset.labels[$0] })
        }
    }
}
