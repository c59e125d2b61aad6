import Foundation

/// A file a typed cell keeps in its state folder beside its output, for what is too large for
/// JSON (trained weights): the output holds it, the stored output records only its name, and
/// a cell downstream finds it where the runner keeps that cell's state.
///
///     struct Pretrained: Codable { var weights: StoredFile }
///     let weights = try context.storedFile("weights.npz")    // in `run`: write to weights.url
///     ... pretrained.weights.url                              // downstream: read it
public struct StoredFile: Codable, Equatable, Sendable {
    /// The file's name in the state folder.
    public let name: String
    /// Where it is: in the state folder of the cell that wrote it.
    public let url: URL

    init(name: String, in directory: URL) {
        self.name = name
        url = directory.appendingPathComponent(name)
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let name = try container.decode(String.self)
        // Decoded outside a cell's state (a tool reading output.json by hand): relative to here.
        let directory = decoder.userInfo[Self.stateDirectoryKey] as? URL
            ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        self.init(name: name, in: directory)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(name)
    }

    static let stateDirectoryKey = CodingUserInfoKey(rawValue: "lesson.stateDirectory")!

    /// A typed cell's stored output in the state folder `state`, its stored files found there.
    static func readOutput<T: Decodable>(_ type: T.Type, inState state: URL) throws -> T {
        let url = state.appendingPathComponent(CellContext.outputFile)
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw StateFileError(path: url.path, reason: "it cannot be read: \(error.localizedDescription)")
        }
        let decoder = JSONDecoder()
        decoder.userInfo[stateDirectoryKey] = state
        do {
            return try decoder.decode(type, from: data)
        } catch is DecodingError {
            throw StateFileError(path: url.path, reason: "it is not the JSON this lesson writes "
                + "(damaged, or written by another version of the lesson)")
        }
    }
}

extension CellContext {
    /// A file `name` kept with this cell's state: write it at `url`, and return it in the output.
    public func storedFile(_ name: String) throws -> StoredFile {
        guard !name.isEmpty, !name.contains("/"), !name.hasPrefix("."), name != Self.outputFile,
              name != ArtifactStore.publishedFolder, name != ArtifactStore.manifestName else {
            throw CellError.badOutputName(cell: cell.name, name: name)
        }
        return StoredFile(name: name, in: stateDirectory)
    }
}
