// Shape legend: N items, D feature width.

import Tensors

/// How many feature vectors a source served from its store and how many it had the
/// backbone compute.
public struct FeatureCounts: Codable, Equatable, Sendable {
    /// Items served from the store.
    public var hits = 0
    /// Items the backbone computed (every item, in faithful mode).
    public var misses = 0
    /// Calls made to the compute closure.
    public var computeCalls = 0

    public init(hits: Int = 0, misses: Int = 0, computeCalls: Int = 0) {
        self.hits = hits
        self.misses = misses
        self.computeCalls = computeCalls
    }
}

/// Serves backbone features for (image, view) items, either from a `FeatureStore` (computing
/// and storing what is missing) or, in faithful mode, by running the backbone on every request
/// as the Keras lesson does.
public final class FeatureSource {
    /// Runs the backbone on items and returns their features [items.count, D].
    public typealias Compute = ([FeatureItem]) throws -> Tensor

    /// Where features come from.
    public enum Mode {
        /// Look items up in the store; compute and store only the missing ones.
        case cached(FeatureStore)
        /// Compute every requested item, store nothing.
        case faithful
    }

    /// The source's mode.
    public let mode: Mode
    /// The largest number of items passed to one call of the compute closure.
    public let computeBatchSize: Int
    /// What was served so far.
    public private(set) var counts = FeatureCounts()
    /// Applied to every batch of features served (such as a `FeatureStandardization`);
    /// what is stored stays the backbone's output.
    public var transform: ((Tensor) -> Tensor)?
    private let compute: Compute

    /// A source computing at most `computeBatchSize` items per closure call (the lesson's batch, 64).
    public init(mode: Mode, computeBatchSize: Int = 64, compute: @escaping Compute) {
        self.mode = mode
        self.computeBatchSize = max(1, computeBatchSize)
        self.compute = compute
    }

    /// Whether the backbone runs on every request.
    public var isFaithful: Bool {
        if case .faithful = mode { return true }
        return false
    }

    /// The features [items.count, D] of `items`, in order.
    public func features(for items: [FeatureItem]) throws -> Tensor {
        let features: Tensor
        switch mode {
        case .faithful:
            features = try computeInBatches(items).tensor
        case .cached(let store):
            features = try cachedFeatures(for: items, store: store)
        }
        return transform.map { $0(features) } ?? features
    }

    private func cachedFeatures(for items: [FeatureItem], store: FeatureStore) throws -> Tensor {
        var missing: [FeatureItem] = []
        var seen = Set<FeatureItem>()
        for item in items where !store.contains(item) && seen.insert(item).inserted {
            missing.append(item)
        }
        for start in stride(from: 0, to: missing.count, by: computeBatchSize) {
            let batch = Array(missing[start ..< min(start + computeBatchSize, missing.count)])
            try store.insert(batch, features: try computeChecked(batch))
        }
        counts.hits += items.count - missing.count
        guard let width = store.featureWidth else {
            return Tensor(zeros: [0, 0])
        }
        var scalars: [Float] = []
        scalars.reserveCapacity(items.count * width)
        for item in items {
            guard let row = store.features(of: item) else {
                throw TrainingError.corruptStore(path: store.directory?.path ?? store.key,
                                                 reason: "item \(item) was computed but is not stored")
            }
            scalars.append(contentsOf: row)
        }
        return Tensor(shape: [items.count, width], scalars: scalars)
    }

    private func computeInBatches(_ items: [FeatureItem]) throws -> (tensor: Tensor, width: Int) {
        var scalars: [Float] = []
        var width = 0
        for start in stride(from: 0, to: items.count, by: computeBatchSize) {
            let batch = Array(items[start ..< min(start + computeBatchSize, items.count)])
            let features = try computeChecked(batch)
            guard width == 0 || features.shape[1] == width else {
                throw TrainingError.featureProviderMismatch(requested: batch.count, expectedWidth: width,
                                                            actual: features.shape)
            }
            width = features.shape[1]
            scalars.append(contentsOf: features.scalars)
        }
        return (Tensor(shape: [items.count, width], scalars: scalars), width)
    }

    /// Calls the closure, checks the shape it returns and counts the work.
    private func computeChecked(_ batch: [FeatureItem]) throws -> Tensor {
        let features = try compute(batch)
        let expectedWidth: Int? = {
            if case .cached(let store) = mode { return store.featureWidth }
            return nil
        }()
        guard features.rank == 2, features.shape[0] == batch.count, features.shape[1] > 0,
              expectedWidth == nil || features.shape[1] == expectedWidth else {
            throw TrainingError.featureProviderMismatch(requested: batch.count, expectedWidth: expectedWidth,
                                                        actual: features.shape)
        }
        counts.misses += batch.count
        counts.computeCalls += 1
        return features
    }
}
