/// The messages of the failures every procedural generator shares, worded once; each
/// generator's error type prefixes them with its name ("synthetic flowers: ...").
public enum GeneratorErrorText {
    /// An image side outside `supported`.
    public static func unsupportedImageSize(_ size: Int, supported: ClosedRange<Int>) -> String {
        "image size \(size) is not supported; use a side between \(supported.lowerBound) and "
            + "\(supported.upperBound) pixels"
    }

    /// A class index outside `0..<classCount`, listing `classNames` when given.
    public static func unknownClass(_ index: Int, classCount: Int, classNames: [String]? = nil) -> String {
        let names = classNames.map { " (\($0.joined(separator: ", ")))" } ?? ""
        return "class index \(index) does not exist; use 0..<\(classCount)" + names
    }

    /// A non-positive number of images per class.
    public static func invalidImageCount(_ count: Int) -> String {
        "\(count) images per class were asked for; ask for at least one"
    }

    /// Cairo could not allocate a `size` x `size` surface.
    public static func surfaceUnavailable(size: Int) -> String {
        "Cairo could not allocate a \(size)x\(size) image surface; free some memory or ask for smaller images"
    }

    /// A file or folder at `path` could not be written.
    public static func cannotWrite(path: String, reason: String) -> String {
        "cannot write \(path): \(reason); check that the folder is writable and the disk has room"
    }
}
