// Shape legend: weights, gradient and velocity of one parameter tensor, any shape, alike.

/// The update of SGD with momentum in Keras' form (`tf.keras.optimizers.SGD`):
///
///     v ← m·v − lr·(g + λ·w)
///     w ← w + v                      (plain)
///     w ← w + m·v − lr·(g + λ·w)     (Nesterov, with the new velocity)
///
/// Velocities start at zero. A weight decay λ adds λ·w to the gradient (the gradient of
/// an L2 penalty λ/2·‖w‖², as BiT's upstream training uses; the lesson uses none).
public enum MomentumSGD {
    /// Applies one step to `count` weights and their velocities, in place.
    public static func update(weights: UnsafeMutablePointer<Float>, velocity: UnsafeMutablePointer<Float>,
                              gradient: UnsafePointer<Float>, count: Int, learningRate: Float, momentum: Float,
                              weightDecay: Float = 0, nesterov: Bool = false) {
        if nesterov {
            for i in 0..<count {
                let g = gradient[i] + weightDecay * weights[i]
                let v = momentum * velocity[i] - learningRate * g
                velocity[i] = v
                weights[i] += momentum * v - learningRate * g
            }
        } else {
            for i in 0..<count {
                let v = momentum * velocity[i] - learningRate * (gradient[i] + weightDecay * weights[i])
                velocity[i] = v
                weights[i] += v
            }
        }
    }

    /// The same on arrays of equal length.
    public static func update(weights: inout [Float], velocity: inout [Float], gradient: [Float], learningRate: Float,
                              momentum: Float, weightDecay: Float = 0, nesterov: Bool = false) {
        precondition(weights.count == gradient.count && velocity.count == gradient.count,
                     "SGD of \(weights.count) weights, \(velocity.count) velocities, \(gradient.count) gradients")
        gradient.withUnsafeBufferPointer { g in
            velocity.withUnsafeMutableBufferPointer { v in
                weights.withUnsafeMutableBufferPointer { w in
                    guard let base = w.baseAddress else { return }
                    update(weights: base, velocity: v.baseAddress!, gradient: g.baseAddress!, count: w.count,
                           learningRate: learningRate, momentum: momentum, weightDecay: weightDecay, nesterov: nesterov)
                }
            }
        }
    }
}
