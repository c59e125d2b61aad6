import Tensors
// Shape legend: input x [N, P, C] (NHWC with P = H·W pixels), G groups of C/G contiguous
// channels; gamma, beta [C]; statistics per (sample, group) over M = P·C/G values.

/// GroupNorm for training (Wu & He 2018, as in BiT: biased variance, ε inside the root):
///   x̂ = (x − μ)·r with r = 1/√(σ² + ε) per (sample, group);  y = γ·x̂ + β per channel.
/// Backward, with g = ∂L/∂y and means over the M values of a (sample, group):
///   ∂L/∂γ = Σ g·x̂,  ∂L/∂β = Σ g  (over samples and pixels),
///   ∂L/∂x = r·(d − mean(d) − x̂·mean(d·x̂))  with d = γ·g.
public enum ReferenceGroupNorm {
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
    public struct Cache<T: ReferenceScalar> {
        public var shape: Shape
        /// x̂, in the input's layout.
        public var normalized: [T]
        /// r per (sample, group), [N, G].
        public var inverseDeviation: [T]
    }

    /// y = γ·x̂ + β and the cache for `backward`.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public static func forward<T: ReferenceScalar>(input: [T], shape s: Shape, gamma: [T], beta: [T],
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
                        gamma.withUnsafeBufferPointer { gamma in
                            beta.withUnsafeBufferPointer { beta in
                                let x = x.baseAddress!, xh = xh.baseAddress!, y = y.baseAddress!, r = r.baseAddress!
                                let gamma = gamma.baseAddress!, beta = beta.baseAddress!
                                ComputeThreads.forEachTile(s.samples) { sample, _ in
                                    normalize(sample: sample, shape: s, x: x, gamma: gamma, beta: beta,
                                              epsilon: Double(epsilon), normalized: xh, output: y, inverse: r)
                                }
                            }
                        }
                    }
                }
            }
        }
        return (output, Cache(shape: s, normalized: normalized, inverseDeviation: inverse))
    }

    /// One sample, in passes over contiguous pixel rows (channels innermost): per-channel
    /// sums, then per-channel squared deviations from the group mean, then the affine map.
    private static func normalize<T: ReferenceScalar>(sample: Int, shape s: Shape, x: UnsafePointer<T>,
                                                      gamma: UnsafePointer<T>, beta: UnsafePointer<T>, epsilon: Double,
                                                      normalized: UnsafeMutablePointer<T>,
                                                      output: UnsafeMutablePointer<T>, inverse: UnsafeMutablePointer<T>) {
        let c = s.channels, width = s.width, elements = Double(s.pixels * width)
        let base = sample * s.pixels * c
        let sums = UnsafeMutablePointer<Double>.allocate(capacity: 2 * c)
        defer { sums.deallocate() }
        let squares = sums + c
        sums.initialize(repeating: 0, count: 2 * c)
        for p in 0..<s.pixels {
            let row = x + base + p * c
            for channel in 0..<c { sums[channel] += Double(row[channel]) }
        }
        let means = (0..<s.groups).map { group in
            (group * width ..< (group + 1) * width).reduce(0) { $0 + sums[$1] } / elements
        }
        let channelMeans = (0..<c).map { means[$0 / width] }
        channelMeans.withUnsafeBufferPointer { mean in
            for p in 0..<s.pixels {
                let row = x + base + p * c
                for channel in 0..<c {
                    let d = Double(row[channel]) - mean[channel]
                    squares[channel] += d * d
                }
            }
        }
        // Per channel: x̂ = x·scale + shift.
        var scale = [T](repeating: 0, count: c), shift = scale
        for group in 0..<s.groups {
            let squared = (group * width ..< (group + 1) * width).reduce(0) { $0 + squares[$1] }
            let r = 1 / (squared / elements + epsilon).squareRoot()
            inverse[sample * s.groups + group] = T(r)
            for channel in group * width ..< (group + 1) * width {
                scale[channel] = T(r)
                shift[channel] = T(-means[group] * r)
            }
        }
        scale.withUnsafeBufferPointer { scale in
            shift.withUnsafeBufferPointer { shift in
                for p in 0..<s.pixels {
                    let offset = base + p * c
                    for channel in 0..<c {
                        let value = x[offset + channel] * scale[channel] + shift[channel]
                        normalized[offset + channel] = value
                        output[offset + channel] = gamma[channel] * value + beta[channel]
                    }
                }
            }
        }
    }

    /// The gradients with respect to the input, γ and β from ∂L/∂y.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public static func backward<T: ReferenceScalar>(outputGradient: [T], cache: Cache<T>,
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
                            gamma.withUnsafeBufferPointer { gamma in
                                let gamma = gamma.baseAddress!
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

    /// One sample: per-channel sums of g, g·x̂ (∂L/∂β, ∂L/∂γ), combined per group into
    /// mean(d) and mean(d·x̂), then one pass for ∂L/∂x.
    private static func backward<T: ReferenceScalar>(sample: Int, shape s: Shape, dy: UnsafePointer<T>,
                                                     normalized xh: UnsafePointer<T>, gamma: UnsafePointer<T>,
                                                     inverse: [T], dx: UnsafeMutablePointer<T>,
                                                     gammaGrad: UnsafeMutablePointer<T>, betaGrad: UnsafeMutablePointer<T>) {
        let c = s.channels, width = s.width, elements = Double(s.pixels * width)
        let base = sample * s.pixels * c
        let sums = UnsafeMutablePointer<Double>.allocate(capacity: 2 * c)
        defer { sums.deallocate() }
        let products = sums + c
        sums.initialize(repeating: 0, count: 2 * c)
        for p in 0..<s.pixels {
            let offset = base + p * c
            for channel in 0..<c {
                let g = Double(dy[offset + channel])
                sums[channel] += g
                products[channel] += g * Double(xh[offset + channel])
            }
        }
        for channel in 0..<c {
            betaGrad[channel] += T(sums[channel])
            gammaGrad[channel] += T(products[channel])
        }
        // dx = r·γ·g − r·mean(d) − x̂·r·mean(d·x̂), d = γ·g; per channel: a·g + b + x̂·e.
        var a = [T](repeating: 0, count: c), b = a, e = a
        for group in 0..<s.groups {
            let members = group * width ..< (group + 1) * width
            let meanD = members.reduce(0) { $0 + Double(gamma[$1]) * sums[$1] } / elements
            let meanDX = members.reduce(0) { $0 + Double(gamma[$1]) * products[$1] } / elements
            let r = Double(inverse[sample * s.groups + group])
            for channel in members {
                a[channel] = T(r * Double(gamma[channel]))
                b[channel] = T(-r * meanD)
                e[channel] = T(-r * meanDX)
            }
        }
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                e.withUnsafeBufferPointer { e in
                    for p in 0..<s.pixels {
                        let offset = base + p * c
                        for channel in 0..<c {
                            dx[offset + channel] = a[channel] * dy[offset + channel] + b[channel]
                                + xh[offset + channel] * e[channel]
                        }
                    }
                }
            }
        }
    }
}
