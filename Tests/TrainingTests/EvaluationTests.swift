import Foundation
import Tensors
import TestSupport
import Testing
import Training

@Suite struct EvaluationTests {
    /// Labels [0,0,0,1,1,2,2,2], predictions [0,0,1,1,1,2,0,2]; the predicted logit is log 3
    /// and the others 0, so each prediction's confidence is 3 / (3 + 1 + 1) = 0.6.
    func evaluation() throws -> Evaluation {
        let labels = [0, 0, 0, 1, 1, 2, 2, 2]
        let predicted = [0, 0, 1, 1, 1, 2, 0, 2]
        var logits = [Float](repeating: 0, count: 24)
        for (row, guess) in predicted.enumerated() { logits[row * 3 + guess] = Float(log(3.0)) }
        return try Evaluation(logits: Tensor(shape: [8, 3], scalars: logits), labels: labels,
                              classNames: ["daisy", "roses", "tulips"], names: (0..<8).map { "img\($0).jpg" },
                              restoredEpoch: 4)
    }

    @Test func confusionAndPerClassMetrics() throws {
        let e = try evaluation()
        #expect(e.confusion == [[2, 1, 0], [0, 2, 0], [1, 0, 2]])
        #expect(e.accuracy == 0.75)
        let precision = e.perClass.map(\.precision), recall = e.perClass.map(\.recall), f1 = e.perClass.map(\.f1)
        for (value, expected) in zip(precision, [2.0 / 3, 2.0 / 3, 1]) { #expect(abs(value - expected) < 1e-12) }
        for (value, expected) in zip(recall, [2.0 / 3, 1, 2.0 / 3]) { #expect(abs(value - expected) < 1e-12) }
        for (value, expected) in zip(f1, [2.0 / 3, 0.8, 0.8]) { #expect(abs(value - expected) < 1e-12) }
        #expect(e.perClass.map(\.support) == [3, 2, 3])
        #expect(abs(e.macroF1 - (2.0 / 3 + 1.6) / 3) < 1e-12)
    }

    @Test func misclassifiedItemsCarryNameClassesAndConfidence() throws {
        let wrong = try evaluation().misclassified
        #expect(wrong.map(\.index) == [2, 6])
        #expect(wrong.map(\.name) == ["img2.jpg", "img6.jpg"])
        #expect(wrong.map(\.trueClass) == [0, 2])
        #expect(wrong.map(\.predictedClass) == [1, 0])
        #expect(wrong.allSatisfy { abs($0.confidence - 0.6) < 1e-6 })
    }

    @Test func aClassNeverPredictedHasZeroPrecisionNotNaN() throws {
        let e = try Evaluation(logits: Tensor(shape: [2, 2], scalars: [1, 0, 1, 0]), labels: [0, 1],
                               classNames: ["a", "b"])
        #expect(e.perClass[1].precision == 0 && e.perClass[1].recall == 0 && e.perClass[1].f1 == 0)
    }

    @Test func metricsJSONRoundTrips() throws {
        let folder = SharedFixtures.temporaryDirectory("metrics")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("metrics.json")
        let e = try evaluation()
        try e.write(to: url)
        #expect(try Evaluation.read(from: url) == e)
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(text.contains("\"accuracy\" : 0.75"))
        #expect(text.contains("\"restoredEpoch\" : 4"))
    }
}
