import LessonKit

/// Lesson 61, "Pre-training a miniature BiT": the Swift side of
/// `lessons/61-bit-upstream/lesson.toml`. Each cell is a type in the file named for it. Its
/// upstream data is drawn; only the export and transfer cells read inputs.
public struct UpstreamProgram: LessonProgram {
    public init() {}

    public var number: Int { 61 }

    public func cells() -> [CellImplementation] {
        [
            CellImplementation(LookAtData.self), CellImplementation(BuildModel.self), CellImplementation(Pretrain.self),
            CellImplementation(PlotHistory.self), CellImplementation(Export.self), CellImplementation(Transfer.self),
        ]
    }

    public var sources: [SourceFile] { EmbeddedSources.files }

    public func resolveInputs(_ given: InputRequest) throws -> ResolvedInputs {
        try TransferInputs.resolve(given)
    }
}
