import Foundation
import Tensors
import TestSupport
import Testing
import Training

@Suite struct HistoryTests {
    let rows = [
        EpochMetrics(epoch: 1, trainLoss: 1.5, trainAccuracy: 0.25, validationLoss: 1.25, validationAccuracy: 0.5,
                     learningRate: 0.000375, wallTime: 1.23456),
        EpochMetrics(epoch: 2, trainLoss: 0.75, trainAccuracy: 0.875, validationLoss: 0.5, validationAccuracy: 0.9,
                     learningRate: 0.000375, wallTime: 2.5),
    ]

    @Test func csvHasTheColumnsAndMarksTheRestoredEpoch() {
        let text = HistoryCSV.text(TrainingHistory(epochs: rows, restoredEpoch: 2))
        #expect(text == """
            epoch,loss,accuracy,val_loss,val_accuracy,learning_rate,wall_time_s,restored
            1,1.5,0.25,1.25,0.5,0.000375,1.235,0
            2,0.75,0.875,0.5,0.9,0.000375,2.500,1

            """)
    }

    @Test func logLineHasKerasNamesAndFixedDecimals() {
        #expect(rows[0].logLine
            == "epoch   1  loss 1.5000  accuracy 0.2500  val_loss 1.2500  val_accuracy 0.5000  lr 0.000375")
        #expect(rows[1].logLine
            == "epoch   2  loss 0.7500  accuracy 0.8750  val_loss 0.5000  val_accuracy 0.9000  lr 0.000375")
    }

    @Test func csvRoundTripsThroughAFile() throws {
        let folder = SharedFixtures.temporaryDirectory("history")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("history.csv")
        try HistoryCSV.write(TrainingHistory(epochs: rows, restoredEpoch: 1), to: url)
        let parsed = try HistoryCSV.parse(String(contentsOf: url, encoding: .utf8))
        #expect(parsed.restoredEpoch == 1)
        #expect(parsed.epochs.map(\.validationAccuracy) == [0.5, 0.9])
        #expect(parsed.epochs[0].wallTime == 1.235)
    }

    @Test func malformedTextIsRejectedWithTheLine() {
        #expect(throws: TrainingError.malformedHistory(line: "epoch,loss")) { try HistoryCSV.parse("epoch,loss\n") }
        let header = HistoryCSV.columns.joined(separator: ",")
        #expect(throws: TrainingError.malformedHistory(line: "1,0.5,x,1,1,1,1,0")) {
            try HistoryCSV.parse(header + "\n1,0.5,x,1,1,1,1,0\n")
        }
        #expect(throws: TrainingError.malformedHistory(line: "1,0.5")) { try HistoryCSV.parse(header + "\n1,0.5\n") }
    }

    /// The best epoch, computed in one place: the restored epoch's row, else the last one.
    @Test func theKeptEpochIsTheRestoredOneElseTheLast() {
        #expect(TrainingHistory(epochs: rows, restoredEpoch: 1).kept == rows[0])
        #expect(TrainingHistory(epochs: rows, restoredEpoch: nil, stoppedEpoch: 2).kept == rows[1])
        #expect(TrainingHistory(epochs: rows).kept == rows[1])
        #expect(TrainingHistory().kept == nil)
    }

    /// The best epoch by a metric: the first of the highest accuracies, the lowest loss.
    @Test func theBestEpochIsTheFirstWithTheBestValue() {
        let tied = rows + [EpochMetrics(epoch: 3, trainLoss: 0.5, trainAccuracy: 0.9, validationLoss: 0.75,
                                        validationAccuracy: 0.9, learningRate: 0.000375, wallTime: 3)]
        #expect(TrainingHistory(epochs: tied).best(.validationAccuracy)?.epoch == 2)
        #expect(TrainingHistory(epochs: tied).best(.validationLoss)?.epoch == 2)
        #expect(TrainingHistory(epochs: tied).best(.trainLoss)?.epoch == 3)
        #expect(TrainingHistory().best(.validationAccuracy) == nil)
    }
}
