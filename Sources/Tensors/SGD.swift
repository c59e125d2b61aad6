// Shape legend: one velocity per parameter tensor, of its shape.

/// Stochastic gradient descent with momentum (Keras' rule, `MomentumSGD`), owning the
/// velocities of the parameter list it updates, as MLX's optimizers own their state:
/// `optimizer.update(model.parameters, learningRate:)`. The list's order fixes which velocity
/// is whose: pass the same list (the same tensors in the same order) at every step. Velocities
/// start at zero at the first update; `restore(velocities:)` sets them when training resumes.
///
/// A weight decay λ adds λ·w to the gradients of the parameters whose role is decayed
/// (kernels: `ParameterRole.isDecayed`).
public final class SGD {
    /// The momentum coefficient (the lessons: 0.9).
    public let momentum: Float
    /// Whether to take Nesterov's look-ahead step.
    public let nesterov: Bool
    /// The L2 weight decay λ of decayed roles (0: none).
    public let weightDecay: Float
    /// One velocity per parameter tensor, in the order of the updated list (empty before the first update).
    public private(set) var velocities: [[Float]] = []

    public init(momentum: Float = 0.9, nesterov: Bool = false, weightDecay: Float = 0) {
        self.momentum = momentum
        self.nesterov = nesterov
        self.weightDecay = weightDecay
    }

    /// One step on every parameter from its accumulated gradient.
    public func update(_ parameters: [ModelParameter], learningRate: Float) {
        prepare(counts: parameters.map(\.count))
        for (index, parameter) in parameters.enumerated() {
            MomentumSGD.update(weights: &parameter.value, velocity: &velocities[index], gradient: parameter.gradient,
                               learningRate: learningRate, momentum: momentum,
                               weightDecay: parameter.role.isDecayed ? weightDecay : 0, nesterov: nesterov)
        }
    }

    /// One step on plain arrays from `gradients` (same shapes); `roles` (one per array) decide the
    /// weight decay, none when nil.
    public func update(_ parameters: inout [[Float]], gradients: [[Float]], roles: [ParameterRole]? = nil,
                       learningRate: Float) {
        precondition(parameters.count == gradients.count, "one gradient per parameter array")
        precondition(roles == nil || roles!.count == parameters.count, "one role per parameter array")
        prepare(counts: parameters.map(\.count))
        for index in parameters.indices {
            let decayed = roles?[index].isDecayed ?? false
            MomentumSGD.update(weights: &parameters[index], velocity: &velocities[index], gradient: gradients[index],
                               learningRate: learningRate, momentum: momentum,
                               weightDecay: decayed ? weightDecay : 0, nesterov: nesterov)
        }
    }

    /// Sets the velocities (a resumed run's saved state), one per parameter in update order.
    public func restore(velocities saved: [[Float]]) {
        velocities = saved
    }

    /// Zero velocities at the first update; the same tensor sizes at every later one.
    private func prepare(counts: [Int]) {
        if velocities.isEmpty {
            velocities = counts.map { [Float](repeating: 0, count: $0) }
        }
        precondition(velocities.map(\.count) == counts,
                     "SGD updates the parameter list it started with (\(velocities.count) tensors), got \(counts.count)")
    }
}
