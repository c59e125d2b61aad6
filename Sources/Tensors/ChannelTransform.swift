// Shape legend: N samples, P pixels per sample (H·W), C channels; NHWC rows of C floats.

/// A per-sample, per-channel affine map `x·scale + shift`, optionally followed by ReLU.
///
/// It is how a normalization reaches the layer that consumes it: GroupNorm computes
/// one (its statistics folded with gamma and beta), and convolutions and pooling apply
/// it to their input on the fly while gathering it, so the normalized activation is
/// never written to memory. It also maps input images from [0, 1] to [-1, 1].
public struct ChannelTransform: Sendable, Equatable {
    /// The number of channels.
    public let channels: Int
    /// Multipliers, `[samples, channels]` row-major.
    public let scale: [Float]
    /// Offsets, `[samples, channels]` row-major.
    public let shift: [Float]
    /// Whether ReLU follows the affine map.
    public let relu: Bool

    /// A transform with its own scale and shift for every sample and channel.
    public init(channels: Int, scale: [Float], shift: [Float], relu: Bool) {
        precondition(channels > 0 && scale.count == shift.count && scale.count % channels == 0,
                     "scale/shift of \(scale.count)/\(shift.count) values for \(channels) channels")
        self.channels = channels
        self.scale = scale
        self.shift = shift
        self.relu = relu
    }

    /// The same `x·scale + shift` for every sample and channel.
    public static func uniform(scale: Float, shift: Float, samples: Int, channels: Int,
                               relu: Bool = false) -> ChannelTransform {
        ChannelTransform(channels: channels,
                         scale: [Float](repeating: scale, count: samples * channels),
                         shift: [Float](repeating: shift, count: samples * channels), relu: relu)
    }

    /// The number of samples it covers.
    public var samples: Int { scale.count / channels }

    /// Writes the transform of `pixels` consecutive rows of `sample` from `source` to
    /// `destination` (which may equal `source`).
    @inlinable
    public func apply(sample: Int, pixels: Int, from source: UnsafePointer<Float>,
                      to destination: UnsafeMutablePointer<Float>) {
        scale.withUnsafeBufferPointer { scaleBuffer in
            shift.withUnsafeBufferPointer { shiftBuffer in
                let s = scaleBuffer.baseAddress! + sample * channels
                let t = shiftBuffer.baseAddress! + sample * channels
                ChannelTransform.apply(pixels: pixels, channels: channels, scale: s, shift: t,
                                       relu: relu, from: source, to: destination)
            }
        }
    }

    /// Applies the transform in place to `values` ([samples, pixels, channels]),
    /// split over the workers.
    public func applyInPlace(_ values: UnsafeMutablePointer<Float>, pixels: Int) {
        let samples = self.samples, channels = self.channels
        scale.withUnsafeBufferPointer { scaleBuffer in
            shift.withUnsafeBufferPointer { shiftBuffer in
                let scale = scaleBuffer.baseAddress!, shift = shiftBuffer.baseAddress!
                // Slices of rows; a slice may span samples, so it is cut at their borders.
                ComputeThreads.forEachSlice(of: samples * pixels, minimumSlice: 1024) { rows in
                    var row = rows.lowerBound
                    while row < rows.upperBound {
                        let sample = row / pixels
                        let end = min(rows.upperBound, (sample + 1) * pixels)
                        let start = values + row * channels
                        ChannelTransform.apply(pixels: end - row, channels: channels,
                                               scale: scale + sample * channels, shift: shift + sample * channels,
                                               relu: relu, from: start, to: start)
                        row = end
                    }
                }
            }
        }
    }

    /// The kernel every use goes through: `pixels` rows of `channels` values.
    @inlinable
    static func apply(pixels: Int, channels: Int, scale: UnsafePointer<Float>,
                      shift: UnsafePointer<Float>, relu: Bool,
                      from source: UnsafePointer<Float>, to destination: UnsafeMutablePointer<Float>) {
        if relu {
            for pixel in 0..<pixels {
                let x = source + pixel &* channels, y = destination + pixel &* channels
                for c in 0..<channels {
                    let v = x[c] * scale[c] + shift[c]
                    y[c] = v > 0 ? v : 0
                }
            }
        } else {
            for pixel in 0..<pixels {
                let x = source + pixel &* channels, y = destination + pixel &* channels
                for c in 0..<channels { y[c] = x[c] * scale[c] + shift[c] }
            }
        }
    }
}
