import Foundation

/// The difference between two validation accuracies measured on the same images, and whether it is
/// larger than the noise of such a measurement: an accuracy on n images has a binomial standard error
/// of sqrt(p (1 - p) / n); a difference within twice that is not evidence either way.
struct AccuracyDifference: Codable, Equatable {
    /// To minus from, as a fraction.
    var difference: Double
    /// The difference in validation images, signed.
    var images: Int
    var validationImages: Int
    /// The standard error of an accuracy between the two, measured on `validationImages` images.
    var standardError: Double

    init(from: Double, to: Double, validationImages: Int) {
        difference = to - from
        self.validationImages = max(1, validationImages)
        images = Int((difference * Double(self.validationImages)).rounded())
        let p = (from + to) / 2
        standardError = (p * (1 - p) / Double(self.validationImages)).squareRoot()
    }

    /// Larger than twice the standard error.
    var isClear: Bool { abs(difference) > 2 * standardError }

    /// "+18.8 points" (as in the tables).
    var points: String { String(format: "%+.1f points", difference * 100) }

    /// "-0.9 points (1 of 112 validation images)".
    var pointsAndImages: String {
        "\(points) (\(abs(images)) of \(validationImages) validation image\(validationImages == 1 ? "" : "s"))"
    }

    /// The terminal's line: "-0.9 points (1 of 112 validation images, within the noise)".
    var fact: String {
        "\(points) (\(abs(images)) of \(validationImages) validation images, \(isClear ? "beyond" : "within") the noise)"
    }

    /// What the size of the difference allows one to say, e.g. "within the noise of an accuracy measured on
    /// 112 images (standard error about 2.4 points)".
    var noise: String {
        String(format: "%@ the noise of an accuracy measured on %d images (standard error about %.1f points)",
               isClear ? "more than twice" : "within", validationImages, standardError * 100)
    }
}
