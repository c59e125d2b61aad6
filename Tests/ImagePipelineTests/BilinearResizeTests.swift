import Testing
@testable import ImagePipeline

/// Expected values worked out by hand from TensorFlow's half-pixel bilinear rules:
/// source coordinate (i + 0.5) * in/out - 0.5, clamped to the image, then top and bottom
/// lerps along x, then the vertical lerp.
@Suite struct BilinearResizeTests {
    /// A gray image: every channel of pixel (x, y) equals values[y][x].
    func gray(_ values: [[UInt8]]) -> RGBImage {
        TestImages.rgb(width: values[0].count, height: values.count) { x, y in
            (values[y][x], values[y][x], values[y][x])
        }
    }

    func channel(_ image: FloatImage, _ c: Int) -> [[Float]] {
        (0..<image.height).map { y in (0..<image.width).map { x in image[y, x, c] } }
    }

    @Test func upsamples2x2To4x4() {
        let out = ResizeMethod.bilinear.resize(gray([[0, 100], [200, 50]]), width: 4, height: 4)
        // Columns sample x = -0.25 (clamped to 0), 0.25, 0.75, 1.25 (clamped to 1); rows likewise.
        let expected: [[Float]] = [
            [0, 25, 75, 100],
            [50, 59.375, 78.125, 87.5],
            [150, 128.125, 84.375, 62.5],
            [200, 162.5, 87.5, 50],
        ]
        for c in 0..<3 { #expect(channel(out, c) == expected) }
    }

    @Test func downsamples5x3To2x2() {
        // A ramp 10x + 100y: bilinear interpolation reproduces it at the sampled points
        // x = 0.75, 3.25 (scale 2.5) and y = 0.25, 1.75 (scale 1.5).
        let image = TestImages.rgb(width: 5, height: 3) { x, y in
            (UInt8(10 * x + 100 * y), UInt8(255 - 10 * x - 100 * y), 7)
        }
        let out = ResizeMethod.bilinear.resize(image, width: 2, height: 2)
        #expect(channel(out, 0) == [[32.5, 57.5], [182.5, 207.5]])
        #expect(channel(out, 1) == [[222.5, 197.5], [72.5, 47.5]])
        #expect(channel(out, 2) == [[7, 7], [7, 7]])
    }

    @Test func upsamplesNonSquare3x2To5x4() {
        // scale x = 3/5 = 0.6 (not exact in float), y = 2/4 = 0.5.
        // x coords: -0.2→0 (clamped), 0.4, 1.0, 1.6, 2.2→2 (clamped); y: -0.25, 0.25, 0.75, 1.25.
        let out = ResizeMethod.bilinear.resize(gray([[0, 60, 120], [30, 90, 255]]), width: 5, height: 4)
        let top: [Double] = [0, 24, 60, 96, 120]
        let bottom: [Double] = [30, 54, 90, 189, 255]
        let rowLerps: [Double] = [0, 0.25, 0.75, 1]
        for (y, lerp) in rowLerps.enumerated() {
            for x in 0..<5 {
                let expected = top[x] + (bottom[x] - top[x]) * lerp
                #expect(abs(Double(out[y, x, 0]) - expected) < 1e-4, "pixel (\(x), \(y))")
            }
        }
    }

    @Test func sameSizeIsTheIdentity() {
        let image = TestImages.quadrants
        #expect(ResizeMethod.bilinear.resize(image, width: 32, height: 16) == FloatImage(image))
    }

    @Test func interpolationWeightsFollowTheHalfPixelScaler() {
        let xs = BilinearResizePlan.interpolations(inSize: 4, outSize: 3)  // scale 4/3
        #expect(xs.map(\.lower) == [0, 1, 2])
        #expect(xs.map(\.upper) == [1, 2, 3])
        let scale = Float(4) / Float(3)
        #expect(xs.map(\.lerp) == [0, 1, 2].map { i -> Float in
            let coordinate = (Float(i) + 0.5) * scale - 0.5
            return coordinate - coordinate.rounded(.down)
        })
    }

    @Test func windowAndMirrorAreExactRewrites() {
        // The window of a resize equals the crop of the full resize, and the mirrored
        // resize equals the resize of the flipped image, bit for bit.
        let image = TestImages.rgb(width: 7, height: 5) { x, y in (UInt8(x * 31 + y * 7), UInt8(x * y * 5), UInt8(250 - x * 9)) }
        let plan = BilinearResizePlan(inputWidth: 7, inputHeight: 5, outputWidth: 12, outputHeight: 12)
        let window = PixelWindow(x: 3, y: 2, width: 6, height: 8)
        var windowed = [Float](repeating: 0, count: 6 * 8 * 3)
        image.pixels.withUnsafeBufferPointer { source in
            windowed.withUnsafeMutableBufferPointer {
                plan.resample(source, mirrored: true, window: window, into: $0.baseAddress!)
            }
        }
        let reference = ResizeMethod.bilinear.resize(image.flippedLeftRight(), width: 12, height: 12)
            .cropped(x: 3, y: 2, width: 6, height: 8)
        #expect(windowed == reference.values)
    }
}
