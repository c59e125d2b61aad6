import CCairo
import Foundation
import ProceduralImages
import Tensors

/// The ground behind the flowers. Every class draws from the same mixture of backdrops,
/// so the background says nothing about the class.
enum Backdrop {
    case sky, foliage, soil, grassland, bokeh

    /// A backdrop drawn with the weights of a typical set of flower photos.
    static func random(using random: inout SeededGenerator) -> Backdrop {
        random.pick([(.sky, 0.18), (.foliage, 0.32), (.soil, 0.12), (.grassland, 0.18), (.bokeh, 0.2)])
    }

    /// Paints the whole canvas; backdrops are usually out of focus, as behind a close-up.
    func paint(on canvas: Canvas, using random: inout SeededGenerator) {
        let blur = random.chance(0.7) ? random.uniform(3, 9) * Double(canvas.width) / 160 : 1
        canvas.blurred(factor: max(1, blur)) { small in
            paintSharp(on: small, size: Double(canvas.width), using: &random)
        }
    }

    private func paintSharp(on canvas: Canvas, size: Double, using random: inout SeededGenerator) {
        switch self {
        case .sky: paintSky(on: canvas, size: size, using: &random)
        case .foliage: paintFoliage(on: canvas, size: size, using: &random)
        case .soil: paintSoil(on: canvas, size: size, using: &random)
        case .grassland: paintGrassland(on: canvas, size: size, using: &random)
        case .bokeh: paintBokeh(on: canvas, size: size, using: &random)
        }
    }

    private func fillAll(_ canvas: Canvas, size: Double) {
        cairo_rectangle(canvas.context, -2, -2, size + 4, size + 4)
    }

    /// Fills the whole canvas with a flat ground colour.
    private func fillAll(_ canvas: Canvas, size: Double, with color: Color) {
        fillAll(canvas, size: size)
        canvas.setColor(color)
        cairo_fill(canvas.context)
    }

    private func paintSky(on canvas: Canvas, size: Double, using random: inout SeededGenerator) {
        let top = Color(hue: random.uniform(195, 225), saturation: random.uniform(0.3, 0.75), value: random.uniform(0.65, 0.95))
        let horizon = top.mixed(with: Color(0.95, 0.95, 0.92), fraction: random.uniform(0.4, 0.8))
        fillAll(canvas, size: size)
        canvas.fillLinear(from: (0, 0), top, to: (0, size), horizon)
        cairo_new_path(canvas.context)
        for _ in 0..<random.integer(in: 0...5) {
            canvas.ellipse(x: random.uniform(0, size), y: random.uniform(0, size * 0.7),
                           radiusX: size * random.uniform(0.1, 0.35), radiusY: size * random.uniform(0.05, 0.12))
            canvas.setColor(.white, alpha: random.uniform(0.3, 0.7))
            cairo_fill(canvas.context)
        }
        if random.chance(0.5) {
            let line = size * random.uniform(0.65, 0.95)
            cairo_rectangle(canvas.context, -2, line, size + 4, size)
            canvas.setColor(Greens.leaf(using: &random).shaded(0.7))
            cairo_fill(canvas.context)
        }
    }

    private func paintFoliage(on canvas: Canvas, size: Double, using random: inout SeededGenerator) {
        let base = Greens.leaf(using: &random).shaded(random.uniform(0.45, 0.9))
        fillAll(canvas, size: size, with: base)
        for _ in 0..<random.integer(in: 40...110) {
            let color = Greens.leaf(using: &random).shaded(random.uniform(0.5, 1.3))
            Foliage.leaf(on: canvas, x: random.uniform(-0.1, 1.1) * size, y: random.uniform(-0.1, 1.1) * size,
                         angle: random.uniform(0, 2 * Double.pi), length: size * random.uniform(0.08, 0.3),
                         width: size * random.uniform(0.04, 0.12), color: color, using: &random)
        }
    }

    private func paintSoil(on canvas: Canvas, size: Double, using random: inout SeededGenerator) {
        let earth = Color(hue: random.uniform(20, 40), saturation: random.uniform(0.3, 0.6), value: random.uniform(0.25, 0.55))
        fillAll(canvas, size: size, with: earth)
        for _ in 0..<random.integer(in: 120...260) {
            let r = size * random.uniform(0.004, 0.03)
            canvas.ellipse(x: random.uniform(0, size), y: random.uniform(0, size), radiusX: r, radiusY: r * random.uniform(0.5, 1))
            canvas.setColor(earth.shaded(random.uniform(0.5, 1.6)).jittered(0.04, using: &random))
            cairo_fill(canvas.context)
        }
        Foliage.grass(on: canvas, count: random.integer(in: 0...25), maxHeight: size * 0.4, using: &random)
    }

    private func paintGrassland(on canvas: Canvas, size: Double, using random: inout SeededGenerator) {
        let green = Greens.leaf(using: &random)
        fillAll(canvas, size: size)
        canvas.fillLinear(from: (0, 0), green.shaded(random.uniform(0.6, 1.2)), to: (0, size), green.shaded(0.5))
        cairo_new_path(canvas.context)
        Foliage.grass(on: canvas, count: random.integer(in: 60...140), maxHeight: size * random.uniform(0.5, 1.1),
                      using: &random)
    }

    private func paintBokeh(on canvas: Canvas, size: Double, using random: inout SeededGenerator) {
        let base = Color(hue: random.uniform(0, 360), saturation: random.uniform(0.1, 0.5), value: random.uniform(0.2, 0.75))
        fillAll(canvas, size: size, with: base)
        for _ in 0..<random.integer(in: 8...30) {
            let r = size * random.uniform(0.04, 0.18)
            let color = random.chance(0.6) ? Greens.leaf(using: &random)
                : Color(hue: random.uniform(0, 360), saturation: random.uniform(0.2, 0.9), value: random.uniform(0.5, 1))
            canvas.ellipse(x: random.uniform(0, size), y: random.uniform(0, size), radiusX: r, radiusY: r)
            canvas.setColor(color, alpha: random.uniform(0.25, 0.7))
            cairo_fill(canvas.context)
        }
    }
}
