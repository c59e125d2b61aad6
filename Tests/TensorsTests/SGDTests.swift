import Tensors
import Testing

@Suite struct SGDTests {
    /// Three updates worked by hand with momentum 0.9 and learning rates 0.1, 0.1, 0.01:
    ///
    ///     a: w 1,  g 0.5, -1, 0.25  →  v -0.05, 0.055, 0.047  →  w 0.95, 1.005, 1.052
    ///     b: w -2, g 1, 1, 1        →  v -0.1, -0.19, -0.181  →  w -2.1, -2.29, -2.471
    @Test func momentumTrajectoryMatchesHandComputation() {
        let optimizer = SGD(momentum: 0.9)
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
        let optimizer = SGD(momentum: 0.9, nesterov: true)
        var parameters: [[Float]] = [[1]]
        optimizer.update(&parameters, gradients: [[0.5]], learningRate: 0.1)
        #expect(abs(parameters[0][0] - 0.905) < 1e-6)
    }

    /// The same trajectory on `ModelParameter`s, reading their gradients; weight decay 0.1 reaches
    /// the kernel (g + λ·w = 0.5 + 0.1) and not the GroupNorm scale: v = -0.1·0.6 = -0.06.
    @Test func parametersAreDecayedByRoleAndKeepTheirVelocitiesHere() {
        let optimizer = SGD(momentum: 0.9, weightDecay: 0.1)
        let kernel = ModelParameter(key: "k", shape: [1], role: .kernel, value: [1])
        let scale = ModelParameter(key: "g", shape: [1], role: .normScale, value: [1])
        kernel.gradient = [0.5]
        scale.gradient = [0.5]
        optimizer.update([kernel, scale], learningRate: 0.1)
        #expect(abs(kernel.value[0] - 0.94) < 1e-7)
        #expect(abs(scale.value[0] - 0.95) < 1e-7)
        #expect(optimizer.velocities.count == 2)
        #expect(abs(optimizer.velocities[0][0] + 0.06) < 1e-7 && abs(optimizer.velocities[1][0] + 0.05) < 1e-7)
        // Second step: v ← 0.9·v − lr·(g + λ·w).
        optimizer.update([kernel, scale], learningRate: 0.1)
        #expect(abs(kernel.value[0] - (0.94 - 0.054 - 0.1 * (0.5 + 0.094))) < 1e-6)
        #expect(abs(scale.value[0] - (0.95 - 0.045 - 0.05)) < 1e-6)
    }

    /// Restored velocities continue a run exactly as the saved optimizer would have.
    @Test func restoredVelocitiesContinueTheTrajectory() {
        let straight = SGD(momentum: 0.9)
        var a: [[Float]] = [[1, -2]]
        straight.update(&a, gradients: [[0.5, 1]], learningRate: 0.1)
        let resumed = SGD(momentum: 0.9)
        resumed.restore(velocities: straight.velocities)
        var b = a
        straight.update(&a, gradients: [[-1, 0.25]], learningRate: 0.05)
        resumed.update(&b, gradients: [[-1, 0.25]], learningRate: 0.05)
        #expect(a == b && straight.velocities == resumed.velocities)
        #expect(a != [[1, -2]])
    }
}
