import Foundation

/// The models alive in the process, so that a training step can take back the memory their
/// idle inference workspaces hold.
///
/// A `ResNetV2` keeps the activation buffers of its passes without a gradient between calls (fresh
/// buffers would page-fault hundreds of megabytes on every pass), sized for the largest
/// batch it ran: about 0.8 GB for R50x1 at 384x384 and batch 32. When the same process then
/// trains a network (lesson 62's fine-tune cell after its frozen-backbone cells, lesson 61's
/// pre-training between validations), that memory sat unused next to the training buffers:
/// it was most of the real-size lesson's growth from 1.9 to 2.8 GB. A training step
/// therefore releases every idle inference workspace first (its own model's included); a model that runs again grows
/// its buffers back on its next pass (one pass of page faults). A model in the middle of
/// a pass on another thread is left alone.
enum WorkspaceRegistry {
    private struct Entry {
        weak var model: ResNetV2?
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var entries: [Entry] = []

    /// Adds `model` (held weakly).
    static func register(_ model: ResNetV2) {
        lock.withLock {
            entries.removeAll { $0.model == nil }
            entries.append(Entry(model: model))
        }
    }

    /// Releases the workspace of every registered model that is not running a pass;
    /// returns the bytes given back.
    @discardableResult
    static func releaseIdle() -> Int {
        let models = lock.withLock { entries.compactMap(\.model) }
        return models.reduce(0) { $0 + $1.releaseWorkspaceIfIdle() }
    }
}
