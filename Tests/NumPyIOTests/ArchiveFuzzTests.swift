import Foundation
import Testing
import TestSupport
import Tensors
@testable import NumPyIO

/// Truncations and bit flips of an `.npz` checkpoint: reading either succeeds or throws a
/// `NumPyError` naming the file, never a crash.
@Suite struct ArchiveFuzzTests {
    @Test(arguments: [false, true])
    func truncatedAndBitFlippedCheckpointsReadOrFailCleanly(compressed: Bool) throws {
        let folder = SharedFixtures.temporaryDirectory("npz-fuzz")
        defer { try? FileManager.default.removeItem(at: folder) }
        let original = folder.appendingPathComponent("head.npz")
        try Self.writeHead(to: original, compressed: compressed)
        let bytes = [UInt8](try Data(contentsOf: original))
        let damaged = folder.appendingPathComponent("damaged.npz")
        var random = SeededGenerator(seed: compressed ? 5 : 3)
        var read = 0, rejected = 0
        for trial in 0..<200 {
            var mutated = bytes
            if trial < 50 {
                mutated = Array(bytes.prefix(bytes.count * trial / 50))
            } else {
                let position = Int.random(in: 0..<bytes.count, using: &random)
                mutated[position] ^= UInt8(1) << UInt8.random(in: 0..<8, using: &random)
            }
            try Data(mutated).write(to: damaged)
            do {
                let arrays = try NumPyArchive.read(from: damaged)
                for tensor in arrays.values { #expect(tensor.scalars.count == tensor.shape.reduce(1, *)) }
                read += 1
            } catch let error as NumPyError {
                #expect(error.description.contains(damaged.path), "trial \(trial): \(error)")
                #expect(!error.description.contains("NumPyFile."), "no internal API in the message")
                rejected += 1
            } catch {
                Issue.record("trial \(trial): unexpected error \(error)")
            }
        }
        #expect(read + rejected == 200)
        #expect(rejected >= 50, "every truncation is refused")
    }
}

extension ArchiveFuzzTests {
    /// The small two-array checkpoint every trial damages.
    static func writeHead(to url: URL, compressed: Bool) throws {
        try NumPyArchive.write([
            "head/conv2d/kernel": Tensor(shape: [1, 1, 16, 5], scalars: (0..<80).map { Float($0) / 7 }),
            "head/conv2d/bias": Tensor(shape: [5], scalars: [0.5, -1, 2, 0, 3]),
        ], to: url, compressed: compressed)
    }

    /// The bit flip that hung the suite on CI: the last bytes of a member's deflate stream, so
    /// the stream does not end where the member does. ZIPFoundation's reader then read on past
    /// the end of the file for ever; it must be an error naming the member.
    @Test func aDeflateStreamDamagedNearItsEndIsAnErrorNotAnEndlessRead() throws {
        let folder = SharedFixtures.temporaryDirectory("npz-tail")
        defer { try? FileManager.default.removeItem(at: folder) }
        let original = folder.appendingPathComponent("head.npz")
        try Self.writeHead(to: original, compressed: true)
        var bytes = [UInt8](try Data(contentsOf: original))
        try #require(bytes.count == 650, "the archive's layout changed: pick the byte again")
        bytes[490] ^= 1 << 3  // in kernel.npy's deflate stream, 4 bytes before the central directory
        let damaged = folder.appendingPathComponent("damaged.npz")
        try Data(bytes).write(to: damaged)
        #expect {
            try NumPyArchive.read(from: damaged)
        } throws: { error in
            guard case .damagedMember(let path, let member, _) = error as? NumPyError else { return false }
            return path == damaged.path && member == "head/conv2d/kernel.npy"
        }
    }
}
