import Foundation
import Tensors
import Testing

/// The loss on float logits, as the head trainer, the evaluation and whole-network training call it.
@Suite struct SoftmaxCrossEntropyTests {
    @Test func uniformLogitsCostLogOfTheClassCount() {
        let (loss, gradient) = SoftmaxCrossEntropy.lossAndGradient(logits: [Float](repeating: 0, count: 10),
                                                                   labels: [0, 3])
        #expect(abs(loss - log(5.0)) < 1e-12)
        // (softmax - onehot) / N: 0.2 / 2 off the label, (0.2 - 1) / 2 on it.
        #expect(abs(gradient[0] - -0.4) < 1e-7)
        #expect(abs(gradient[1] - 0.1) < 1e-7)
        #expect(abs(gradient[8] - -0.4) < 1e-7)
    }

    @Test func knownValueForTwoClasses() {
        // logits [2, 0], label 0: -log(e² / (e² + 1)) = log(1 + e⁻²).
        let (loss, _) = SoftmaxCrossEntropy.lossAndGradient(logits: [2, 0] as [Float], labels: [0])
        #expect(abs(loss - log(1 + exp(-2.0))) < 1e-12)
    }

    @Test func largeLogitsStayFinite() {
        let (loss, gradient) = SoftmaxCrossEntropy.lossAndGradient(logits: [1000, 0, -1000, 0, 1000, 999] as [Float],
                                                                   labels: [1, 2])
        // Row 1 costs 1000; row 2 costs log(1 + e) - 0 ≈ 1.3133 (999 vs 1000).
        #expect(abs(loss - (1000 + log(1 + exp(1.0))) / 2) < 1e-9)
        #expect(gradient.allSatisfy { $0.isFinite })
    }

    /// A target `λ·onehot(a) + (1-λ)·onehot(b)` (MixUp's) costs `λ·CE(a) + (1-λ)·CE(b)`.
    @Test func softTargetsMixTheTwoLosses() {
        let logits: [Float] = [0.5, -1, 2]
        let a = SoftmaxCrossEntropy.lossAndGradient(logits: logits, labels: [0]).loss
        let b = SoftmaxCrossEntropy.lossAndGradient(logits: logits, labels: [2]).loss
        let mixed = SoftmaxCrossEntropy.lossAndGradient(logits: logits, targets: [0.25, 0, 0.75], rows: 1).loss
        #expect(abs(mixed - (0.25 * a + 0.75 * b)) < 1e-6)
    }

    /// Hard labels are one-hot targets: the same loss and gradient, bit for bit.
    @Test func labelsAreOneHotTargets() {
        let logits: [Float] = [0.3, -1.2, 2.5, 0.1, 0.7, -0.4]
        let labels = SoftmaxCrossEntropy.lossAndGradient(logits: logits, labels: [2, 0])
        let targets = SoftmaxCrossEntropy.lossAndGradient(logits: logits, targets: [0, 0, 1, 1, 0, 0], rows: 2)
        #expect(labels.loss == targets.loss && labels.gradient == targets.gradient)
    }
}
