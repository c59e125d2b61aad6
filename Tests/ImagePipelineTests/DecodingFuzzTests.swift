import CCairo
import Foundation
import Testing
import TestSupport
@testable import ImagePipeline

/// Truncations and bit flips of real JPEG and PNG files: every one decodes to a well-formed
/// image or fails with an `ImageDecodingError` naming the file, never a crash or a hang.
@Suite struct DecodingFuzzTests {
    /// Mutations of `original`: cut at `cuts` evenly spaced lengths, and `flips` single-bit
    /// flips at seeded positions (the same every run).
    static func mutations(of original: Data, cuts: Int, flips: Int, seed: UInt64) -> [(String, Data)] {
        var result: [(String, Data)] = []
        for i in 0..<cuts {
            let length = original.count * i / cuts
            result.append(("cut at \(length)", Data(original.prefix(length))))
        }
        var random = SplitMix(state: seed)
        for _ in 0..<flips {
            var bytes = [UInt8](original)
            // Half the flips land in the first 1 KB, where the headers are.
            let range = Bool.random(using: &random) ? 0..<min(1024, bytes.count) : 0..<bytes.count
            let position = Int.random(in: range, using: &random)
            let bit = UInt8(1) << UInt8.random(in: 0..<8, using: &random)
            bytes[position] ^= bit
            result.append(("bit \(bit) of byte \(position) flipped", Data(bytes)))
        }
        return result
    }

    /// Decodes every mutation; returns (decoded, rejected), failing on any other error or a malformed image.
    static func decodeAll(_ mutations: [(String, Data)], path: String) -> (Int, Int) {
        var decoded = 0, rejected = 0
        for (what, data) in mutations {
            do {
                let image = try ImageDecoder.decode(data, path: path)
                #expect(image.width > 0 && image.height > 0 && image.pixels.count == image.width * image.height * 3,
                        "\(what): \(image.width)x\(image.height), \(image.pixels.count) bytes")
                #expect(image.width * image.height <= ImageDecoder.pixelBudget)
                decoded += 1
            } catch let error as ImageDecodingError {
                #expect(error.path == path, "\(what)")
                #expect(!error.reason.isEmpty)
                rejected += 1
            } catch {
                Issue.record("\(what): unexpected error \(error)")
            }
        }
        return (decoded, rejected)
    }

    /// A real photo from ../shared when present, else a JPEG made here.
    static func sampleJPEG() throws -> Data {
        let folder = SharedFixtures.flowersSample.appendingPathComponent("daisy")
        if let name = (try? FileManager.default.contentsOfDirectory(atPath: folder.path))?
            .filter({ $0.lowercased().hasSuffix(".jpg") }).sorted().first {
            return try Data(contentsOf: folder.appendingPathComponent(name))
        }
        return try TestImages.jpeg(TestImages.rgb(width: 96, height: 64) { x, y in
            (UInt8(x * 2), UInt8(y * 3), UInt8((x + y) % 256))
        })
    }

    @Test func truncatedAndBitFlippedJPEGsDecodeOrFailCleanly() throws {
        let original = try Self.sampleJPEG()
        let (decoded, rejected) = Self.decodeAll(Self.mutations(of: original, cuts: 40, flips: 160, seed: 13),
                                                 path: "fuzz.jpg")
        #expect(decoded + rejected == 200)
        #expect(rejected >= 40, "every cut leaves an incomplete file, which TensorFlow rejects too")
    }

    @Test func truncatedAndBitFlippedPNGsDecodeOrFailCleanly() throws {
        let words = (0..<(48 * 32)).map { UInt32(0xFF00_0000) | UInt32($0 * 2_654_435_761 & 0xFF_FFFF) }
        let original = try TestImages.png(width: 48, height: 32, format: CAIRO_FORMAT_RGB24, words: words)
        let (decoded, rejected) = Self.decodeAll(Self.mutations(of: original, cuts: 40, flips: 160, seed: 17),
                                                 path: "fuzz.png")
        #expect(decoded + rejected == 200)
        #expect(rejected >= 40, "a PNG cut anywhere lacks its end")
    }
}

/// SplitMix64: a seeded generator for reproducible mutations.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
