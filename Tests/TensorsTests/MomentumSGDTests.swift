import Testing
import Tensors

@Suite struct MomentumSGDTests {
    @Test func followsKerasMomentum() {
        // v1 = −0.1·g = [−0.1, 0.2]; w1 = [0.9, 2.2]
        // v2 = 0.9·v1 − 0.1·g = [−0.19, 0.38]; w2 = [0.71, 2.58]
        var weights: [Float] = [1, 2], velocity: [Float] = [0, 0]
        MomentumSGD.update(weights: &weights, velocity: &velocity, gradient: [1, -2],
                             learningRate: 0.1, momentum: 0.9)
        #expect(abs(weights[0] - 0.9) < 1e-6 && abs(weights[1] - 2.2) < 1e-6)
        MomentumSGD.update(weights: &weights, velocity: &velocity, gradient: [1, -2],
                             learningRate: 0.1, momentum: 0.9)
        #expect(abs(velocity[0] + 0.19) < 1e-6 && abs(velocity[1] - 0.38) < 1e-6)
        #expect(abs(weights[0] - 0.71) < 1e-6 && abs(weights[1] - 2.58) < 1e-6)
    }

    @Test func weightDecayAddsLambdaTimesTheWeightToTheGradient() {
        // g + λw = [1 + 0.5·2, −2 + 0.5·(−4)] = [2, −4]; v = −0.1·that; w = [1.8, −3.6]
        var weights: [Float] = [2, -4], velocity: [Float] = [0, 0]
        MomentumSGD.update(weights: &weights, velocity: &velocity, gradient: [1, -2],
                             learningRate: 0.1, momentum: 0.9, weightDecay: 0.5)
        #expect(abs(velocity[0] + 0.2) < 1e-6 && abs(velocity[1] - 0.4) < 1e-6)
        #expect(abs(weights[0] - 1.8) < 1e-6 && abs(weights[1] + 3.6) < 1e-6)
    }
}
