import Foundation
import ImagePipeline

/// The train/validation split of the load-dataset cell, by the `split` rule, and `split.csv`.
enum DatasetSplit {
    static let csvName = "split.csv"

    /// Training and validation indices into the dataset's items.
    static func split(_ dataset: ImageFolderDataset, rule: SplitRule, trainFraction: Double,
                      seed: Int) throws -> (train: [Int], validation: [Int]) {
        switch rule {
        case .tfds:
            let percent = try wholePercent(trainFraction)
            let keys = dataset.items.map {
                RecordOrderSplit.key(className: $0.url.deletingLastPathComponent().lastPathComponent,
                                     fileName: $0.url.lastPathComponent)
            }
            let order = RecordOrderSplit(keys: keys)
            return (order.indices(lowerPercent: 0, upperPercent: percent),
                    order.indices(lowerPercent: percent, upperPercent: 100))
        case .stratified:
            let split = StratifiedSplit(dataset, seed: UInt64(seed))
            let percent = trainFraction * 100
            return (split.indices(try SplitSlice(lowerPercent: 0, upperPercent: percent)),
                    split.indices(try SplitSlice(lowerPercent: percent, upperPercent: 100)))
        }
    }

    /// tfds slices by whole percents (`train[:85%]`).
    static func wholePercent(_ fraction: Double) throws -> Int {
        let percent = (fraction * 100).rounded()
        guard abs(fraction * 100 - percent) < 1e-9 else {
            throw LessonStateError.invalidSetting("train_fraction \(fraction) is not a whole percent, and tfds slices "
                + "by whole percents (train[:85%]): use for example 0.85, or --set split=stratified.")
        }
        return Int(percent)
    }

    /// The rule in words, for the prose.
    static func describe(_ rule: SplitRule, trainFraction: Double, seed: Int) -> String {
        switch rule {
        case .tfds:
            let percent = (try? wholePercent(trainFraction)) ?? 0
            return "Split as tfds splits tf_flowers for the Keras lesson (`split=tfds`): the images in tfds' "
                + "record order (MD5 of `train` + `<class>/<file>`), the first `train[:\(percent)%]` for training "
                + "and `train[\(percent)%:]` for validation"
        case .stratified:
            return "Split by class with seed \(seed) (`split=stratified`): "
                + String(format: "%g", trainFraction * 100) + "% of each class for training, the rest for "
                + "validation"
        }
    }

    /// `file,class,subset`, one line per image in listing order; `file` relative to the data folder.
    static func writeCSV(_ state: Dataset, to url: URL) throws {
        var subset = [String](repeating: "", count: state.files.count)
        for index in state.trainIndices { subset[index] = "train" }
        for index in state.validationIndices { subset[index] = "validation" }
        var lines = ["file,class,subset"]
        for (index, file) in state.files.enumerated() {
            lines.append("\(csvField(file)),\(csvField(state.classNames[state.labels[index]])),\(subset[index])")
        }
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: url, options: .atomic)
    }

    /// A field quoted as RFC 4180 asks when it holds a comma, quote or line break.
    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
