import Foundation

/// Records each epoch's metrics (Keras' `History` callback) and writes them as `history.csv`.
public final class HistoryRecorder: TrainingCallback {
    /// One row per finished epoch, in order.
    public private(set) var rows: [EpochMetrics] = []

    public init() {}

    public func trainingWillBegin(_ context: TrainingContext) {
        rows = []
    }

    public func epochDidEnd(_ metrics: EpochMetrics, context: TrainingContext) {
        rows.append(metrics)
    }
}

/// The `history.csv` format: one header line, then one line per epoch.
///
/// Columns: `epoch` (1-based), `loss`, `accuracy`, `val_loss`, `val_accuracy` (Keras' log
/// names), `learning_rate`, `wall_time_s` (seconds since training began), and `restored`
/// (1 on the epoch whose head early stopping restored, else 0).
public enum HistoryCSV {
    /// The header line's fields.
    public static let columns = ["epoch", "loss", "accuracy", "val_loss", "val_accuracy",
                                 "learning_rate", "wall_time_s", "restored"]

    /// The CSV text, ending in a newline.
    public static func text(_ rows: [EpochMetrics], restoredEpoch: Int?) -> String {
        var lines = [columns.joined(separator: ",")]
        for row in rows {
            let fields = [
                String(row.epoch), format(row.trainLoss), format(row.trainAccuracy), format(row.validationLoss),
                format(row.validationAccuracy), format(row.learningRate), String(format: "%.3f", row.wallTime),
                row.epoch == restoredEpoch ? "1" : "0",
            ]
            lines.append(fields.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes the CSV to `url` atomically (a temporary file in the same folder, then a rename).
    public static func write(_ rows: [EpochMetrics], restoredEpoch: Int?, to url: URL) throws {
        do {
            try Data(text(rows, restoredEpoch: restoredEpoch).utf8).write(to: url, options: .atomic)
        } catch {
            throw TrainingError.writing(url, failedWith: error)
        }
    }

    /// Reads rows back from CSV text written by `text(_:restoredEpoch:)`, with the restored epoch.
    public static func parse(_ text: String) throws -> (rows: [EpochMetrics], restoredEpoch: Int?) {
        let lines = text.split(separator: "\n").map(String.init)
        guard lines.first == columns.joined(separator: ",") else {
            throw TrainingError.malformedHistory(line: lines.first ?? "")
        }
        var rows: [EpochMetrics] = []
        var restored: Int?
        for line in lines.dropFirst() {
            let f = line.split(separator: ",").map(String.init)
            guard f.count == columns.count else { throw TrainingError.malformedHistory(line: line) }
            let values = f[1...6].compactMap(Double.init)
            guard let epoch = Int(f[0]), values.count == 6 else { throw TrainingError.malformedHistory(line: line) }
            rows.append(EpochMetrics(epoch: epoch, trainLoss: values[0], trainAccuracy: values[1],
                                     validationLoss: values[2], validationAccuracy: values[3],
                                     learningRate: values[4], wallTime: values[5]))
            if f[7] == "1" { restored = epoch }
        }
        return (rows, restored)
    }

    /// Shortest round-tripping decimal text (Swift's `description`).
    private static func format(_ value: Double) -> String {
        "\(value)"
    }
}
