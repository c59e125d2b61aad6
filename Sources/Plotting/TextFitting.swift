/// Makes a label fit a width: first a smaller font (down to 75% of the size),
/// then an ellipsis at the end, so long class names never run into their neighbours.
enum TextFitting {
    /// Smallest fraction of the requested font size a label may shrink to.
    static let minimumScale = 0.75

    /// `text` as it fits `width`: smaller (not below `smallest` times the size), then truncated.
    static func fit(_ text: String, style: TextStyle, width: Double, backend: PlotBackend,
                    smallest: Double = minimumScale) -> (text: String, style: TextStyle) {
        guard width > 0 else { return ("", style) }
        if backend.measureText(text, style: style).width <= width { return (text, style) }
        let minimumScale = min(1, max(0.1, smallest))
        var smaller = style
        smaller.size = style.size * minimumScale
        let smallWidth = backend.measureText(text, style: smaller).width
        if smallWidth <= width {
            // Shrink just enough: widths scale linearly with the font size.
            smaller.size = style.size * max(minimumScale, min(1, width / smallWidth * minimumScale))
            return (text, smaller)
        }
        var characters = Array(text)
        while !characters.isEmpty {
            characters.removeLast()
            let candidate = String(characters).trimmingTrailingSpaces + "\u{2026}"
            if backend.measureText(candidate, style: smaller).width <= width { return (candidate, smaller) }
        }
        return ("", smaller)
    }
}

private extension String {
    var trimmingTrailingSpaces: String {
        var copy = self
        while copy.last == " " { copy.removeLast() }
        return copy
    }
}
