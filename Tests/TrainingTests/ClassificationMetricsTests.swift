import Tensors
import Testing
import Training

@Suite struct ClassificationMetricsTests {
    @Test func accuracyCountsArgmaxHitsWithFirstMaximumOnTies() throws {
        let logits = Tensor(shape: [4, 3], scalars: [3, 1, 0, 0, 2, 1, 1, 1, 0, 0, 0, 5])
        #expect(ClassificationMetrics.predictions(logits) == [0, 1, 0, 2])
        #expect(try ClassificationMetrics.accuracy(logits: logits, labels: [0, 1, 1, 0]) == 0.5)
    }

    @Test func logitsOfAnotherShapeThanTheLabelsAreAnError() {
        #expect(throws: TrainingError.self) {
            try ClassificationMetrics.accuracy(logits: Tensor(zeros: [3, 2]), labels: [0, 1])
        }
    }

    @Test func rowsOfFlatLogitsGiveTheFirstMaximumAndTheCorrectCount() throws {
        let logits: [Float] = [0.1, 0.7, 0.7, /**/ 2, -1, 0, /**/ -3, -2, -2.5]
        #expect(ClassificationMetrics.predictions(logits, classes: 3) == [1, 0, 1])
        #expect(ClassificationMetrics.correctCount(logits: logits, labels: [1, 2, 1]) == 2)
        #expect(ClassificationMetrics.correctCount(logits: [], labels: []) == 0)
        let tensor = Tensor(shape: [3, 3], scalars: logits)
        #expect(ClassificationMetrics.predictions(tensor) == [1, 0, 1])
        #expect(try ClassificationMetrics.accuracy(logits: tensor, labels: [1, 2, 1]) == 2.0 / 3)
    }
}
