import Tensors
// Shape legend: weights, gradient and velocity of one parameter tensor, any shape, alike.

/// The update of SGD with momentum in Keras' form (`tf.keras.optimizers.SGD`, no
/// Nesterov): v ← m·v − lr·g; w ← w + v. The velocity starts at zero. A `weightDecay`
/// λ adds λ·w to the gradient first (the gradient of an L2 penalty λ/2·‖w‖²).
public enum ReferenceMomentumSGD {
    /// Applies one step to `weights` and `velocity` in place.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public static func update<T: ReferenceScalar>(weights: inout [T], velocity: inout [T], gradient: [T],
                                                   learningRate: T, momentum: T, weightDecay: T = 0) {
        precondition(weights.count == gradient.count && velocity.count == gradient.count,
                     "SGD of \(weights.count) weights, \(velocity.count) velocities, \(gradient.count) gradients")
        gradient.withUnsafeBufferPointer { g in
            velocity.withUnsafeMutableBufferPointer { v in
                weights.withUnsafeMutableBufferPointer { w in
                    for i in 0..<g.count {
                        v[i] = momentum * v[i] - learningRate * (g[i] + weightDecay * w[i])
                        w[i] += v[i]
                    }
                }
            }
        }
    }
}
