import Tensors
import Testing
import Training

/// The optimizer on a dense head (the optimizer itself: TensorsTests).
@Suite struct HeadSGDTests {
    @Test func updatesTheHeadsKernelAndBias() {
        let optimizer = SGD(momentum: 0.9)
        var head = DenseHead(inputCount: 2, classCount: 2)
        optimizer.update(&head, gradients: (weights: [1, 2, 3, 4], bias: [-1, 1]), learningRate: 0.5)
        #expect(head.weights == [-0.5, -1, -1.5, -2])
        #expect(head.bias == [0.5, -0.5])
        #expect(optimizer.velocities == [[-0.5, -1, -1.5, -2], [0.5, -0.5]])
    }
}
