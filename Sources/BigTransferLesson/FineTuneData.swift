import BiT
import Foundation
import ImagePipeline
import LessonKit
import NetworkTraining
import Tensors
import Training

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
        // Each pass shuffled on its own, from the seed mixed with "FINETUNE".
        let stream = TrainingStream(imageCount: dataset.trainIndices.count,
                                    passOrder: .independent(seed: seed ^ 0x4649_4E45_5455_4E45))
        var files: [Int] = [], views: [AugmentationView] = []
        for draw in stream.draws(draws) {
            let file = dataset.trainIndices[draw.image]
            files.append(file)
            views.append(plan.view(seed: seed, imageIndex: file, viewIndex: draw.appearance))
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
