import Testing
@testable import Plotting

@Suite struct PaletteTests {
    @Test func okabeItoColours() {
        // Okabe & Ito (2008), the values as published.
        #expect(Palette.orange == Color(hex: 0xE69F00))
        #expect(Palette.skyBlue == Color(hex: 0x56B4E9))
        #expect(Palette.bluishGreen == Color(hex: 0x009E73))
        #expect(Palette.yellow == Color(hex: 0xF0E442))
        #expect(Palette.blue == Color(hex: 0x0072B2))
        #expect(Palette.vermillion == Color(hex: 0xD55E00))
        #expect(Palette.reddishPurple == Color(hex: 0xCC79A7))
        #expect(Set(Palette.series.map { "\($0.rgbBytes)" }).count == 8)
    }

    @Test func seriesColoursCycle() {
        #expect(Palette.color(at: 0) == Palette.blue)
        #expect(Palette.color(at: 8) == Palette.blue)
        #expect(Palette.color(at: -1) == Palette.series.last)
    }

    @Test func sequentialRampDarkensMonotonically() {
        let luminances = stride(from: 0.0, through: 1.0, by: 0.1).map { Palette.sequentialBlue($0).relativeLuminance }
        #expect(zip(luminances, luminances.dropFirst()).allSatisfy { $0 > $1 })
        #expect(Palette.sequentialBlue(.nan) == Palette.sequentialBlue(0))
        #expect(Palette.sequentialBlue(3) == Palette.sequentialBlue(1))
    }
}
