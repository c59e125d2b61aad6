import NetworkTraining

/// What the pretrain cell trains on: an endless stream of labelled batches, each a pure
/// function of the step, and a fixed set of held-out validation images.
protocol UpstreamBatches {
    /// Classes of the upstream task (the width of the head trained with it).
    var classCount: Int { get }
    /// Held-out validation images.
    var validationCount: Int { get }
    /// The batch of optimizer step `step`.
    func batch(step: Int) throws -> LabelledBatch
    /// Validation images `range`.
    func validationBatch(_ range: Range<Int>) throws -> LabelledBatch
}
