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
        let text = HistoryCSV.text(rows, restoredEpoch: 2)
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
        try HistoryCSV.write(rows, restoredEpoch: 1, to: url)
        let parsed = try HistoryCSV.parse(String(contentsOf: url, encoding: .utf8))
        #expect(parsed.restoredEpoch == 1)
        #expect(parsed.rows.map(\.validationAccuracy) == [0.5, 0.9])
        #expect(parsed.rows[0].wallTime == 1.235)
    }

    @Test func malformedTextIsRejectedWithTheLine() {
        #expect(throws: TrainingError.malformedHistory(line: "epoch,loss")) { try HistoryCSV.parse("epoch,loss\n") }
        let header = HistoryCSV.columns.joined(separator: ",")
        #expect(throws: TrainingError.malformedHistory(line: "1,0.5,x,1,1,1,1,0")) {
            try HistoryCSV.parse(header + "\n1,0.5,x,1,1,1,1,0\n")
        }
        #expect(throws: TrainingError.malformedHistory(line: "1,0.5")) { try HistoryCSV.parse(header + "\n1,0.5\n") }
    }

    @Test func recorderKeepsOneRowPerEpoch() {
        let recorder = HistoryRecorder()
        let context = TrainingContext(head: DenseHead(inputCount: 1, classCount: 1))
        recorder.trainingWillBegin(context)
        for row in rows { recorder.epochDidEnd(row, context: context) }
        #expect(recorder.rows == rows)
    }
}
