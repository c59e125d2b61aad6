import Foundation
import Testing
import TestSupport
@testable import Float64Reference
import Tensors

@Suite struct ReferenceSoftmaxCrossEntropyTests {
    @Test func gradientMatchesFiniteDifferences() {
        let logits = FiniteDifferences.random(12, seed: 81).map { $0 * 3 }
        let labels = [2, 0, 3]
        let analytic = ReferenceSoftmaxCrossEntropy.lossAndGradient(logits: logits, labels: labels).gradient
        let numeric = FiniteDifferences.gradient(of: {
            ReferenceSoftmaxCrossEntropy.lossAndGradient(logits: $0, labels: labels).loss
        }, at: logits)
        #expect(FiniteDifferences.relativeError(analytic, numeric) < 1e-7)
    }

    @Test func uniformLogitsCostLogOfTheClassCount() {
        let result = ReferenceSoftmaxCrossEntropy.lossAndGradient(logits: [Float](repeating: 7, count: 10), labels: [1, 4])
        #expect(abs(result.loss - log(5)) < 1e-12)
        // (1/5 − onehot) / 2 per row.
        #expect(result.gradient[1] == Float((0.2 - 1) / 2) && result.gradient[0] == Float(0.1))
    }

    @Test func largeLogitsDoNotOverflow() {
        let result = ReferenceSoftmaxCrossEntropy.lossAndGradient(logits: [1000.0, 0], labels: [1])
        #expect(abs(result.loss - 1000) < 1e-9)
        #expect(result.gradient == [1, -1])
    }
}

@Suite struct SoftTargetCrossEntropyTests {
    @Test func gradientMatchesFiniteDifferences() {
        let logits = FiniteDifferences.random(12, seed: 82).map { $0 * 2 }
        // MixUp-like rows: 0.7 of one class and 0.3 of another.
        var targets = [Double](repeating: 0, count: 12)
        (targets[1], targets[3], targets[4], targets[6], targets[11]) = (0.7, 0.3, 0.3, 0.7, 1)
        let analytic = ReferenceSoftmaxCrossEntropy.lossAndGradient(logits: logits, targets: targets, rows: 3).gradient
        let numeric = FiniteDifferences.gradient(of: {
            ReferenceSoftmaxCrossEntropy.lossAndGradient(logits: $0, targets: targets, rows: 3).loss
        }, at: logits)
        #expect(FiniteDifferences.relativeError(analytic, numeric) < 1e-7)
    }

    @Test func oneHotTargetsEqualLabels() {
        let logits = FiniteDifferences.random(8, seed: 83)
        let hard = ReferenceSoftmaxCrossEntropy.lossAndGradient(logits: logits, labels: [3, 1])
        let soft = ReferenceSoftmaxCrossEntropy.lossAndGradient(logits: logits, targets: [0, 0, 0, 1, 0, 1, 0, 0], rows: 2)
        #expect(hard.loss == soft.loss && hard.gradient == soft.gradient)
    }
}
