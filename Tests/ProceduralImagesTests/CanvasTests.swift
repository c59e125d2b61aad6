import CCairo
import Foundation
import ProceduralImages
import Testing
import TestSupport

@Suite struct CanvasTests {
    private func pixel(_ rgb: [UInt8], _ x: Int, _ y: Int, width: Int) -> [UInt8] {
        Array(rgb[(y * width + x) * 3..<(y * width + x) * 3 + 3])
    }

    @Test func filledShapesLandOnTheExpectedPixels() throws {
        let canvas = try #require(Canvas(width: 8, height: 6))
        canvas.setColor(Color(0, 0, 1))
        cairo_paint(canvas.context)
        canvas.polygon([(0, 0), (4, 0), (4, 6), (0, 6)])
        canvas.fill(Color(1, 0, 0))
        let rgb = canvas.rgbBytes()
        #expect(rgb.count == 8 * 6 * 3)
        #expect(pixel(rgb, 1, 2, width: 8) == [255, 0, 0])
        #expect(pixel(rgb, 6, 2, width: 8) == [0, 0, 255])
    }

    @Test func rgbRoundTripsThroughTheSurface() throws {
        let canvas = try #require(Canvas(width: 5, height: 3))
        let rgb = (0..<45).map { UInt8($0 * 5) }
        canvas.setRGB(rgb)
        #expect(canvas.rgbBytes() == rgb)
        var copied = [UInt8](repeating: 0, count: 45)
        copied.withUnsafeMutableBufferPointer { canvas.copyRGB(into: $0) }
        #expect(copied == rgb)
        canvas.setRGB([1, 2, 3])  // the wrong size is ignored, not a crash
        #expect(canvas.rgbBytes() == rgb)
    }

    @Test func resetForgetsTransformAndOperator() throws {
        let canvas = try #require(Canvas(width: 4, height: 4))
        cairo_scale(canvas.context, 10, 10)
        cairo_set_operator(canvas.context, CAIRO_OPERATOR_ADD)
        canvas.reset()
        var x = 3.0, y = 2.0
        cairo_user_to_device(canvas.context, &x, &y)
        #expect((x, y) == (3, 2), "the identity transform is back")
        #expect(cairo_get_operator(canvas.context) == CAIRO_OPERATOR_OVER)
    }

    @Test func gradientsRunBetweenTheirColours() throws {
        let canvas = try #require(Canvas(width: 64, height: 4))
        cairo_rectangle(canvas.context, 0, 0, 64, 4)
        canvas.fillLinear(from: (0, 0), .black, to: (64, 0), .white)
        let rgb = canvas.rgbBytes()
        #expect(pixel(rgb, 0, 1, width: 64)[0] < 8)
        #expect(pixel(rgb, 63, 1, width: 64)[0] > 247)
        #expect(abs(Int(pixel(rgb, 32, 1, width: 64)[0]) - 128) < 6)
    }

    @Test func blurredDrawingIsSoftenedButInPlace() throws {
        let canvas = try #require(Canvas(width: 32, height: 32))
        canvas.setColor(.black)
        cairo_paint(canvas.context)
        canvas.blurred(factor: 4) { small in
            cairo_rectangle(small.context, 0, 0, 16, 32)
            small.fill(.white)
        }
        let rgb = canvas.rgbBytes()
        #expect(pixel(rgb, 2, 16, width: 32) == [255, 255, 255])
        #expect(pixel(rgb, 30, 16, width: 32) == [0, 0, 0])
        let edge = pixel(rgb, 16, 16, width: 32)[0]
        #expect(edge > 20 && edge < 235, "the edge is a ramp, not a step: \(edge)")
    }

    @Test func writesAnOpaqueRGBPNG() throws {
        let folder = SharedFixtures.temporaryDirectory("canvas")
        defer { try? FileManager.default.removeItem(at: folder) }
        let canvas = try #require(Canvas(width: 7, height: 5))
        let url = folder.appendingPathComponent("image.png")
        #expect(canvas.writePNG(to: url) == nil)
        let data = try Data(contentsOf: url)
        #expect(Array(data.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        #expect(data[16..<24].elementsEqual([0, 0, 0, 7, 0, 0, 0, 5]))
        #expect(data[25] == 2, "colour type 2: RGB without alpha")
        #expect(canvas.writePNG(to: folder.appendingPathComponent("missing/image.png")) != nil)
    }
}
