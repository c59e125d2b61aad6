import LessonKit

/// Lesson 62, "Image classification with Big Transfer (BiT)": the Swift side of
/// `lessons/62-big-transfer/lesson.toml`. Each cell is a type in the file named for it.
public struct BigTransferProgram: LessonProgram {
    public init() {}

    public var number: Int { 62 }

    public func cells() -> [CellImplementation] {
        [
            CellImplementation(Setup.self), CellImplementation(LoadDataset.self), CellImplementation(Visualize.self),
            CellImplementation(DefinePipeline.self), CellImplementation(LoadModel.self),
            CellImplementation(BuildHead.self), CellImplementation(Train.self), CellImplementation(PlotHistory.self),
            CellImplementation(Evaluate.self), CellImplementation(RandomBackbone.self), CellImplementation(FineTune.self),
            CellImplementation(Compare.self), CellImplementation(FewShot.self),
        ]
    }

    public var sources: [SourceFile] { EmbeddedSources.files }

    public func resolveInputs(_ given: InputRequest) throws -> ResolvedInputs {
        try InputResolution.resolve(given)
    }
}
