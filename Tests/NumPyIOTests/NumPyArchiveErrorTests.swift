import Foundation
import Testing
import Tensors
import TestSupport
@testable import NumPyIO

/// A missing, foreign, truncated or damaged `.npz` gives a typed error naming the file, never a crash.
@Suite struct NumPyArchiveErrorTests {
    private let stored = NpyTestData.fixtures.appendingPathComponent("zip64-stored.npz")

    private func readError(_ url: URL) throws -> NumPyError {
        try #require(throws: NumPyError.self) { try NumPyArchive.read(from: url) }
    }

    /// Writes `bytes` to a fresh file and returns its URL (inside `folder`).
    private func file(_ bytes: Data, in folder: URL, named name: String = "bad.npz") throws -> URL {
        let url = folder.appendingPathComponent(name)
        try bytes.write(to: url)
        return url
    }

    @Test func missingFile() throws {
        let url = URL(fileURLWithPath: "/nonexistent-\(UUID().uuidString).npz")
        let error = try readError(url)
        #expect(error == .fileNotFound(path: url.path))
        #expect(error.description.contains(url.path))
    }

    @Test func garbageBytesAreNotAnArchive() throws {
        let folder = SharedFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        var generator = SystemRandomNumberGenerator()
        let garbage = Data((0..<3000).map { _ in UInt8.random(in: 0...255, using: &generator) })
        let url = try file(garbage, in: folder)
        #expect(try readError(url) == .notAnArchive(path: url.path))
    }

    @Test func emptyFileIsNotAnArchive() throws {
        let folder = SharedFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = try file(Data(), in: folder)
        #expect(try readError(url) == .notAnArchive(path: url.path))
    }

    @Test func anNpyFileIsNotAnArchiveAndTheMessageSaysWhatToUse() throws {
        let folder = SharedFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = try file(NumPyFile.encode(Tensor(zeros: [3])), in: folder, named: "single.npy")
        let error = try readError(url)
        #expect(error == .notAnArchive(path: url.path))
        #expect(error.description.contains("not a .npz checkpoint"))
        #expect(error.description.contains("pass a file written with numpy.savez"))
        #expect(!error.description.contains("NumPyFile"), "no internal API in a user-facing message")
    }

    @Test func archiveTruncatedAtHalfItsSize() throws {
        let folder = SharedFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let whole = try Data(contentsOf: stored)
        let url = try file(whole.prefix(whole.count / 2), in: folder)
        let error = try readError(url)
        guard case .damagedArchive(let path, let reason) = error else { Issue.record("unexpected \(error)"); return }
        #expect(path == url.path)
        #expect(reason.contains("truncated"))
    }

    @Test(arguments: [1, 10, 100])
    func archiveMissingItsLastBytes(cut: Int) throws {
        let folder = SharedFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let whole = try Data(contentsOf: stored)
        let url = try file(whole.prefix(whole.count - cut), in: folder)
        guard case .damagedArchive = try readError(url) else { Issue.record("expected damagedArchive"); return }
    }

    @Test func corruptedMemberDataFailsItsChecksum() throws {
        let folder = SharedFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        var bytes = try Data(contentsOf: stored)
        // The first member, weights.npy, starts at 0: 30-byte local header, 11-byte name,
        // 20-byte zip64 extra, then its 128-byte .npy header; flip a byte of its float data.
        let firstFloat = 30 + 11 + 20 + 128
        bytes[firstFloat + 5] ^= 0xFF
        let url = try file(bytes, in: folder)
        let error = try readError(url)
        #expect(error == .damagedMember(path: url.path, member: "weights.npy", reason: "CRC-32 checksum mismatch"))
    }

    @Test func corruptedDeflateStreamIsADamagedMember() throws {
        let folder = SharedFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        var bytes = try Data(contentsOf: NpyTestData.fixtures.appendingPathComponent("deflated.npz"))
        // weights.npy's deflate stream starts after the 30-byte header, 11-byte name and 20-byte extra.
        for offset in 61..<(61 + 40) { bytes[offset] = 0xFF }
        let url = try file(bytes, in: folder)
        let error = try readError(url)
        guard case .damagedMember(let path, "weights.npy", _) = error else { Issue.record("unexpected \(error)"); return }
        #expect(path == url.path)
    }
}

extension NumPyArchiveErrorTests {
    @Test func unreadableLocalHeaderIsNotMistakenForASmallerArchive() throws {
        let folder = SharedFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        var bytes = try Data(contentsOf: stored)
        // The second member's local header follows weights.npy: 30 + 11 + 20 bytes of header, 152 of data.
        let second = 30 + 11 + 20 + 152
        #expect(bytes[second..<(second + 4)] == Data([0x50, 0x4B, 0x03, 0x04]))
        bytes.replaceSubrange(second..<(second + 4), with: Data("XXXX".utf8))
        let url = try file(bytes, in: folder)
        let error = try readError(url)
        guard case .damagedArchive(let path, let reason) = error else { Issue.record("unexpected \(error)"); return }
        #expect(path == url.path)
        #expect(reason.contains("lists 4 members"))
    }
}
