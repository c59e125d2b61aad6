import Foundation

/// What a training run did: one row per epoch (Keras' `History`), and which epoch's weights it
/// kept when early stopping stopped it or restored the best epoch.
public struct TrainingHistory: Codable, Equatable, Sendable {
    /// One row per finished epoch, in order.
    public var epochs: [EpochMetrics]
    /// The epoch (1-based) whose weights early stopping restored, if any.
    public var restoredEpoch: Int?
    /// The epoch at which early stopping ended training, if it did.
    public var stoppedEpoch: Int?

    public init(epochs: [EpochMetrics] = [], restoredEpoch: Int? = nil, stoppedEpoch: Int? = nil) {
        self.epochs = epochs
        self.restoredEpoch = restoredEpoch
        self.stoppedEpoch = stoppedEpoch
    }

    /// The row of the epoch whose weights training kept: the restored epoch, else the last one
    /// (nil when no epoch ran).
    public var kept: EpochMetrics? {
        epochs.first { $0.epoch == restoredEpoch } ?? epochs.last
    }

    /// The epoch with the best value of `metric` (the first, on a tie): the epoch early stopping
    /// with `restore_best_weights` would keep if it never stopped (nil when no epoch ran).
    public func best(_ metric: MonitoredMetric) -> EpochMetrics? {
        epochs.reduce(nil) { best, row in
            guard let best else { return row }
            let (value, bestValue) = (metric.value(in: row), metric.value(in: best))
            return (metric.higherIsBetter ? value > bestValue : value < bestValue) ? row : best
        }
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

    /// The CSV text of `history`, ending in a newline.
    public static func text(_ history: TrainingHistory) -> String {
        text(history.epochs, restoredEpoch: history.restoredEpoch)
    }

    /// The CSV text, ending in a newline.
    static func text(_ rows: [EpochMetrics], restoredEpoch: Int?) -> String {
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

    /// Writes the CSV of `history` to `url` atomically (a temporary file in the same folder, then a rename).
    public static func write(_ history: TrainingHistory, to url: URL) throws {
        do {
            try Data(text(history).utf8).write(to: url, options: .atomic)
        } catch {
            throw TrainingError.writing(url, failedWith: error)
        }
    }

    /// Reads a history back from CSV text written by `text(_:)` (the stopped epoch is not in the CSV).
    public static func parse(_ text: String) throws -> TrainingHistory {
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
        return TrainingHistory(epochs: rows, restoredEpoch: restored)
    }

    /// Shortest round-tripping decimal text (Swift's `description`).
    private static func format(_ value: Double) -> String {
        "\(value)"
    }
}
