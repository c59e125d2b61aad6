import Foundation

/// Reads and writes the small JSON states cells leave for the cells after them
/// (pretty-printed with sorted keys, written atomically).
public enum StateFile {
    public static func write<T: Encodable>(_ value: T, to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(value).write(to: url, options: .atomic)
    }

    public static func read<T: Decodable>(_ type: T.Type, from url: URL) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(contentsOf: url))
        } catch {
            throw StateFileError(path: url.path, reason: "\(error)")
        }
    }
}

/// A cached state that cannot be read back.
public struct StateFileError: Error, CustomStringConvertible {
    public let path: String
    public let reason: String

    public var description: String {
        "cannot read the cached state \(path) (\(reason)): run `lesson clean N` for this lesson and run it again."
    }
}
