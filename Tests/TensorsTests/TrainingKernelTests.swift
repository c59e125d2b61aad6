import Float64Reference
import Testing
import TestSupport
@testable import Tensors

/// Weight standardization, the dense layer and SGD of the engine against the float64
/// reference (checked against finite differences there) and against hand computations.
@Suite struct TrainingKernelTests {
    @Test func weightStandardizationBackwardMatchesTheReference() {
        let (entries, outputs) = (3 * 3 * 5, 7)
        let w = FiniteDifferences.random(entries * outputs, seed: 61).map { Float($0 * 0.2 + 0.05) }
        let g = FiniteDifferences.random(w.count, seed: 62).map { Float($0) }
        let cache = ReferenceWeightStandardization.forward(kernel: w.map(Double.init), outputs: outputs)
        let expected = ReferenceWeightStandardization.backward(gradient: g.map(Double.init), cache: cache)
        var standardized = [Float](repeating: .nan, count: w.count)
        var inverse: [Float] = []
        WeightStandardization.standardize(w, count: w.count, outputs: outputs, into: &standardized,
                                          inverseDeviations: &inverse)
        #expect(FiniteDifferences.relativeError(standardized.map(Double.init), cache.standardized) < 1e-6)
        var gradient = [Float](repeating: 0, count: w.count)
        WeightStandardization.backward(gradient: g, standardized: standardized, inverseDeviations: inverse,
                                       count: w.count, addingTo: &gradient)
        #expect(FiniteDifferences.relativeError(gradient.map(Double.init), expected) < 1e-5)
        // The inference path standardizes identically.
        let tensor = WeightStandardization.standardized(Tensor(shape: [3, 3, 5, outputs], scalars: w))
        #expect(tensor.scalars == standardized)
    }

    @Test func denseBackwardMatchesTheReference() {
        let (rows, inputs, outputs) = (4, 6, 3)
        let x = FiniteDifferences.random(rows * inputs, seed: 63).map { Float($0) }
        let w = FiniteDifferences.random(inputs * outputs, seed: 64).map { Float($0) }
        let b = FiniteDifferences.random(outputs, seed: 65).map { Float($0) }
        let dy = FiniteDifferences.random(rows * outputs, seed: 66).map { Float($0) }
        var y = [Float](repeating: .nan, count: rows * outputs)
        Dense.forward(input: x, weight: w, bias: b, rows: rows, inputs: inputs, outputs: outputs, output: &y)
        let expectedY = ReferenceDense.forward(input: x.map(Double.init), weight: w.map(Double.init),
                                               bias: b.map(Double.init))
        #expect(FiniteDifferences.relativeError(y.map(Double.init), expectedY) < 1e-6)
        let expected = ReferenceDense.backward(outputGradient: dy.map(Double.init), input: x.map(Double.init),
                                               weight: w.map(Double.init), bias: b.map(Double.init))
        var dw = [Float](repeating: 0, count: w.count), db = [Float](repeating: 0, count: outputs)
        var dx = [Float](repeating: .nan, count: x.count)
        Dense.backward(outputGradient: dy, input: x, weight: w, rows: rows, inputs: inputs, outputs: outputs,
                       weightGradient: &dw, biasGradient: &db, inputGradient: &dx)
        #expect(FiniteDifferences.relativeError(dx.map(Double.init), expected.input) < 1e-6)
        #expect(FiniteDifferences.relativeError(dw.map(Double.init), expected.weight) < 1e-6)
        #expect(FiniteDifferences.relativeError(db.map(Double.init), expected.bias) < 1e-6)
    }

    /// Keras' form by hand: v ← m·v − lr·(g + λ·w); w ← w + v (Nesterov: w ← w + m·v − lr·(g + λ·w)).
    @Test func momentumSGDStepsByHand() {
        var w: [Float] = [1, -2], v: [Float] = [0.5, 0]
        MomentumSGD.update(weights: &w, velocity: &v, gradient: [0.25, -1], learningRate: 0.1, momentum: 0.9,
                           weightDecay: 0.5)
        // v = 0.9·0.5 − 0.1·(0.25 + 0.5) = 0.375;  v = 0 − 0.1·(−1 − 1) = 0.2.
        #expect(abs(v[0] - 0.375) < 1e-7 && abs(v[1] - 0.2) < 1e-7)
        #expect(abs(w[0] - 1.375) < 1e-7 && abs(w[1] + 1.8) < 1e-7)
        var wn: [Float] = [1], vn: [Float] = [0.5]
        MomentumSGD.update(weights: &wn, velocity: &vn, gradient: [0.25], learningRate: 0.1, momentum: 0.9,
                           nesterov: true)
        // v = 0.45 − 0.025 = 0.425; w = 1 + 0.9·0.425 − 0.025 = 1.3575.
        #expect(abs(vn[0] - 0.425) < 1e-7 && abs(wn[0] - 1.3575) < 1e-6)
    }

    @Test func softmaxCrossEntropyGradientMatchesFiniteDifferences() {
        let logits = FiniteDifferences.random(12, seed: 67).map { $0 * 3 }
        var targets = [Double](repeating: 0, count: 12)
        (targets[1], targets[3], targets[4], targets[6], targets[11]) = (0.7, 0.3, 0.3, 0.7, 1)
        let analytic = SoftmaxCrossEntropy.lossAndGradient(logits: logits, targets: targets, rows: 3, classes: 4).gradient
        let numeric = FiniteDifferences.gradient(of: {
            SoftmaxCrossEntropy.lossAndGradient(logits: $0, targets: targets, rows: 3, classes: 4).loss
        }, at: logits)
        #expect(FiniteDifferences.relativeError(analytic, numeric) < 1e-7)
        let hard = SoftmaxCrossEntropy.lossAndGradient(logits: [1000, 0, 2, 2], labels: [1, 0])
        #expect(abs(hard.loss - (1000 + 0.693_147_18) / 2) < 1e-6)
        #expect(hard.gradient == [0.5, -0.5, -0.25, 0.25])
    }
}
