/// Why a checkpoint could not become a model. Every message names the source (file)
/// and the key, and says what was expected.
public enum CheckpointError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The file could not be read as an .npz archive of arrays.
    case unreadable(source: String, reason: String)
    /// The arrays are not a BiT ResNetV2 checkpoint at all.
    case notACheckpoint(source: String, reason: String)
    /// The model needs `key` with `expected` shape and the checkpoint lacks it.
    case missingKey(String, expected: [Int], source: String)
    /// The checkpoint holds `key` and no layer of the model uses it.
    case unusedKey(String, found: [Int], source: String)
    /// `key` has the wrong shape for the model.
    case shapeMismatch(String, expected: [Int], found: [Int], source: String)
    /// The requested configuration cannot be built.
    case invalidConfiguration(String, source: String)
    /// `key` holds a NaN or infinite value (the first at flat `index`).
    case nonFiniteValue(String, index: Int, value: Float, source: String)

    public var description: String {
        switch self {
        case let .unreadable(source, reason):
            return "\(source): cannot read the checkpoint (\(reason)); expected a BiT .npz file "
                + "such as BiT-M-R50x1.npz"
        case let .notACheckpoint(source, reason):
            return "\(source) is not a BiT ResNetV2 checkpoint: \(reason). Expected an .npz with keys "
                + "like resnet/root_block/standardized_conv2d/kernel (the official BiT-M/BiT-S files)"
        case let .missingKey(key, expected, source):
            return "\(source): missing key \(key) (expected shape \(expected)); the file is incomplete "
                + "or was written for another model variant"
        case let .unusedKey(key, found, source):
            return "\(source): key \(key) (shape \(found)) is not used by the model; the checkpoint "
                + "has more layers than the configuration, or is not a BiT ResNetV2"
        case let .shapeMismatch(key, expected, found, source):
            return "\(source): key \(key) has shape \(found), expected \(expected); check the model "
                + "variant (block units and root channels)"
        case let .invalidConfiguration(reason, source):
            return "\(source): \(reason)"
        case let .nonFiniteValue(key, index, value, source):
            return "\(source): key \(key) holds \(value) at element \(index); a checkpoint's weights must all "
                + "be finite numbers (the training that wrote it diverged, or the file is damaged): use another "
                + "checkpoint"
        }
    }
}
