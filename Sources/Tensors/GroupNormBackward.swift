// Shape legend: input x [N, P, C] (NHWC with P = H·W pixels), G groups of C/G contiguous
// channels; gamma, beta [C]; statistics per (sample, group) over M = P·C/G values.

/// GroupNorm for training (Wu & He 2018, as in BiT: biased variance, ε inside the root):
///   x̂ = (x − μ)·r with r = 1/√(σ² + ε) per (sample, group);  y = γ·x̂ + β per channel.
/// Backward, with g = ∂L/∂y and means over the M values of a (sample, group):
///   ∂L/∂γ = Σ g·x̂,  ∂L/∂β = Σ g  (over samples and pixels),
///   ∂L/∂x = r·(d − mean(d) − x̂·mean(d·x̂))  with d = γ·g.
public enum TrainableGroupNorm {
    /// The sizes of one GroupNorm.
    public struct Shape: Equatable, Sendable {
        public var samples: Int
        public var pixels: Int
        public var channels: Int
        public var groups: Int

        public init(samples: Int, pixels: Int, channels: Int, groups: Int = 32) {
            precondition(groups > 0 && channels % groups == 0, "\(channels) channels do not split into \(groups) groups")
            precondition(pixels > 0, "group norm over an empty image")
            self.samples = samples
            self.pixels = pixels
            self.channels = channels
            self.groups = groups
        }

        public var count: Int { samples * pixels * channels }
        var width: Int { channels / groups }
    }

    /// What the backward pass needs from the forward pass.
    public struct Cache<T: TrainableScalar> {
        public var shape: Shape
        /// x̂, in the input's layout.
        public var normalized: [T]
        /// r per (sample, group), [N, G].
        public var inverseDeviation: [T]
    }

    /// y = γ·x̂ + β and the cache for `backward`.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public static func forward<T: TrainableScalar>(input: [T], shape s: Shape, gamma: [T], beta: [T],
                                                    epsilon: T = 1e-5) -> (output: [T], cache: Cache<T>) {
        precondition(input.count == s.count, "input of \(input.count) values for \(s)")
        precondition(gamma.count == s.channels && beta.count == s.channels,
                     "gamma/beta of \(gamma.count)/\(beta.count) values for \(s.channels) channels")
        var normalized = [T](repeating: 0, count: s.count), output = normalized
        var inverse = [T](repeating: 0, count: s.samples * s.groups)
        input.withUnsafeBufferPointer { x in
            normalized.withUnsafeMutableBufferPointer { xh in
                output.withUnsafeMutableBufferPointer { y in
                    inverse.withUnsafeMutableBufferPointer { r in
                        let x = x.baseAddress!, xh = xh.baseAddress!, y = y.baseAddress!, r = r.baseAddress!
                        ComputeThreads.forEachTile(s.samples) { sample, _ in
                            normalize(sample: sample, shape: s, x: x, gamma: gamma, beta: beta,
                                      epsilon: Double(epsilon), normalized: xh, output: y, inverse: r)
                        }
                    }
                }
            }
        }
        return (output, Cache(shape: s, normalized: normalized, inverseDeviation: inverse))
    }

    private static func normalize<T: TrainableScalar>(sample: Int, shape s: Shape, x: UnsafePointer<T>,
                                                      gamma: [T], beta: [T], epsilon: Double,
                                                      normalized: UnsafeMutablePointer<T>,
                                                      output: UnsafeMutablePointer<T>, inverse: UnsafeMutablePointer<T>) {
        let base = sample * s.pixels * s.channels, width = s.width
        let elements = Double(s.pixels * width)
        for group in 0..<s.groups {
            let first = group * width
            var sum = 0.0
            for p in 0..<s.pixels {
                let row = x + base + p * s.channels + first
                for c in 0..<width { sum += Double(row[c]) }
            }
            let mean = sum / elements
            var squares = 0.0
            for p in 0..<s.pixels {
                let row = x + base + p * s.channels + first
                for c in 0..<width { let d = Double(row[c]) - mean; squares += d * d }
            }
            let r = 1 / (squares / elements + epsilon).squareRoot()
            inverse[sample * s.groups + group] = T(r)
            for p in 0..<s.pixels {
                let offset = base + p * s.channels + first
                for c in 0..<width {
                    let value = T((Double(x[offset + c]) - mean) * r)
                    normalized[offset + c] = value
                    output[offset + c] = gamma[first + c] * value + beta[first + c]
                }
            }
        }
    }

    /// The gradients with respect to the input, γ and β from ∂L/∂y.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public static func backward<T: TrainableScalar>(outputGradient: [T], cache: Cache<T>,
                                                     gamma: [T]) -> (input: [T], gamma: [T], beta: [T]) {
        let s = cache.shape
        precondition(outputGradient.count == s.count, "output gradient of \(outputGradient.count) values for \(s)")
        var inputGrad = [T](repeating: 0, count: s.count)
        // Per-sample partials of ∂L/∂γ and ∂L/∂β, summed afterwards: samples run in parallel.
        var gammaPartials = [T](repeating: 0, count: s.samples * s.channels), betaPartials = gammaPartials
        outputGradient.withUnsafeBufferPointer { dy in
            cache.normalized.withUnsafeBufferPointer { xh in
                inputGrad.withUnsafeMutableBufferPointer { dx in
                    gammaPartials.withUnsafeMutableBufferPointer { dg in
                        betaPartials.withUnsafeMutableBufferPointer { db in
                            let dy = dy.baseAddress!, xh = xh.baseAddress!, dx = dx.baseAddress!
                            let dg = dg.baseAddress!, db = db.baseAddress!
                            ComputeThreads.forEachTile(s.samples) { sample, _ in
                                backward(sample: sample, shape: s, dy: dy, normalized: xh, gamma: gamma,
                                         inverse: cache.inverseDeviation, dx: dx,
                                         gammaGrad: dg + sample * s.channels, betaGrad: db + sample * s.channels)
                            }
                        }
                    }
                }
            }
        }
        var gammaGrad = [T](repeating: 0, count: s.channels), betaGrad = gammaGrad
        for sample in 0..<s.samples {
            for c in 0..<s.channels {
                gammaGrad[c] += gammaPartials[sample * s.channels + c]
                betaGrad[c] += betaPartials[sample * s.channels + c]
            }
        }
        return (inputGrad, gammaGrad, betaGrad)
    }

    private static func backward<T: TrainableScalar>(sample: Int, shape s: Shape, dy: UnsafePointer<T>,
                                                     normalized xh: UnsafePointer<T>, gamma: [T], inverse: [T],
                                                     dx: UnsafeMutablePointer<T>, gammaGrad: UnsafeMutablePointer<T>,
                                                     betaGrad: UnsafeMutablePointer<T>) {
        let base = sample * s.pixels * s.channels, width = s.width
        let elements = Double(s.pixels * width)
        for group in 0..<s.groups {
            let first = group * width
            var sumD = 0.0, sumDX = 0.0
            for p in 0..<s.pixels {
                let offset = base + p * s.channels + first
                for c in 0..<width {
                    let g = dy[offset + c], x = xh[offset + c]
                    gammaGrad[first + c] += g * x
                    betaGrad[first + c] += g
                    let d = Double(gamma[first + c] * g)
                    sumD += d
                    sumDX += d * Double(x)
                }
            }
            let meanD = sumD / elements, meanDX = sumDX / elements
            let r = Double(inverse[sample * s.groups + group])
            for p in 0..<s.pixels {
                let offset = base + p * s.channels + first
                for c in 0..<width {
                    let d = Double(gamma[first + c] * dy[offset + c])
                    dx[offset + c] = T(r * (d - meanD - Double(xh[offset + c]) * meanDX))
                }
            }
        }
    }
}
