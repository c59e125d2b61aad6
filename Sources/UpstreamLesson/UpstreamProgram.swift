import LessonKit

/// Lesson 61, "Pre-training a miniature BiT": the Swift side of
/// `lessons/61-bit-upstream/lesson.toml`. It reads no external input: its data is drawn.
public struct UpstreamProgram: LessonProgram {
    public init() {}

    public var number: Int { 61 }

    public func cells() -> [CellImplementation] {
        [UpstreamCells.lookAtData, UpstreamCells.buildModel, PretrainCells.pretrain,
         PretrainCells.plotHistory, PretrainCells.export]
    }

    public func resolveInputs(_ given: InputRequest) throws -> ResolvedInputs {
        ResolvedInputs(inputs: [:])
    }
}
