import Testing
import Training

@Suite struct SGDTests {
    /// Three updates worked by hand with momentum 0.9 and learning rates 0.1, 0.1, 0.01:
    ///
    ///     a: w 1,  g 0.5, -1, 0.25  →  v -0.05, 0.055, 0.047  →  w 0.95, 1.005, 1.052
    ///     b: w -2, g 1, 1, 1        →  v -0.1, -0.19, -0.181  →  w -2.1, -2.29, -2.471
    @Test func momentumTrajectoryMatchesHandComputation() {
        var optimizer = SGD(momentum: 0.9)
        var parameters: [[Float]] = [[1], [-2]]
        let gradients: [[[Float]]] = [[[0.5], [1]], [[-1], [1]], [[0.25], [1]]]
        let rates: [Float] = [0.1, 0.1, 0.01]
        let expectedA: [Float] = [0.95, 1.005, 1.052], expectedB: [Float] = [-2.1, -2.29, -2.471]
        let expectedVelocityA: [Float] = [-0.05, 0.055, 0.047]
        for step in 0..<3 {
            optimizer.update(&parameters, gradients: gradients[step], learningRate: rates[step])
            #expect(abs(parameters[0][0] - expectedA[step]) < 1e-6, "step \(step)")
            #expect(abs(parameters[1][0] - expectedB[step]) < 1e-6, "step \(step)")
            #expect(abs(optimizer.velocities[0][0] - expectedVelocityA[step]) < 1e-6)
        }
    }

    @Test func nesterovLooksAhead() {
        // One step from zero velocity: w += m·(-lr·g) - lr·g = -1.9 · 0.1 · 0.5.
        var optimizer = SGD(momentum: 0.9, nesterov: true)
        var parameters: [[Float]] = [[1]]
        optimizer.update(&parameters, gradients: [[0.5]], learningRate: 0.1)
        #expect(abs(parameters[0][0] - 0.905) < 1e-6)
    }

    @Test func updatesTheHeadsKernelAndBias() {
        var optimizer = SGD(momentum: 0.9)
        var head = DenseHead(inputCount: 2, classCount: 2)
        optimizer.update(&head, gradients: (weights: [1, 2, 3, 4], bias: [-1, 1]), learningRate: 0.5)
        #expect(head.weights == [-0.5, -1, -1.5, -2])
        #expect(head.bias == [0.5, -0.5])
    }
}
