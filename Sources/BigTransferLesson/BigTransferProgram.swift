import LessonKit

/// Lesson 62, "Image classification with Big Transfer (BiT)": the Swift side of
/// `lessons/62-big-transfer/lesson.toml`. Every cell is thin glue over the libraries.
public struct BigTransferProgram: LessonProgram {
    public init() {}

    public var number: Int { 62 }

    public func cells() -> [CellImplementation] {
        [
            DatasetCells.setup, DatasetCells.loadDataset, DatasetCells.visualize, DatasetCells.definePipeline,
            ModelCells.loadModel, ModelCells.buildHead,
            TrainingCells.train, TrainingCells.plotHistory, EvaluationCell.evaluate,
            RandomBackboneCell.randomBackbone, FineTuneCell.fineTune, CompareCell.compare,
        ]
    }

    public func resolveInputs(_ given: InputRequest) throws -> ResolvedInputs {
        try InputResolution.resolve(given)
    }
}
