import Testing
import ImagePipeline

@Suite struct RGBImageTests {
    let image = TestImages.rgb(width: 3, height: 2) { x, y in (UInt8(10 * x + y), UInt8(100 + x), UInt8(200 + y)) }

    @Test func flipMirrorsEachRow() {
        let flipped = image.flippedLeftRight()
        #expect(flipped.pixels == [
            20, 102, 200, 10, 101, 200, 0, 100, 200,
            21, 102, 201, 11, 101, 201, 1, 100, 201,
        ])
        #expect(flipped.flippedLeftRight() == image)
        #expect(FloatImage(image).flippedLeftRight() == FloatImage(flipped))
    }

    @Test func cropTakesTheWindow() {
        let values = FloatImage(TestImages.rgb(width: 4, height: 3) { x, y in (UInt8(x), UInt8(y), UInt8(x * y)) })
        let crop = values.cropped(x: 1, y: 1, width: 2, height: 2)
        #expect(crop.width == 2 && crop.height == 2)
        #expect(crop.values == [1, 1, 1, 2, 1, 2, 1, 2, 2, 2, 2, 4])
    }

    @Test func divisionScalesToUnitRange() {
        let scaled = FloatImage(width: 1, height: 1, values: [0, 51, 255]).divided(by: 255)
        #expect(scaled.values == [0, Float(51) / 255, 1])
    }

    @Test func pixelReadsRowMajor() {
        #expect(image.pixel(x: 2, y: 1) == (21, 102, 201))
    }
}
