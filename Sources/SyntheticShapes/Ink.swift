import CCairo
import Foundation
import ProceduralImages
import Tensors

/// How a figure is coloured: a main colour and a detail colour, each either flat or shaded
/// by a gradient, with or without a dark edge. A shadow ink paints every part as one
/// translucent dark shape, for the figure's cast shadow.
struct Ink {
    enum Finish { case flat, gradient, edged }

    var main: Color
    var detail: Color
    var finish: Finish
    var isShadow = false

    /// An ink contrasting with `background`, with a detail colour that differs from the main one.
    static func random(on background: Color, using random: inout SeededGenerator) -> Ink {
        let main = Color.contrasting(with: background, using: &random)
        var detail = Color.contrasting(with: main, margin: 0.2, using: &random)
        if random.chance(0.4) { detail = Color.contrasting(with: background, margin: 0.2, using: &random) }
        let finish: Finish = random.pick([(.flat, 0.4), (.gradient, 0.35), (.edged, 0.25)])
        return Ink(main: main, detail: detail, finish: finish)
    }

    /// This ink as a cast shadow.
    var shadow: Ink {
        var copy = self
        copy.isShadow = true
        return copy
    }

    /// Fills the current path (and consumes it) in the main colour.
    func fillMain(_ canvas: Canvas) { fill(canvas, main) }

    /// Fills the current path (and consumes it) in the detail colour.
    func fillDetail(_ canvas: Canvas) { fill(canvas, detail) }

    /// Strokes the current path (and consumes it) in the main colour, `width` in figure units.
    func strokeMain(_ canvas: Canvas, width: Double, rounded: Bool = true) {
        stroke(canvas, main, width: width, rounded: rounded)
    }

    /// Strokes the current path (and consumes it) in the detail colour.
    func strokeDetail(_ canvas: Canvas, width: Double) { stroke(canvas, detail, width: width) }

    private func fill(_ canvas: Canvas, _ color: Color) {
        let context = canvas.context
        if isShadow {
            canvas.fill(.black, alpha: 0.3)
            return
        }
        switch finish {
        case .flat, .edged:
            canvas.setColor(color)
        case .gradient:
            // Lit from above: lighter at the top of the figure's unit frame, darker below.
            let pattern = cairo_pattern_create_linear(0, -1, 0, 1)
            let top = color.mixed(with: .white, fraction: 0.35), bottom = color.shaded(0.65)
            cairo_pattern_add_color_stop_rgb(pattern, 0, top.red, top.green, top.blue)
            cairo_pattern_add_color_stop_rgb(pattern, 1, bottom.red, bottom.green, bottom.blue)
            cairo_set_source(context, pattern)
            cairo_pattern_destroy(pattern)
        }
        if finish == .edged {
            cairo_fill_preserve(context)
            canvas.stroke(color.luma > 0.5 ? color.shaded(0.45) : color.mixed(with: .white, fraction: 0.5), width: 0.05)
        } else {
            cairo_fill(context)
        }
    }

    private func stroke(_ canvas: Canvas, _ color: Color, width: Double, rounded: Bool = true) {
        canvas.stroke(isShadow ? .black : color, width: width, alpha: isShadow ? 0.3 : 1, rounded: rounded)
    }
}
