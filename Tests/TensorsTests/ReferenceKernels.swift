import Tensors

/// Brute-force reference implementations and helpers shared by the kernel tests.
enum Reference {
    /// A tensor of uniform values in [-1, 1) from a fixed seed.
    static func random(_ shape: [Int], seed: UInt64) -> Tensor {
        var generator = SeededGenerator(seed: seed)
        let count = shape.reduce(1, *)
        return Tensor(shape: shape, scalars: (0..<count).map { _ in generator.nextFloat() * 2 - 1 })
    }

    /// max |a - b| / max |b| (0 when b is all zeros and a equals it).
    static func relativeError(_ a: Tensor, _ b: Tensor) -> Float {
        precondition(a.shape == b.shape, "\(a.shape) vs \(b.shape)")
        let scale = b.scalars.map(abs).max() ?? 0
        let difference = zip(a.scalars, b.scalars).map { abs($0 - $1) }.max() ?? 0
        return scale == 0 ? difference : difference / scale
    }

    /// Direct convolution by the definition (loops over every tap, in Double).
    static func convolution(_ x: Tensor, _ w: Tensor, stride: Int, padding: Int) -> Tensor {
        let (n, h, wd, ci) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (kh, kw, co) = (w.shape[0], w.shape[1], w.shape[3])
        let oh = (h + 2 * padding - kh) / stride + 1, ow = (wd + 2 * padding - kw) / stride + 1
        var out = [Float](repeating: 0, count: n * oh * ow * co)
        for b in 0..<n { for y in 0..<oh { for xx in 0..<ow { for o in 0..<co {
            var sum = 0.0
            for dy in 0..<kh { for dx in 0..<kw {
                let iy = y * stride - padding + dy, ix = xx * stride - padding + dx
                guard iy >= 0, iy < h, ix >= 0, ix < wd else { continue }
                for i in 0..<ci {
                    sum += Double(x.scalars[((b * h + iy) * wd + ix) * ci + i])
                        * Double(w.scalars[((dy * kw + dx) * ci + i) * co + o])
                }
            } }
            out[((b * oh + y) * ow + xx) * co + o] = Float(sum)
        } } } }
        return Tensor(shape: [n, oh, ow, co], scalars: out)
    }

    /// GroupNorm by the definition, in Double.
    static func groupNorm(_ x: Tensor, groups: Int, gamma: [Float], beta: [Float], relu: Bool) -> Tensor {
        let n = x.shape[0], c = x.shape[x.rank - 1], pixels = x.count / (n * c), width = c / groups
        var out = x.scalars
        for b in 0..<n { for g in 0..<groups {
            var values: [Double] = []
            for p in 0..<pixels { for ch in g * width ..< (g + 1) * width {
                values.append(Double(x.scalars[(b * pixels + p) * c + ch]))
            } }
            let mean = values.reduce(0, +) / Double(values.count)
            let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count)
            for p in 0..<pixels { for ch in g * width ..< (g + 1) * width {
                let i = (b * pixels + p) * c + ch
                let y = (Double(x.scalars[i]) - mean) / (variance + 1e-5).squareRoot()
                    * Double(gamma[ch]) + Double(beta[ch])
                out[i] = Float(relu ? max(y, 0) : y)
            } }
        } }
        return Tensor(shape: x.shape, scalars: out)
    }
}
