// Shape legend: N samples, P pixels per sample (H·W), C channels, G groups; input NHWC;
// statistics [N, G]; gamma, beta [C].

/// Group normalization (Wu & He, 2018) as used by BiT: G groups of contiguous channels
/// (group g holds channels g·C/G ..< (g+1)·C/G), per-sample mean and biased variance
/// over the pixels and channels of the group, `eps` inside the square root, then the
/// per-channel affine `gamma·x̂ + beta`; BiT always follows it with ReLU, which is fused.
public enum GroupNorm {
    /// The statistics of `input` ([N, P, C]) folded with `gamma` and `beta` into a
    /// `ChannelTransform` that a consumer applies on the fly.
    public static func transform(of input: UnsafePointer<Float>, samples: Int, pixels: Int,
                                 channels: Int, groups: Int = 32, epsilon: Float = 1e-5,
                                 gamma: [Float], beta: [Float], relu: Bool) -> ChannelTransform {
        precondition(channels % groups == 0, "\(channels) channels do not split into \(groups) groups")
        precondition(pixels > 0, "group norm over an empty image")
        let moments = ChannelMoments.of(input, samples: samples, pixels: pixels, channels: channels,
                                        sliceAlignment: channels / groups)
        return transform(moments: moments, groups: groups, epsilon: epsilon, gamma: gamma, beta: beta, relu: relu)
    }

    /// GroupNorm from per-channel moments already gathered (e.g. by the convolution that
    /// produced the activation): each group's mean and biased variance combine its channels'.
    public static func transform(moments: ChannelMoments, groups: Int = 32, epsilon: Float = 1e-5,
                                 gamma: [Float], beta: [Float], relu: Bool) -> ChannelTransform {
        transform(statistics: GroupNormStatistics(moments: moments, groups: groups, epsilon: epsilon),
                  gamma: gamma, beta: beta, relu: relu)
    }

    /// The per-channel map `gamma·(x − μ)·r + beta` of the given statistics.
    public static func transform(statistics: GroupNormStatistics, gamma: [Float], beta: [Float],
                                 relu: Bool) -> ChannelTransform {
        let channels = statistics.channels, width = channels / statistics.groups
        precondition(gamma.count == channels && beta.count == channels,
                     "gamma/beta of \(gamma.count)/\(beta.count) values for \(channels) channels")
        var scale = [Float](repeating: 0, count: statistics.samples * channels)
        var shift = scale
        for sample in 0..<statistics.samples {
            for channel in 0..<channels {
                let group = sample * statistics.groups + channel / width
                let s = Double(gamma[channel]) * statistics.inverseDeviations[group]
                scale[sample * channels + channel] = Float(s)
                shift[sample * channels + channel] = Float(Double(beta[channel]) - statistics.means[group] * s)
            }
        }
        return ChannelTransform(channels: channels, scale: scale, shift: shift, relu: relu)
    }

    /// The backward pass of `ReLU(GroupNorm(x))` (or GroupNorm alone without `relu`),
    /// with g = ∂L/∂y masked by the ReLU, x̂ = (x − μ)·r and means over the M = P·C/G
    /// values of each (sample, group):
    ///
    ///   ∂L/∂γ = Σ g·x̂,  ∂L/∂β = Σ g  (over samples and pixels),
    ///   ∂L/∂x = r·(d − mean(d) − x̂·mean(d·x̂))  with d = γ·g.
    ///
    /// `inputGradient` may be `outputGradient` itself (in place). ∂L/∂γ and ∂L/∂β are
    /// added to `gammaGradient` and `betaGradient`, summed over samples in order.
    public static func backward(input: UnsafePointer<Float>, statistics: GroupNormStatistics,
                                gamma: [Float], beta: [Float], relu: Bool, pixels: Int,
                                outputGradient: UnsafePointer<Float>, inputGradient: UnsafeMutablePointer<Float>,
                                gammaGradient: UnsafeMutablePointer<Float>, betaGradient: UnsafeMutablePointer<Float>) {
        let samples = statistics.samples, channels = statistics.channels
        let partials = UnsafeMutablePointer<Double>.allocate(capacity: 2 * samples * channels)
        defer { partials.deallocate() }
        gamma.withUnsafeBufferPointer { gamma in
            beta.withUnsafeBufferPointer { beta in
                ComputeThreads.forEachTile(samples) { sample, _ in
                    backward(sample: sample, input: input, statistics: statistics, gamma: gamma.baseAddress!,
                             beta: beta.baseAddress!, relu: relu, pixels: pixels, outputGradient: outputGradient,
                             inputGradient: inputGradient, sums: partials + 2 * sample * channels)
                }
            }
        }
        for c in 0..<channels {
            var sum = 0.0, product = 0.0
            for sample in 0..<samples {
                sum += partials[2 * sample * channels + c]
                product += partials[(2 * sample + 1) * channels + c]
            }
            betaGradient[c] += Float(sum)
            gammaGradient[c] += Float(product)
        }
    }

    /// One sample: per-channel sums of g and g·x̂ into `sums` (2·C values), then ∂L/∂x.
    private static func backward(sample: Int, input: UnsafePointer<Float>, statistics: GroupNormStatistics,
                                 gamma: UnsafePointer<Float>, beta: UnsafePointer<Float>, relu: Bool, pixels: Int,
                                 outputGradient: UnsafePointer<Float>, inputGradient: UnsafeMutablePointer<Float>,
                                 sums: UnsafeMutablePointer<Double>) {
        let c = statistics.channels, groups = statistics.groups, width = c / groups
        let base = sample * pixels * c
        let x = input + base, dy = outputGradient + base, dx = inputGradient + base
        // Per channel: x̂ = x·a + b, and y = x·scale + shift rounded exactly as the forward
        // transform (`transform(statistics:…)`), so the ReLU mask is the forward pass's.
        let table = UnsafeMutablePointer<Float>.allocate(capacity: 9 * c)
        defer { table.deallocate() }
        let a = table, b = table + c, partialG = table + 2 * c, partialGX = table + 3 * c
        let coefficientG = table + 4 * c, coefficientX = table + 5 * c, constant = table + 6 * c
        let scale = table + 7 * c, shift = table + 8 * c
        for channel in 0..<c {
            let group = sample * groups + channel / width
            let r = statistics.inverseDeviations[group], mean = statistics.means[group]
            a[channel] = Float(r)
            b[channel] = Float(-mean * r)
            let s = Double(gamma[channel]) * r
            scale[channel] = Float(s)
            shift[channel] = Float(Double(beta[channel]) - mean * s)
        }
        let products = sums + c
        sums.initialize(repeating: 0, count: 2 * c)
        // Float partial sums over blocks of 64 pixels, folded into Doubles.
        let block = 64
        for start in stride(from: 0, to: pixels, by: block) {
            partialG.initialize(repeating: 0, count: c)
            partialGX.initialize(repeating: 0, count: c)
            for pixel in start ..< min(start + block, pixels) {
                let xs = x + pixel &* c, gs = dy + pixel &* c
                var channel = 0
                while channel &+ 8 <= c {
                    let value = Lanes.load(xs + channel), normalized = value * Lanes.load(a + channel) + Lanes.load(b + channel)
                    let y = value * Lanes.load(scale + channel) + Lanes.load(shift + channel)
                    var g = Lanes.load(gs + channel)
                    if relu { g.replace(with: 0, where: .!(y .> 0)) }
                    Lanes.store(Lanes.load(partialG + channel) + g, to: partialG + channel)
                    Lanes.store(Lanes.load(partialGX + channel) + g * normalized, to: partialGX + channel)
                    channel &+= 8
                }
                while channel < c {
                    let normalized = xs[channel] * a[channel] + b[channel]
                    let y = xs[channel] * scale[channel] + shift[channel]
                    let g = relu && !(y > 0) ? 0 : gs[channel]
                    partialG[channel] += g
                    partialGX[channel] += g * normalized
                    channel &+= 1
                }
            }
            for channel in 0..<c {
                sums[channel] += Double(partialG[channel])
                products[channel] += Double(partialGX[channel])
            }
        }
        // ∂L/∂x = g·(r·γ) + x̂·(−r·mean(d·x̂)) − r·mean(d); with x̂ = x·a + b folded in.
        let elements = Double(pixels * width)
        for group in 0..<groups {
            let members = group * width ..< (group + 1) * width
            let meanD = members.reduce(0) { $0 + Double(gamma[$1]) * sums[$1] } / elements
            let meanDX = members.reduce(0) { $0 + Double(gamma[$1]) * products[$1] } / elements
            let r = statistics.inverseDeviations[sample * groups + group]
            for channel in members {
                let e = -r * meanDX
                coefficientG[channel] = Float(r * Double(gamma[channel]))
                coefficientX[channel] = Float(e * Double(a[channel]))
                constant[channel] = Float(e * Double(b[channel]) - r * meanD)
            }
        }
        for pixel in 0..<pixels {
            let xs = x + pixel &* c, gs = dy + pixel &* c, out = dx + pixel &* c
            var channel = 0
            while channel &+ 8 <= c {
                let value = Lanes.load(xs + channel)
                let y = value * Lanes.load(scale + channel) + Lanes.load(shift + channel)
                var g = Lanes.load(gs + channel)
                if relu { g.replace(with: 0, where: .!(y .> 0)) }
                Lanes.store(g * Lanes.load(coefficientG + channel) + value * Lanes.load(coefficientX + channel)
                                + Lanes.load(constant + channel), to: out + channel)
                channel &+= 8
            }
            while channel < c {
                let value = xs[channel]
                let y = value * scale[channel] + shift[channel]
                let g = relu && !(y > 0) ? 0 : gs[channel]
                out[channel] = g * coefficientG[channel] + value * coefficientX[channel] + constant[channel]
                channel &+= 1
            }
        }
    }
}

/// The mean μ and inverse deviation r = 1/√(σ² + ε) of every (sample, group) of a
/// GroupNorm's input: what its transform is made of and what its backward pass needs.
public struct GroupNormStatistics: Sendable {
    public let samples: Int
    public let channels: Int
    public let groups: Int
    /// [samples, groups].
    public let means: [Double]
    /// [samples, groups].
    public let inverseDeviations: [Double]

    /// Each group's mean and biased variance, combined from its channels' moments.
    public init(moments: ChannelMoments, groups: Int = 32, epsilon: Float = 1e-5) {
        let channels = moments.channels, width = channels / groups
        precondition(groups > 0 && channels % groups == 0, "\(channels) channels do not split into \(groups) groups")
        var means = [Double](repeating: 0, count: moments.samples * groups), inverses = means
        let channelMeans = moments.means, squaredDeviations = moments.squaredDeviations, counts = moments.counts
        for sample in 0..<moments.samples {
            for group in 0..<groups {
                let lower = sample * channels + group * width
                let members = lower ..< lower + width
                let mean = members.reduce(0) { $0 + channelMeans[$1] } / Double(width)
                let deviations = members.reduce(0) { total, i in
                    let offset = channelMeans[i] - mean
                    return total + squaredDeviations[i] + Double(counts[i]) * offset * offset
                }
                let elements = members.reduce(0) { $0 + counts[$1] }
                means[sample * groups + group] = mean
                inverses[sample * groups + group] = 1 / (deviations / Double(max(elements, 1)) + Double(epsilon)).squareRoot()
            }
        }
        self.samples = moments.samples
        self.channels = channels
        self.groups = groups
        self.means = means
        inverseDeviations = inverses
    }

    /// The statistics of `input` ([samples, pixels, channels]), gathered in a fixed order.
    public init(of input: UnsafePointer<Float>, samples: Int, pixels: Int, channels: Int, groups: Int = 32,
                epsilon: Float = 1e-5) {
        precondition(groups > 0 && channels % groups == 0, "\(channels) channels do not split into \(groups) groups")
        precondition(pixels > 0, "group norm over an empty image")
        self.init(moments: ChannelMoments.of(input, samples: samples, pixels: pixels, channels: channels,
                                             sliceAlignment: channels / groups),
                  groups: groups, epsilon: epsilon)
    }
}

extension Tensor {
    /// GroupNorm of an NHWC tensor (any rank ≥ 2: first axis samples, last channels),
    /// with `gamma`, `beta` of C values, optionally followed by ReLU.
    public func groupNormalized(groups: Int = 32, epsilon: Float = 1e-5, gamma: [Float],
                                beta: [Float], relu: Bool = false) -> Tensor {
        precondition(rank >= 2, "group norm needs [N, ..., C], got \(shape)")
        let samples = shape[0], channels = shape[rank - 1]
        let pixels = samples == 0 ? 0 : count / (samples * channels)
        guard count > 0 else { return self }
        var result = self
        result.scalars.withUnsafeMutableBufferPointer { buffer in
            let base = buffer.baseAddress!
            let map = GroupNorm.transform(of: base, samples: samples, pixels: pixels,
                                          channels: channels, groups: groups, epsilon: epsilon,
                                          gamma: gamma, beta: beta, relu: relu)
            ComputeThreads.forEachTile(samples) { sample, _ in
                let start = base + sample * pixels * channels
                map.apply(sample: sample, pixels: pixels, from: start, to: start)
            }
        }
        return result
    }
}
