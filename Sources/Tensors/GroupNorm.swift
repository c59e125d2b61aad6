// Shape legend: N samples, P pixels per sample (H·W), C channels, G groups; input NHWC.

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
        let channels = moments.channels, width = channels / groups
        precondition(channels % groups == 0, "\(channels) channels do not split into \(groups) groups")
        precondition(gamma.count == channels && beta.count == channels,
                     "gamma/beta of \(gamma.count)/\(beta.count) values for \(channels) channels")
        var scale = [Float](repeating: 0, count: moments.samples * channels)
        var shift = scale
        let means = moments.means, squaredDeviations = moments.squaredDeviations, counts = moments.counts
        for sample in 0..<moments.samples {
            for group in 0..<groups {
                let lower = sample * channels + group * width
                let members = lower ..< lower + width
                let mean = members.reduce(0) { $0 + means[$1] } / Double(width)
                let deviations = members.reduce(0) { total, i in
                    let offset = means[i] - mean
                    return total + squaredDeviations[i] + Double(counts[i]) * offset * offset
                }
                let elements = members.reduce(0) { $0 + counts[$1] }
                let inverse = 1 / (deviations / Double(max(elements, 1)) + Double(epsilon)).squareRoot()
                for i in members {
                    let s = Double(gamma[i - sample * channels]) * inverse
                    scale[i] = Float(s)
                    shift[i] = Float(Double(beta[i - sample * channels]) - mean * s)
                }
            }
        }
        return ChannelTransform(channels: channels, scale: scale, shift: shift, relu: relu)
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
