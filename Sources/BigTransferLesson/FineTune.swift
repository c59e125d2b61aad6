import BiT
import Foundation
import LessonKit
import NetworkTraining
import Training

/// Cell 11. BiT's own recipe, which trains every layer rather than the head alone: the
/// HyperRule's schedule (linear warm-up, three ten-fold decays) rescaled to `fine_tune_steps`,
/// lr 0.003 x batch / 512, momentum 0.9, no weight decay. It starts from the head the train cell
/// learned ("linear probing, then fine-tuning"). Off by default for full-size backbones, whose
/// time on a CPU it estimates instead.
struct FineTune: Cell {
    @Parameter var fineTune: Bool
    @Parameter var fineTuneSteps: Int
    @Parameter var fineTuneLearningRate: Double
    @Parameter var batchSize: Int
    @Parameter var momentum: Double
    @Upstream var dataset: Dataset
    @Upstream var pipeline: Pipeline
    @Upstream var trained: TrainedHead
    @Input var data: ResolvedInput
    @Input var weights: ResolvedInput

    func run(_ context: CellContext) throws -> FineTuneResult {
        let images = try FineTuneData(dataset: dataset, pipeline: pipeline, data: data, batchSize: batchSize,
                                      architecture: try Backbone.network(weights, context: context).architecture,
                                      context: context)
        let model = try ResNetV2(parameters: try FineTuneResult.startingArrays(weights, head: trained.head),
                                 architecture: images.architecture, headClasses: dataset.classes,
                                 source: weights.url.path)
        guard fineTune else { return try FineTuneResult.estimate(model, data: images, steps: fineTuneSteps, context: context) }
        var training = WholeNetworkTraining(
            steps: fineTuneSteps, stepsPerEpoch: max(1, fineTuneSteps / 5),
            schedule: try BiTHyperRuleSchedule(baseLearningRate: fineTuneLearningRate,
                                               supports: BiTHyperRuleSchedule.scaledSupports(steps: fineTuneSteps)))
        training.momentum = Float(momentum)
        let history = try FineTuneResult.train(model, training: training, data: images, context: context)
        return try FineTuneResult.report(history, steps: fineTuneSteps, data: images,
                                         learningRate: fineTuneLearningRate, context: context)
    }
}
