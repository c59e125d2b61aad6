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
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw StateFileError(path: url.path, reason: "it cannot be read: \(error.localizedDescription)")
        }
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch is DecodingError {
            // DecodingError's own text names Swift coding keys: say what it means instead.
            throw StateFileError(path: url.path, reason: "it is not the JSON this lesson writes "
                + "(damaged, or written by another version of the lesson)")
        }
    }
}

/// A cached state that cannot be read back.
public struct StateFileError: Error, CustomStringConvertible {
    public let path: String
    public let reason: String

    public var description: String {
        "cannot read the cached state \(path): \(reason). Run the lesson again (damaged cached results are "
            + "found and recomputed), or remove the lesson's output with `lesson clean N`."
    }
}
