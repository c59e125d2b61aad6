import Foundation
import Tensors
import Testing
import Training

@Suite struct DenseHeadTests {
    @Test func zeroInitialisedHeadGivesZeroLogitsAndUniformProbabilities() throws {
        let head = DenseHead(inputCount: 4, classCount: 5)
        #expect(head.weights == [Float](repeating: 0, count: 20))
        #expect(head.bias == [Float](repeating: 0, count: 5))
        let logits = try head.logits(Tensor(shape: [2, 4], scalars: [1, 2, 3, 4, -1, 0, 5, 2]))
        #expect(logits.shape == [2, 5])
        #expect(logits.scalars.allSatisfy { $0 == 0 })
        let probabilities = ClassificationMetrics.softmax(logits)
        #expect(probabilities.scalars.allSatisfy { abs($0 - 0.2) < 1e-7 })
    }

    @Test func logitsAreFeaturesTimesKernelPlusBias() throws {
        // W = [[1, 2], [3, 4], [5, 6]] (D = 3, C = 2), b = [0.5, -1].
        let head = try DenseHead(weights: Tensor(shape: [3, 2], scalars: [1, 2, 3, 4, 5, 6]),
                                 bias: Tensor(shape: [2], scalars: [0.5, -1]))
        let logits = try head.logits(Tensor(shape: [2, 3], scalars: [1, 0, -1, 2, 1, 0]))
        // Row 1: [1 - 5 + 0.5, 2 - 6 - 1] = [-3.5, -5]; row 2: [2 + 3 + 0.5, 4 + 4 - 1] = [5.5, 7].
        #expect(logits.scalars == [-3.5, -5, 5.5, 7])
    }

    @Test func rejectsFeaturesOfTheWrongWidth() {
        let head = DenseHead(inputCount: 3, classCount: 2)
        #expect(throws: DenseHeadShapeError.self) { try head.logits(Tensor(zeros: [2, 4])) }
    }

    /// dL/dW and dL/db of the mean cross-entropy of `X·W + b`, checked against central
    /// differences of the loss computed in Double.
    @Test func parameterGradientsMatchFiniteDifferences() throws {
        var generator = SeededGenerator(seed: 11)
        let n = 4, d = 6, c = 3
        let x = (0..<n * d).map { _ in Float(generator.nextDouble() * 2 - 1) }
        let w = (0..<d * c).map { _ in Float(generator.nextDouble() - 0.5) }
        let b = (0..<c).map { _ in Float(generator.nextDouble() - 0.5) }
        let labels = [0, 2, 1, 2]
        let head = try DenseHead(weights: Tensor(shape: [d, c], scalars: w), bias: Tensor(shape: [c], scalars: b))
        let features = Tensor(shape: [n, d], scalars: x)
        let logits = try head.logits(features)
        let logitGradient = Tensor(shape: logits.shape,
                                   scalars: SoftmaxCrossEntropy.lossAndGradient(logits: logits.scalars, labels: labels).gradient)
        let analytic = try head.parameterGradients(features: features, logitGradient: logitGradient)

        let targets = (0..<n * c).map { labels[$0 / c] == $0 % c ? 1.0 : 0.0 }
        func loss(_ w: [Double], _ b: [Double]) -> Double {
            var logits = [Double](repeating: 0, count: n * c)
            for row in 0..<n {
                for k in 0..<c {
                    logits[row * c + k] = b[k] + (0..<d).reduce(0) { $0 + Double(x[row * d + $1]) * w[$1 * c + k] }
                }
            }
            return SoftmaxCrossEntropy.lossAndGradient(logits: logits, targets: targets, rows: n, classes: c).loss
        }
        let w64 = w.map(Double.init), b64 = b.map(Double.init), h = 1e-6
        for i in 0..<d * c {
            var plus = w64, minus = w64
            plus[i] += h
            minus[i] -= h
            let numeric = (loss(plus, b64) - loss(minus, b64)) / (2 * h)
            #expect(abs(numeric - Double(analytic.weights[i])) < 1e-5, "dW[\(i)]")
        }
        for k in 0..<c {
            var plus = b64, minus = b64
            plus[k] += h
            minus[k] -= h
            let numeric = (loss(w64, plus) - loss(w64, minus)) / (2 * h)
            #expect(abs(numeric - Double(analytic.bias[k])) < 1e-5, "db[\(k)]")
        }
    }
}
