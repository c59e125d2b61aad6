import Crypto
import Foundation

/// One Swift source file of a lesson module as it was compiled into the binary, embedded at
/// build time by the `EmbedSources` plugin (each lesson module's `EmbeddedSources.files`).
/// An installed binary with no checkout still has the text of its cells.
public struct SourceFile: Sendable, Equatable {
    /// The path relative to the package root: `Sources/TourLesson/TourCells.swift`.
    public let path: String
    /// The SHA-256 of `text` (UTF-8), lowercase hex.
    public let sha256: String
    /// The file's exact text.
    public let text: String

    public init(path: String, sha256: String, text: String) {
        self.path = path
        self.sha256 = sha256
        self.text = text
    }

    /// A source file from its path and text, with the digest computed.
    public init(path: String, text: String) {
        self.init(path: path, sha256: Self.digest(of: text), text: text)
    }

    /// The SHA-256 of `text` (UTF-8), lowercase hex.
    public static func digest(of text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
