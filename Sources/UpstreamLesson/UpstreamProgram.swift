import LessonKit

/// Lesson 61, "Pre-training a miniature BiT": the Swift side of
/// `lessons/61-bit-upstream/lesson.toml`. Its upstream data is drawn; only the transfer cell
/// reads inputs (the images it probes on and the checkpoint it compares with).
public struct UpstreamProgram: LessonProgram {
    public init() {}

    public var number: Int { 61 }

    public func cells() -> [CellImplementation] {
        [UpstreamCells.lookAtData, UpstreamCells.buildModel, PretrainCells.pretrain,
         PretrainCells.plotHistory, PretrainCells.export, TransferCell.transfer]
    }

    public var sources: [SourceFile] { EmbeddedSources.files }

    public func resolveInputs(_ given: InputRequest) throws -> ResolvedInputs {
        try TransferInputs.resolve(given)
    }
}
