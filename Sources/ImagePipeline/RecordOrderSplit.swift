import Crypto
import Foundation

/// The order in which TensorFlow Datasets writes a split's examples, and its percent slices:
/// what `tfds.load("tf_flowers", split=["train[:85%]", "train[85%:]"])` reads.
///
/// tfds' writer sorts the examples by the MD5 of the split name (the hash salt) followed by
/// each example's key, read as a 128-bit big-endian integer (`core/hashing.py`, `core/shuffle.py`,
/// `core/split_builder.py`); tf_flowers' keys are `<class folder>/<file name>`
/// (`datasets/tf_flowers/tf_flowers_dataset_builder.py`). A slice `[:p%]` ends at
/// `round(p * n / 100)` with Python's round-half-to-even (`core/splits.py`, rounding "closest"):
/// 85% of 3,670 is 3,119.5, which rounds to 3,120.
public struct RecordOrderSplit: Sendable {
    /// Item indices in record order.
    public let order: [Int]

    /// Orders items by their keys as tfds writes split `salt` (default "train").
    public init(keys: [String], salt: String = "train") {
        let hashes = keys.map { Self.hash(salt: salt, key: $0) }
        order = keys.indices.sorted { hashes[$0].lexicographicallyPrecedes(hashes[$1]) }
    }

    /// The 16 MD5 bytes of salt + key: compared byte by byte they order as the 128-bit integers tfds sorts.
    public static func hash(salt: String, key: String) -> [UInt8] {
        Array(Insecure.MD5.hash(data: Data((salt + key.replacingOccurrences(of: "\\", with: "/")).utf8)))
    }

    /// tfds' key of an image: `<class folder>/<file name>`.
    public static func key(className: String, fileName: String) -> String { "\(className)/\(fileName)" }

    /// The boundary of a whole-percent slice among `count` examples (tfds' "closest" rounding).
    public static func boundary(percent: Int, count: Int) -> Int {
        Int((Double(percent) * Double(count) / 100).rounded(.toNearestOrEven))
    }

    /// The items of `[lower%:upper%]`, in record order.
    public func indices(lowerPercent: Int, upperPercent: Int) -> [Int] {
        Array(order[Self.boundary(percent: lowerPercent, count: order.count)
                    ..< Self.boundary(percent: upperPercent, count: order.count)])
    }
}
