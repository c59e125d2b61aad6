import Foundation
import Tensors
import Testing
import Training

@Suite struct SoftmaxCrossEntropyTests {
    @Test func uniformLogitsCostLogOfTheClassCount() throws {
        let (loss, gradient) = try SoftmaxCrossEntropy.lossAndGradient(logits: Tensor(zeros: [2, 5]), labels: [0, 3])
        #expect(abs(loss - log(5.0)) < 1e-12)
        // (softmax - onehot) / N: 0.2 / 2 off the label, (0.2 - 1) / 2 on it.
        #expect(abs(gradient.scalars[0] - -0.4) < 1e-7)
        #expect(abs(gradient.scalars[1] - 0.1) < 1e-7)
        #expect(abs(gradient.scalars[8] - -0.4) < 1e-7)
    }

    @Test func knownValueForTwoClasses() throws {
        // logits [2, 0], label 0: -log(e² / (e² + 1)) = log(1 + e⁻²).
        let (loss, _) = try SoftmaxCrossEntropy.lossAndGradient(logits: Tensor(shape: [1, 2], scalars: [2, 0]), labels: [0])
        #expect(abs(loss - log(1 + exp(-2.0))) < 1e-12)
    }

    @Test func largeLogitsStayFinite() throws {
        let logits = Tensor(shape: [2, 3], scalars: [1000, 0, -1000, 0, 1000, 999])
        let (loss, gradient) = try SoftmaxCrossEntropy.lossAndGradient(logits: logits, labels: [1, 2])
        // Row 1 costs 1000; row 2 costs log(1 + e) - 0 ≈ 1.3133 (999 vs 1000).
        let expected = (1000 + log(1 + exp(1.0))) / 2
        #expect(abs(loss - expected) < 1e-9)
        #expect(gradient.scalars.allSatisfy { $0.isFinite })
    }

    /// The gradient w.r.t. the logits against central differences, all in Double.
    @Test func logitGradientMatchesFiniteDifferences() {
        var generator = SeededGenerator(seed: 5)
        let rows = 3, classes = 5
        let logits = (0..<rows * classes).map { _ in generator.nextDouble() * 6 - 3 }
        // Soft targets (as MixUp makes) exercise the general formula.
        let targets: [Double] = [1, 0, 0, 0, 0, 0, 0.3, 0, 0.7, 0, 0, 0, 0, 0, 1]
        let analytic = SoftmaxCrossEntropy.lossAndGradient(logits: logits, targets: targets, rows: rows, classes: classes)
        let h = 1e-6
        for i in logits.indices {
            var plus = logits, minus = logits
            plus[i] += h
            minus[i] -= h
            let lossPlus = SoftmaxCrossEntropy.lossAndGradient(logits: plus, targets: targets, rows: rows, classes: classes).loss
            let lossMinus = SoftmaxCrossEntropy.lossAndGradient(logits: minus, targets: targets, rows: rows, classes: classes).loss
            #expect(abs((lossPlus - lossMinus) / (2 * h) - analytic.gradient[i]) < 1e-8, "logit \(i)")
        }
    }

    @Test func softTargetsMixTheTwoLosses() throws {
        let logits = Tensor(shape: [1, 3], scalars: [0.5, -1, 2])
        let a = try SoftmaxCrossEntropy.lossAndGradient(logits: logits, labels: [0]).loss
        let b = try SoftmaxCrossEntropy.lossAndGradient(logits: logits, labels: [2]).loss
        let mixed = try SoftmaxCrossEntropy.lossAndGradient(
            logits: logits, targets: Tensor(shape: [1, 3], scalars: [0.25, 0, 0.75])).loss
        #expect(abs(mixed - (0.25 * a + 0.75 * b)) < 1e-6)
    }

    @Test func accuracyCountsArgmaxHitsWithFirstMaximumOnTies() throws {
        let logits = Tensor(shape: [4, 3], scalars: [3, 1, 0, 0, 2, 1, 1, 1, 0, 0, 0, 5])
        #expect(ClassificationMetrics.predictions(logits) == [0, 1, 0, 2])
        #expect(try ClassificationMetrics.accuracy(logits: logits, labels: [0, 1, 1, 0]) == 0.5)
    }

    @Test func rejectsLabelsOutsideTheClasses() {
        #expect(throws: TrainingError.labelOutOfRange(label: 3, classCount: 3)) {
            try SoftmaxCrossEntropy.lossAndGradient(logits: Tensor(zeros: [1, 3]), labels: [3])
        }
    }
}

@Suite struct ClassificationMetricsTests {
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
