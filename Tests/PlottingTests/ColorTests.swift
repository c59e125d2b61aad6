import Testing
@testable import Plotting

@Suite struct ColorTests {
    @Test func hexComponents() {
        let color = Color(hex: 0xE69F00)
        #expect(color.rgbBytes == (0xE6, 0x9F, 0x00))
        #expect(color.alpha == 1)
    }

    @Test func contrastingTextIsWhiteOnDarkAndDarkOnLight() {
        #expect(Palette.sequentialBlue(1).contrastingText == .white)
        #expect(Palette.sequentialBlue(0).contrastingText == .textBlack)
        #expect(Color.white.contrastingText == .textBlack)
        #expect(Palette.blue.contrastingText == .white)
        #expect(Palette.yellow.contrastingText == .textBlack)
    }

    @Test func relativeLuminanceEndPoints() {
        #expect(abs(Color.white.relativeLuminance - 1) < 1e-12)
        #expect(Color.black.relativeLuminance == 0)
    }

    @Test func mixingInterpolatesPerChannel() {
        let mid = Color.black.mixed(with: .white, fraction: 0.5)
        #expect(mid.red == 0.5 && mid.green == 0.5 && mid.blue == 0.5)
        #expect(Color.black.mixed(with: .white, fraction: 7) == .white)
    }
}
