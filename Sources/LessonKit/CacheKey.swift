import Crypto
import Foundation

/// A cell's cache key: SHA-256 over exactly what the cell declares it reads.
///
/// Like knitr's chunk cache, only whitelisted things enter the key: the cache-format
/// version, the cell's name and hand-bumped code version, the values of its declared
/// parameters, the keys of its upstream cells and the fingerprints of its declared
/// external inputs. Ambient values (absolute paths, terminal width, time) never do.
public struct CacheKey: Hashable, Sendable, CustomStringConvertible {
    /// Bump when the layout of cached state or of this hash changes.
    public static let formatVersion = "1"

    /// 64 lowercase hex digits.
    public let hex: String

    /// The first 12 digits, for folder names and messages.
    public var short: String { String(hex.prefix(12)) }

    public var description: String { short }

    public init(hex: String) { self.hex = hex }

    /// The key of `cell` (implemented at `version`) for these parameter values, upstream keys and input fingerprints.
    /// Parameters the cell does not declare are ignored, so changing them keeps the cell cached.
    /// `links` holds what each link the cell reads contributes (see `ResolvedLink`).
    public init(cell: CellDeclaration, version: String, parameters: ResolvedParameters,
                upstream: [String: CacheKey], inputs: [String: InputFingerprint], links: [String: String] = [:]) {
        var lines = ["format\t\(Self.formatVersion)", "cell\t\(cell.name)", "version\t\(version.utf8.count):\(version)"]
        for name in cell.parameters.sorted() {
            lines.append("parameter\t\(name)\t\(parameters[name]?.canonicalEncoding ?? "undeclared")")
        }
        for name in cell.upstream.sorted() {
            lines.append("upstream\t\(name)\t\(upstream[name]?.hex ?? "missing")")
        }
        for name in cell.inputs.sorted() {
            lines.append("input\t\(name)\t\(inputs[name]?.digest ?? "missing")")
        }
        for name in cell.links.sorted() {
            lines.append("link\t\(name)\t\(links[name] ?? "missing")")
        }
        let digest = SHA256.hash(data: Data(lines.joined(separator: "\n").utf8))
        self.hex = digest.map { String(format: "%02x", $0) }.joined()
    }
}
