import Foundation
import ZIPFoundation

/// Builds zip archives with arbitrary members (non-float arrays, non-array files) for tests.
enum ZipTestWriter {
    static func write(_ members: [String: Data], to url: URL) throws {
        let archive = try Archive(url: url, accessMode: .create)
        for path in members.keys.sorted() {
            let data = members[path]!
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count)) { position, size in
                data.subdata(in: Int(position)..<(Int(position) + size))
            }
        }
    }
}

extension ZipTestWriter {
    /// Appends a member to an existing archive, even one whose path is already there.
    static func append(path: String, data: Data, to url: URL) throws {
        let archive = try Archive(url: url, accessMode: .update)
        try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count)) { position, size in
            data.subdata(in: Int(position)..<(Int(position) + size))
        }
    }
}
