import Foundation

// Shape legend: N samples, P pixels per sample, C channels; rows of C floats (NHWC).

/// Per-sample, per-channel mean and sum of squared deviations, gathered piece by piece.
///
/// A convolution can hand each output tile to this while the tile is still in cache, so
/// the GroupNorm that follows needs no pass of its own over the activation. Pieces are
/// merged with Chan, Golub and LeVeque's pairwise update (in Double), so the order in
/// which workers finish does not matter beyond rounding.
public final class ChannelMoments: @unchecked Sendable {
    public let samples: Int
    public let channels: Int
    /// Pixels seen per sample and channel.
    public private(set) var counts: [Int]
    /// [samples, channels] means.
    public private(set) var means: [Double]
    /// [samples, channels] sums of squared deviations from the mean.
    public private(set) var squaredDeviations: [Double]
    private let lock = NSLock()

    public init(samples: Int, channels: Int) {
        self.samples = samples
        self.channels = channels
        counts = [Int](repeating: 0, count: samples * channels)
        means = [Double](repeating: 0, count: samples * channels)
        squaredDeviations = [Double](repeating: 0, count: samples * channels)
    }

    /// Adds `pixels` rows (row stride `stride`) of channels `lower ..< lower + count` of `sample`.
    public func add(_ rows: UnsafePointer<Float>, pixels: Int, stride: Int, sample: Int,
                    lower: Int = 0, count: Int? = nil) {
        let count = count ?? channels
        guard pixels > 0 else { return }
        let (pieceMeans, pieceDeviations) = Self.moments(rows, pixels: pixels, stride: stride, count: count)
        let first = sample * channels + lower
        lock.withLock {
            counts.withUnsafeMutableBufferPointer { counts in
                means.withUnsafeMutableBufferPointer { means in
                    squaredDeviations.withUnsafeMutableBufferPointer { deviations in
                        for c in 0..<count {
                            let i = first + c
                            let (na, nb) = (Double(counts[i]), Double(pixels))
                            let delta = pieceMeans[c] - means[i]
                            means[i] += delta * nb / (na + nb)
                            deviations[i] += pieceDeviations[c] + delta * delta * na * nb / (na + nb)
                            counts[i] += pixels
                        }
                    }
                }
            }
        }
    }

    /// The moments of a whole activation ([samples, pixels, channels]), split over the
    /// workers by sample and, for small batches, by channel slices.
    public static func of(_ input: UnsafePointer<Float>, samples: Int, pixels: Int, channels: Int,
                          sliceAlignment: Int = 1) -> ChannelMoments {
        let result = ChannelMoments(samples: samples, channels: channels)
        let units = channels / sliceAlignment
        let slices = max(1, min(units, (ComputeThreads.count + samples - 1) / samples))
        ComputeThreads.forEachTile(samples * slices) { item, _ in
            let sample = item / slices, slice = item % slices
            let lower = units * slice / slices * sliceAlignment
            let upper = units * (slice + 1) / slices * sliceAlignment
            result.add(input + sample * pixels * channels + lower, pixels: pixels, stride: channels,
                       sample: sample, lower: lower, count: upper - lower)
        }
        return result
    }

    /// Shifted sums (each channel's first value as the pivot) keep the variance free of
    /// cancellation; Float partial sums over 64 pixels are folded into Doubles.
    static func moments(_ base: UnsafePointer<Float>, pixels: Int, stride: Int,
                        count: Int) -> (means: [Double], squaredDeviations: [Double]) {
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
                let x = base + pixel &* stride
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
        var means = sum1, deviations = sum2
        for c in 0..<count {
            means[c] = Double(pivot[c]) + sum1[c] / n
            deviations[c] = max(sum2[c] - sum1[c] * sum1[c] / n, 0)
        }
        return (means, deviations)
    }
}
