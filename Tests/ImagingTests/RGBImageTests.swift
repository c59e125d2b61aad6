import Imaging
import Testing

@Suite struct RGBImageTests {
    @Test func checkedInitRejectsBytesThatDoNotFillTheImage() throws {
        let image = try RGBImage(width: 2, height: 1, rgb: [1, 2, 3, 4, 5, 6])
        #expect(image == RGBImage(width: 2, height: 1, pixels: [1, 2, 3, 4, 5, 6]))
        #expect(image.rgb == image.pixels && image.byteCount == 6)
        #expect(throws: ImageSizeError(width: 2, height: 2, byteCount: 5)) {
            try RGBImage(width: 2, height: 2, rgb: [0, 0, 0, 0, 0])
        }
        #expect(throws: ImageSizeError(width: 0, height: 3, byteCount: 0)) {
            try RGBImage(width: 0, height: 3, rgb: [])
        }
        #expect("\(ImageSizeError(width: 2, height: 2, byteCount: 5))".contains("needs 12 bytes"))
    }

    @Test func pixelAndFlipReadRowMajorChannels() {
        let image = RGBImage(width: 2, height: 2, pixels: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])
        #expect(image.pixel(x: 1, y: 0) == (4, 5, 6))
        #expect(image.pixel(x: 0, y: 1) == (7, 8, 9))
        #expect(image.flippedLeftRight().pixels == [4, 5, 6, 1, 2, 3, 10, 11, 12, 7, 8, 9])
    }
}
