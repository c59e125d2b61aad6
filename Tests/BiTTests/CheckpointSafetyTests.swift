import Foundation
import NumPyIO
import Tensors
import Testing
import TestSupport
@testable import BiT

/// Checkpoints that must be refused, and refused cheaply: non-finite weights, an unused member
/// that would inflate to gigabytes, and paths that are not regular files.
@Suite struct CheckpointSafetyTests {
    static func writeCheckpoint(_ arrays: [String: Tensor], to url: URL) throws {
        try NumPyArchive.write(arrays, to: url)
    }

    @Test(arguments: [Float.nan, .infinity, -.infinity])
    func aNonFiniteWeightIsRefusedNamingTheFileAndKey(value: Float) throws {
        let folder = SharedFixtures.temporaryDirectory("bit-nan")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("nan.npz")
        var arrays = CheckpointTests.arrays()
        let key = "resnet/block1/unit02/b/standardized_conv2d/kernel"
        arrays[key]!.scalars[5] = value
        try Self.writeCheckpoint(arrays, to: url)
        for load in [{ _ = try ResNetV2(checkpoint: url) }, { _ = try ResNetV2(checkpoint: url, headClasses: 3) }] {
            #expect {
                try load()
            } throws: { error in
                guard case .nonFiniteValue(let found, let index, _, let source) = error as? CheckpointError
                else { return false }
                return found == key && index == 5 && source == url.path && "\(error)".contains(url.path)
            }
        }
    }

    @Test func aNaNHeadBiasIsRefused() throws {
        var arrays = CheckpointTests.arrays()
        arrays[BiTCheckpoint.headBiasKey]!.scalars[0] = .nan
        #expect {
            try ResNetV2(parameters: arrays, source: "head.npz")
        } throws: { error in
            guard case .nonFiniteValue(let key, 0, _, "head.npz") = error as? CheckpointError else { return false }
            return key == BiTCheckpoint.headBiasKey
        }
    }

    /// The report's case: a valid checkpoint plus one member that inflates to far more than it
    /// occupies. Its header is read (a few bytes), the key is found unused, and nothing more is
    /// inflated: the member's data is damaged here, so inflating it would be a different error.
    @Test func anUnusedMemberIsReportedFromItsHeaderWithoutInflatingIt() throws {
        let folder = SharedFixtures.temporaryDirectory("bit-bomb")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("bomb.npz")
        var arrays = CheckpointTests.arrays()
        arrays["extra"] = Tensor(zeros: [8 << 20])
        try NumPyArchive.write(arrays, to: url, compressed: true)
        // Damage the extra member's deflate stream after its first bytes (its local header is
        // the first place its name occurs; 30 bytes, then the name and the extra field).
        var bytes = [UInt8](try Data(contentsOf: url))
        let name = [UInt8]("extra.npy".utf8)
        let nameStart = try #require((0..<(bytes.count - name.count)).first {
            bytes[$0..<($0 + name.count)].elementsEqual(name)
        })
        let extraLength = Int(bytes[nameStart - 2]) | Int(bytes[nameStart - 1]) << 8
        let dataStart = nameStart + name.count + extraLength
        for offset in stride(from: dataStart + 200, to: dataStart + 2000, by: 7) { bytes[offset] ^= 0xA5 }
        try Data(bytes).write(to: url)
        arrays["extra"] = nil
        #expect(throws: NumPyError.self, "the damage is there when the member is inflated") {
            try NumPyArchive.read(from: url)
        }
        #expect(throws: CheckpointError.unusedKey("extra", found: [8 << 20], source: url.path)) {
            try ResNetV2(checkpoint: url)
        }
    }

    @Test func aPipeIsRefusedWithoutBlocking() throws {
        let folder = SharedFixtures.temporaryDirectory("bit-fifo")
        defer { try? FileManager.default.removeItem(at: folder) }
        let fifo = folder.appendingPathComponent("weights.npz")
        try #require(mkfifo(fifo.path, 0o600) == 0)
        #expect {
            try ResNetV2(checkpoint: fifo)
        } throws: { error in
            guard case .unreadable(let source, let reason) = error as? CheckpointError else { return false }
            return source == fifo.path && reason.contains("a pipe (FIFO)") && !reason.contains("truncated")
        }
        #expect {
            try ResNetV2(checkpoint: URL(fileURLWithPath: "/dev/zero"))
        } throws: { error in
            "\(error)".contains("/dev/zero") && "\(error)".contains("a character device")
        }
    }
}
