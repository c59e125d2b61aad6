import Imaging
import Testing

@Suite struct ColorTests {
    @Test func hueSaturationValueGivesThePrimaries() {
        #expect(Color(hue: 0, saturation: 1, value: 1) == Color(1, 0, 0))
        #expect(Color(hue: 120, saturation: 1, value: 1) == Color(0, 1, 0))
        #expect(Color(hue: 240, saturation: 1, value: 0.5) == Color(0, 0, 0.5))
        // Hues wrap around, negative ones too.
        #expect(Color(hue: -120, saturation: 1, value: 1) == Color(hue: 240, saturation: 1, value: 1))
        #expect(Color(hue: 60, saturation: 0, value: 0.25) == Color(0.25, 0.25, 0.25))
    }

    @Test func unlabeledComponentsAreOpaque() {
        #expect(Color(0.25, 0.5, 0.75) == Color(red: 0.25, green: 0.5, blue: 0.75, alpha: 1))
        #expect(Color.white == Color(1, 1, 1) && Color.black == Color(0, 0, 0))
        #expect(Color(hex: 0x336699) == Color(red: 0x33 / 255.0, green: 0x66 / 255.0, blue: 0x99 / 255.0))
    }

    @Test func mixingMovesEachChannelAndClampsTheFraction() {
        let a = Color(red: 0, green: 0.5, blue: 1, alpha: 0.5), b = Color(1, 1, 0)
        #expect(a.mixed(with: b, fraction: 0.25) == Color(red: 0.25, green: 0.625, blue: 0.75, alpha: 0.625))
        #expect(a.mixed(with: b, fraction: 0) == a)
        #expect(a.mixed(with: b, fraction: 2) == b)
        #expect(a.mixed(with: b, fraction: -1) == a)
    }

    @Test func mixingTowardsWhiteLightens() {
        let mid = Color(0.2, 0.4, 0.8).mixed(with: .white, fraction: 0.5)
        #expect(abs(mid.red - 0.6) < 1e-12 && abs(mid.green - 0.7) < 1e-12 && abs(mid.blue - 0.9) < 1e-12)
    }

    @Test func shadingScalesAndSaturatesAtOne() {
        #expect(Color(0.5, 0.25, 0.8).shaded(0.5) == Color(0.25, 0.125, 0.4))
        #expect(Color(0.5, 0.25, 0.8).shaded(2) == Color(1, 0.5, 1))
        #expect(Color(red: 0.5, green: 0.5, blue: 0.5, alpha: 0.3).shaded(1).alpha == 0.3)
    }

    @Test func lumaAndLuminanceWeighGreenMost() {
        #expect(abs(Color(1, 0, 0).luma - 0.299) < 1e-12)
        #expect(abs(Color(0, 1, 0).luma - 0.587) < 1e-12)
        #expect(abs(Color.white.relativeLuminance - 1) < 1e-12)
        #expect(abs(Color(0, 1, 0).relativeLuminance - 0.7152) < 1e-12)
        #expect(Color(0.5, 0.5, 0.5).rgbBytes == (128, 128, 128))
    }
}
