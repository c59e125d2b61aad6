/// Colours that stay distinguishable for readers with colour-vision deficiencies.
///
/// Okabe and Ito, "Color Universal Design" (2008): eight colours chosen to be
/// told apart under protanopia, deuteranopia and tritanopia.
public enum Palette {
    public static let orange = Color(hex: 0xE69F00)
    public static let skyBlue = Color(hex: 0x56B4E9)
    public static let bluishGreen = Color(hex: 0x009E73)
    public static let yellow = Color(hex: 0xF0E442)
    public static let blue = Color(hex: 0x0072B2)
    public static let vermillion = Color(hex: 0xD55E00)
    public static let reddishPurple = Color(hex: 0xCC79A7)
    public static let black = Color(hex: 0x000000)

    /// The order series take their colours in: the strongest contrasts first,
    /// yellow (weak on white) last.
    public static let series: [Color] = [blue, orange, bluishGreen, vermillion, reddishPurple, skyBlue, black, yellow]

    /// The colour of the `index`-th series, cycling through `series`.
    public static func color(at index: Int) -> Color {
        series[((index % series.count) + series.count) % series.count]
    }

    /// Text of a wrong prediction: a clear red (ColorBrewer RdYlBu's red, contrast
    /// 4.6:1 on white). Red alone can look dark to protanopes, so wrong titles are
    /// also set bold: the cue never rests on colour alone.
    public static let wrong = Color(hex: 0xD7191C)

    /// A sequential white-to-blue ramp for heatmaps (ColorBrewer "Blues" end points and
    /// mid point: light enough that 0 reads as empty, dark enough that 1 is emphatic).
    public static func sequentialBlue(_ value: Double) -> Color {
        let stops: [Color] = [Color(hex: 0xF7FBFF), Color(hex: 0x6BAED6), Color(hex: 0x08306B)]
        let t = value.isFinite ? max(0, min(1, value)) : 0
        let position = t * Double(stops.count - 1)
        let lower = min(Int(position), stops.count - 2)
        return stops[lower].mixed(with: stops[lower + 1], fraction: position - Double(lower))
    }
}
