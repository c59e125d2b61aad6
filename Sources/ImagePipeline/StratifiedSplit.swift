import Foundation
import Tensors

/// A slice such as `train[:85%]` or `train[85%:]` that cannot be read.
public enum SplitSliceError: Error, CustomStringConvertible, Equatable, Sendable {
    case invalid(text: String)

    public var description: String {
        switch self {
        case .invalid(let text):
            return "cannot read the split '\(text)': write it as tfds does, e.g. train[:85%] or train[85%:], "
                + "with percentages from 0 to 100 and the first not above the second"
        }
    }
}

/// A percentage range of a split, as tfds writes it (`train[:85%]`, `train[85%:]`, `train[10%:20%]`).
public struct SplitSlice: Equatable, Sendable, CustomStringConvertible {
    /// The first percentage included (0...100).
    public let lowerPercent: Double
    /// The percentage where the slice ends, excluded (0...100).
    public let upperPercent: Double

    /// The slice from `lowerPercent` to `upperPercent`.
    public init(lowerPercent: Double, upperPercent: Double) throws {
        guard 0 <= lowerPercent, lowerPercent <= upperPercent, upperPercent <= 100 else {
            throw SplitSliceError.invalid(text: "[\(lowerPercent)%:\(upperPercent)%]")
        }
        self.lowerPercent = lowerPercent
        self.upperPercent = upperPercent
    }

    /// Reads `name[a%:b%]` (either bound may be omitted; the name is ignored) or a bare `name` (all of it).
    public init(parsing text: String) throws {
        if !text.isEmpty, text.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) {
            try self.init(lowerPercent: 0, upperPercent: 100)  // a bare split name ("train"): all of it
            return
        }
        guard let open = text.firstIndex(of: "["), text.hasSuffix("]") else { throw SplitSliceError.invalid(text: text) }
        let body = text[text.index(after: open)..<text.index(before: text.endIndex)]
        let bounds = body.split(separator: ":", omittingEmptySubsequences: false)
        guard bounds.count == 2 else { throw SplitSliceError.invalid(text: text) }
        func percent(_ bound: Substring, default value: Double) throws -> Double {
            let trimmed = bound.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { return value }
            guard trimmed.hasSuffix("%"), let number = Double(trimmed.dropLast()) else {
                throw SplitSliceError.invalid(text: text)
            }
            return number
        }
        do {
            try self.init(lowerPercent: percent(bounds[0], default: 0), upperPercent: percent(bounds[1], default: 100))
        } catch {
            throw SplitSliceError.invalid(text: text)
        }
    }

    public var description: String { "[\(lowerPercent)%:\(upperPercent)%]" }

    /// The positions of this slice among `count` items. Boundaries round to the nearest
    /// item, so adjacent slices (`[:85%]`, `[85%:]`) share their boundary and partition.
    public func range(of count: Int) -> Range<Int> {
        let bound = { (percent: Double) in Int((Double(count) * percent / 100).rounded()) }
        return bound(lowerPercent)..<bound(upperPercent)
    }
}

/// A seeded, class-stratified order of a dataset's items: each class's items shuffled
/// by the seed. A slice takes the same fraction of every class, so `[:85%]` and
/// `[85%:]` partition the data with each class split 85/15 (to the nearest image),
/// and the same seed gives the same split on every machine.
public struct StratifiedSplit: Sendable {
    /// Each class's item indices, in seeded order (indexed by label).
    public let orderPerClass: [[Int]]
    /// The seed the order came from.
    public let seed: UInt64

    /// The order of items with `labels` (label `i` of item `i`) among `classCount` classes.
    public init(labels: [Int], classCount: Int, seed: UInt64) {
        var perClass = [[Int]](repeating: [], count: classCount)
        for (index, label) in labels.enumerated() { perClass[label].append(index) }
        for label in 0..<classCount {
            var generator = SeededGenerator.derived(seed: seed, stream: UInt64(label))
            generator.shuffle(&perClass[label])
        }
        orderPerClass = perClass
        self.seed = seed
    }

    /// The order of `dataset`'s items.
    public init(_ dataset: ImageFolderDataset, seed: UInt64) {
        self.init(labels: dataset.labels, classCount: dataset.classCount, seed: seed)
    }

    /// The item indices of `slice`, classes mixed in a seeded order.
    public func indices(_ slice: SplitSlice) -> [Int] {
        var chosen = orderPerClass.flatMap { items in Array(items[slice.range(of: items.count)]) }
        var generator = SeededGenerator.derived(seed: seed, stream: 0x5EED_51CE)
        generator.shuffle(&chosen)
        return chosen
    }

    /// The number of items of each class in `slice` (indexed by label), for the report.
    public func countsPerClass(_ slice: SplitSlice) -> [Int] {
        orderPerClass.map { slice.range(of: $0.count).count }
    }
}
