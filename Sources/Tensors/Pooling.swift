// Shape legend: input [N, H, W, C] (NHWC); output [N, OH, OW, C] or [N, C].

/// Max pooling, explicit zero padding and global average pooling, with the backward
/// passes training needs.
public enum Pooling {
    /// Max pooling with a square `window` and `stride`. Positions in the `padding`
    /// border count as zeros, exactly as if the input had been zero-padded first
    /// (BiT pads with zeros, not −∞, before its 3x3/2 pool; see `Tensor.zeroPadded`).
    public static func maxPool(input: UnsafePointer<Float>, batch: Int, height: Int, width: Int,
                               channels c: Int, window: Int, stride: Int, padding: Int,
                               output: UnsafeMutablePointer<Float>) {
        let oh = (height + 2 * padding - window) / stride + 1
        let ow = (width + 2 * padding - window) / stride + 1
        guard batch > 0, oh > 0, ow > 0 else { return }
        ComputeThreads.forEachTile(batch * oh) { line, _ in
            let sample = line / oh, y = line % oh
            let top = y * stride - padding
            let rows = max(0, top) ..< min(height, top + window)
            for x in 0..<ow {
                let left = x * stride - padding
                let columns = max(0, left) ..< min(width, left + window)
                let touchesPadding = rows.count < window || columns.count < window
                let out = output + ((sample * oh + y) * ow + x) * c
                out.initialize(repeating: touchesPadding ? 0 : -.infinity, count: c)
                for inputY in rows {
                    for inputX in columns {
                        let pixel = input + ((sample * height + inputY) * width + inputX) * c
                        for channel in 0..<c { out[channel] = max(out[channel], pixel[channel]) }
                    }
                }
            }
        }
    }

    /// Max pooling that also records, per output, the flat input index of its maximum
    /// (−1 when it is a padding zero), for `maxPoolBackward`. The window is scanned in
    /// row-major order and only a strictly greater value replaces the maximum, so on ties
    /// the first position wins and the gradient is never split.
    public static func maxPool(input: UnsafePointer<Float>, batch: Int, height: Int, width: Int,
                               channels c: Int, window: Int, stride: Int, padding: Int,
                               output: UnsafeMutablePointer<Float>, argmax: UnsafeMutablePointer<Int32>) {
        let oh = (height + 2 * padding - window) / stride + 1
        let ow = (width + 2 * padding - window) / stride + 1
        guard batch > 0, oh > 0, ow > 0 else { return }
        precondition(batch * height * width * c < Int(Int32.max), "max pool input too large for 32-bit indices")
        ComputeThreads.forEachTile(batch * oh) { line, _ in
            let sample = line / oh, y = line % oh
            let top = y * stride - padding
            for x in 0..<ow {
                let left = x * stride - padding
                let out = output + ((sample * oh + y) * ow + x) * c
                let best = argmax + ((sample * oh + y) * ow + x) * c
                for ky in 0..<window {
                    for kx in 0..<window {
                        let inputY = top + ky, inputX = left + kx
                        let inside = inputY >= 0 && inputY < height && inputX >= 0 && inputX < width
                        let pixel = ((sample * height + inputY) * width + inputX) * c
                        let first = ky == 0 && kx == 0
                        if !inside {
                            for channel in 0..<c where first || out[channel] < 0 {
                                out[channel] = 0
                                best[channel] = -1
                            }
                            continue
                        }
                        let values = input + pixel
                        if first {
                            for channel in 0..<c {
                                out[channel] = values[channel]
                                best[channel] = Int32(truncatingIfNeeded: pixel &+ channel)
                            }
                            continue
                        }
                        // Loads before selects: the loop vectorizes.
                        for channel in 0..<c {
                            let value = values[channel], current = out[channel], index = best[channel]
                            let better = value > current
                            out[channel] = better ? value : current
                            best[channel] = better ? Int32(truncatingIfNeeded: pixel &+ channel) : index
                        }
                    }
                }
            }
        }
    }

    /// ∂L/∂input of a max pool: each output's gradient added at its recorded maximum
    /// (overlapping windows add up; padding maxima are dropped). `inputGradient`
    /// ([batch, samplePixels·C]) is overwritten.
    public static func maxPoolBackward(outputGradient: UnsafePointer<Float>, argmax: UnsafePointer<Int32>,
                                       batch: Int, outputsPerSample: Int, inputsPerSample: Int,
                                       inputGradient: UnsafeMutablePointer<Float>) {
        // A sample's maxima lie in that sample: samples run in parallel without conflicts.
        ComputeThreads.forEachTile(batch) { sample, _ in
            (inputGradient + sample * inputsPerSample).initialize(repeating: 0, count: inputsPerSample)
            for i in sample * outputsPerSample ..< (sample + 1) * outputsPerSample {
                let index = Int(argmax[i])
                if index >= 0 { inputGradient[index] += outputGradient[i] }
            }
        }
    }

    /// The mean over the pixels of each sample and channel: [N, P, C] → [N, C],
    /// of `transform(input)` when a transform is given (BiT's final GroupNorm and ReLU).
    public static func globalAverage(input: UnsafePointer<Float>, samples: Int, pixels: Int,
                                     channels: Int, transform: ChannelTransform? = nil,
                                     output: UnsafeMutablePointer<Float>) {
        guard samples > 0, pixels > 0 else { return }
        Convolution.withTransformPointers(transform) { map in
            ComputeThreads.forEachTile(samples) { sample, _ in
                let sum = UnsafeMutablePointer<Double>.allocate(capacity: channels)
                let row = UnsafeMutablePointer<Float>.allocate(capacity: channels)
                defer { sum.deallocate(); row.deallocate() }
                sum.initialize(repeating: 0, count: channels)
                for pixel in 0..<pixels {
                    let source = input + (sample * pixels + pixel) * channels
                    if let map {
                        ChannelTransform.apply(pixels: 1, channels: channels,
                                               scale: map.scale + sample * channels,
                                               shift: map.shift + sample * channels,
                                               relu: map.relu, from: source, to: row)
                    } else {
                        row.update(from: source, count: channels)
                    }
                    for c in 0..<channels { sum[c] += Double(row[c]) }
                }
                for c in 0..<channels { output[sample * channels + c] = Float(sum[c] / Double(pixels)) }
            }
        }
    }
    /// ∂L/∂input of `globalAverage` without transform: every pixel of a sample gets
    /// its channel's gradient divided by the pixel count.
    public static func globalAverageBackward(outputGradient: UnsafePointer<Float>, samples: Int, pixels: Int,
                                             channels: Int, inputGradient: UnsafeMutablePointer<Float>) {
        ComputeThreads.forEachTile(samples) { sample, _ in
            let scale = 1 / Float(pixels), source = outputGradient + sample * channels
            for pixel in 0..<pixels {
                let row = inputGradient + (sample * pixels + pixel) * channels
                for c in 0..<channels { row[c] = source[c] * scale }
            }
        }
    }
}

extension Tensor {
    /// Max pooling of an NHWC tensor; the `padding` border holds zeros.
    public func maxPooled(window: Int, stride: Int, padding: Int = 0) -> Tensor {
        precondition(rank == 4 && window > 0 && stride > 0 && padding >= 0, "max pool of \(shape)")
        let (n, h, w, c) = (shape[0], shape[1], shape[2], shape[3])
        let oh = (h + 2 * padding - window) / stride + 1, ow = (w + 2 * padding - window) / stride + 1
        precondition(oh > 0 && ow > 0, "a \(window)x\(window) window does not fit \(shape)")
        var result = Tensor(zeros: [n, oh, ow, c])
        guard result.count > 0 else { return result }
        scalars.withUnsafeBufferPointer { x in
            result.scalars.withUnsafeMutableBufferPointer { y in
                Pooling.maxPool(input: x.baseAddress!, batch: n, height: h, width: w, channels: c,
                                window: window, stride: stride, padding: padding, output: y.baseAddress!)
            }
        }
        return result
    }

    /// This NHWC tensor with `padding` rows and columns of zeros on all four sides.
    public func zeroPadded(_ padding: Int) -> Tensor {
        precondition(rank == 4 && padding >= 0, "zero padding of \(shape)")
        let (n, h, w, c) = (shape[0], shape[1], shape[2], shape[3])
        let (ph, pw) = (h + 2 * padding, w + 2 * padding)
        var result = Tensor(zeros: [n, ph, pw, c])
        for sample in 0..<n {
            for y in 0..<h {
                let source = ((sample * h + y) * w) * c
                let target = ((sample * ph + y + padding) * pw + padding) * c
                result.scalars.replaceSubrange(target ..< target + w * c,
                                               with: scalars[source ..< source + w * c])
            }
        }
        return result
    }

    /// The mean over H and W of an NHWC tensor: [N, H, W, C] → [N, C].
    public func globalAveragePooled() -> Tensor {
        precondition(rank == 4, "global average pool of \(shape)")
        let (n, pixels, c) = (shape[0], shape[1] * shape[2], shape[3])
        var result = Tensor(zeros: [n, c])
        guard count > 0 else { return result }
        scalars.withUnsafeBufferPointer { x in
            result.scalars.withUnsafeMutableBufferPointer { y in
                Pooling.globalAverage(input: x.baseAddress!, samples: n, pixels: pixels,
                                      channels: c, output: y.baseAddress!)
            }
        }
        return result
    }
}
