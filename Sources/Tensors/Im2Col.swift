// Shape legend: input [N, H, W, Ci] (NHWC); a patch row holds KH·KW·Ci values ordered
// like the HWIO kernel's rows (KH, KW, Ci); output pixel r of the batch is patch row r.

/// im2col and its adjoint: the patch rows a convolution multiplies by its kernel, and
/// the sum of patch-row gradients back onto the pixels they were read from.
extension Convolution {
    /// Fills `rows.count` rows of patches (`patchLength` each, ordered KH, KW, Ci like
    /// the HWIO kernel's rows) for the output pixels `rows`.
    static func gather(rows: Range<Int>, from input: UnsafePointer<Float>, geometry g: ConvolutionGeometry,
                       map: TransformPointers?, into patches: UnsafeMutablePointer<Float>) {
        let ci = g.inputChannels, oh = g.outputHeight, ow = g.outputWidth
        let k = g.patchLength, run = g.kernelWidth * ci
        if g.isPointwise, let map {
            // The rows are the input's own pixels: transform whole runs within a sample.
            var row = rows.lowerBound
            while row < rows.upperBound {
                let sample = row / (oh * ow), end = min(rows.upperBound, (sample + 1) * oh * ow)
                ChannelTransform.apply(pixels: end - row, channels: ci, scale: map.scale + sample * ci,
                                       shift: map.shift + sample * ci, relu: map.relu, from: input + row * ci,
                                       to: patches + (row - rows.lowerBound) * ci)
                row = end
            }
            return
        }
        for row in rows {
            let sample = row / (oh * ow), y = row / ow % oh, x = row % ow
            let destination = patches + (row - rows.lowerBound) * k
            let left = x * g.stride - g.padding
            let firstTap = max(0, -left), endTap = min(g.kernelWidth, g.inputWidth - left)
            for ky in 0..<g.kernelHeight {
                let line = destination + ky * run
                let inputY = y * g.stride - g.padding + ky
                guard inputY >= 0, inputY < g.inputHeight, firstTap < endTap else {
                    line.initialize(repeating: 0, count: run)
                    continue
                }
                line.initialize(repeating: 0, count: firstTap * ci)
                let valid = (endTap - firstTap) * ci
                let source = input + ((sample * g.inputHeight + inputY) * g.inputWidth + left + firstTap) * ci
                if let map {
                    ChannelTransform.apply(pixels: endTap - firstTap, channels: ci,
                                           scale: map.scale + sample * ci, shift: map.shift + sample * ci,
                                           relu: map.relu, from: source, to: line + firstTap * ci)
                } else {
                    (line + firstTap * ci).update(from: source, count: valid)
                }
                (line + endTap * ci).initialize(repeating: 0, count: run - endTap * ci)
            }
        }
    }

    /// Adds `rows.count` rows of patch gradients (laid out as `gather` writes patches)
    /// onto the input pixels they were gathered from; padding taps are dropped. Rows of
    /// one sample overlap on shared pixels, so a sample's rows must be added by one thread.
    static func scatter(rows: Range<Int>, from patches: UnsafePointer<Float>, geometry g: ConvolutionGeometry,
                        into inputGradient: UnsafeMutablePointer<Float>) {
        let ci = g.inputChannels, oh = g.outputHeight, ow = g.outputWidth
        let k = g.patchLength, run = g.kernelWidth * ci
        for row in rows {
            let sample = row / (oh * ow), y = row / ow % oh, x = row % ow
            let source = patches + (row - rows.lowerBound) * k
            let left = x * g.stride - g.padding
            let firstTap = max(0, -left), endTap = min(g.kernelWidth, g.inputWidth - left)
            guard firstTap < endTap else { continue }
            let valid = (endTap - firstTap) * ci
            for ky in 0..<g.kernelHeight {
                let inputY = y * g.stride - g.padding + ky
                guard inputY >= 0, inputY < g.inputHeight else { continue }
                let from = source + ky * run + firstTap * ci
                let to = inputGradient + ((sample * g.inputHeight + inputY) * g.inputWidth + left + firstTap) * ci
                for i in 0..<valid { to[i] += from[i] }
            }
        }
    }
}
