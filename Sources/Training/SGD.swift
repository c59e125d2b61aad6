import Tensors

/// Stochastic gradient descent with momentum over a list of parameter arrays, with
/// Keras' update rule (`MomentumSGD`); velocities start at zero; no weight decay (the
/// lesson uses none).
public struct SGD: Sendable {
    /// The momentum coefficient (the lesson: 0.9).
    public let momentum: Float
    /// Whether to take Nesterov's look-ahead step.
    public let nesterov: Bool
    /// One velocity buffer per parameter array, created at its first update.
    public private(set) var velocities: [[Float]] = []

    /// An optimizer with the given momentum.
    public init(momentum: Float = 0.9, nesterov: Bool = false) {
        self.momentum = momentum
        self.nesterov = nesterov
    }

    /// Updates `parameters` in place from `gradients` (same shapes), at `learningRate`.
    public mutating func update(_ parameters: inout [[Float]], gradients: [[Float]], learningRate: Float) {
        precondition(parameters.count == gradients.count, "one gradient per parameter array")
        if velocities.isEmpty {
            velocities = parameters.map { [Float](repeating: 0, count: $0.count) }
        }
        for index in parameters.indices {
            precondition(parameters[index].count == gradients[index].count, "gradient shape differs from its parameter")
            step(&parameters[index], velocity: &velocities[index], gradient: gradients[index], learningRate: learningRate)
        }
    }

    /// Updates the head's kernel and bias from their gradients.
    public mutating func update(_ head: inout DenseHead, gradients: (weights: [Float], bias: [Float]), learningRate: Float) {
        var parameters = [head.weights, head.bias]
        head.weights = []
        head.bias = []
        update(&parameters, gradients: [gradients.weights, gradients.bias], learningRate: learningRate)
        head.weights = parameters[0]
        head.bias = parameters[1]
    }

    private func step(_ weights: inout [Float], velocity: inout [Float], gradient: [Float], learningRate: Float) {
        MomentumSGD.update(weights: &weights, velocity: &velocity, gradient: gradient, learningRate: learningRate,
                           momentum: momentum, nesterov: nesterov)
    }
}
