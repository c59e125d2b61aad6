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
        precondition(gamma.count == channels && beta.count == channels,
                     "gamma/beta of \(gamma.count)/\(beta.count) values for \(channels) channels")
        precondition(pixels > 0, "group norm over an empty image")
        var scale = [Float](repeating: 0, count: samples * channels)
        var shift = [Float](repeating: 0, count: samples * channels)
        // Work items are (sample, slice of groups): both cores stay busy even at batch 1.
        let slices = divisorAtMost(groups, (ComputeThreads.count + samples - 1) / samples)
        let groupsPerSlice = groups / slices
        let width = channels / groups
        scale.withUnsafeMutableBufferPointer { scaleBuffer in
            shift.withUnsafeMutableBufferPointer { shiftBuffer in
                let scaleOut = scaleBuffer.baseAddress!, shiftOut = shiftBuffer.baseAddress!
                ComputeThreads.forEachTile(samples * slices) { item, _ in
                    let sample = item / slices
                    let firstGroup = (item % slices) * groupsPerSlice
                    let lower = firstGroup * width, count = groupsPerSlice * width
                    let moments = channelMoments(input + sample * pixels * channels + lower,
                                                 pixels: pixels, stride: channels, count: count)
                    for group in 0..<groupsPerSlice {
                        let (mean, variance) = groupMoments(moments, group: group, width: width, pixels: pixels)
                        let inverse = 1 / (variance + Double(epsilon)).squareRoot()
                        for c in group * width ..< (group + 1) * width {
                            let s = Double(gamma[lower + c]) * inverse
                            scaleOut[sample * channels + lower + c] = Float(s)
                            shiftOut[sample * channels + lower + c] = Float(Double(beta[lower + c]) - mean * s)
                        }
                    }
                }
            }
        }
        return ChannelTransform(channels: channels, scale: scale, shift: shift, relu: relu)
    }

    /// Per-channel mean and sum of squared deviations over `pixels` rows.
    struct ChannelMoments {
        var mean: [Double]
        var squaredDeviations: [Double]
    }

    /// Shifted sums (each channel's first value as the pivot) keep the variance free of
    /// cancellation; Float partial sums over 64 pixels are folded into Doubles.
    static func channelMoments(_ base: UnsafePointer<Float>, pixels: Int, stride: Int,
                               count: Int) -> ChannelMoments {
        let pivot = UnsafeMutablePointer<Float>.allocate(capacity: 3 * count)
        defer { pivot.deallocate() }
        let partial1 = pivot + count, partial2 = pivot + 2 * count
        pivot.update(from: base, count: count)
        var sum1 = [Double](repeating: 0, count: count)
        var sum2 = [Double](repeating: 0, count: count)
        let block = 64
        for start in Swift.stride(from: 0, to: pixels, by: block) {
            partial1.initialize(repeating: 0, count: count)
            partial2.initialize(repeating: 0, count: count)
            for pixel in start ..< min(start + block, pixels) {
                let x = base + pixel * stride
                for c in 0..<count {
                    let d = x[c] - pivot[c]
                    partial1[c] += d
                    partial2[c] += d * d
                }
            }
            for c in 0..<count {
                sum1[c] += Double(partial1[c])
                sum2[c] += Double(partial2[c])
            }
        }
        let n = Double(pixels)
        var moments = ChannelMoments(mean: sum1, squaredDeviations: sum2)
        for c in 0..<count {
            moments.mean[c] = Double(pivot[c]) + sum1[c] / n
            moments.squaredDeviations[c] = max(sum2[c] - sum1[c] * sum1[c] / n, 0)
        }
        return moments
    }

    /// The mean and biased variance of one group from its channels' moments.
    static func groupMoments(_ moments: ChannelMoments, group: Int, width: Int,
                             pixels: Int) -> (mean: Double, variance: Double) {
        let channels = group * width ..< (group + 1) * width
        let mean = channels.reduce(0) { $0 + moments.mean[$1] } / Double(width)
        let deviations = channels.reduce(0) { total, c in
            let offset = moments.mean[c] - mean
            return total + moments.squaredDeviations[c] + Double(pixels) * offset * offset
        }
        return (mean, deviations / Double(width * pixels))
    }

    /// The largest divisor of `value` that is at most `limit` (at least 1).
    static func divisorAtMost(_ value: Int, _ limit: Int) -> Int {
        var divisor = max(1, min(limit, value))
        while value % divisor != 0 { divisor -= 1 }
        return divisor
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
