import FileWriting
import Foundation
import Testing
import TestSupport
import Tensors
import ZIPFoundation
@testable import NumPyIO

/// An `.npz` is read header first: sizes are checked against a budget before anything is
/// allocated, and members nobody asked for are never inflated (a zip bomb among them costs nothing).
@Suite struct ArchiveBudgetTests {
    /// A compressed archive with a small `kernel` and a `bomb` of 16 M zeros (64 MB inflated,
    /// a few tens of KB deflated) whose deflate stream is damaged well after its header: reading
    /// the bomb's data at all is an error, reading only its header is not.
    static func writeBombArchive(to url: URL) throws {
        let archive = try Archive(url: url, accessMode: .create)
        let members: [(String, Data)] = [
            ("kernel.npy", NumPyFile.encode(Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6]))),
            ("bomb.npy", NumPyFile.encode(Tensor(zeros: [16 << 20]))),
        ]
        for (path, data) in members {
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count),
                                 compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<(Int(position) + size))
            }
        }
        // Damage the bomb's compressed bytes in their second half (the header is in the first bytes).
        var bytes = [UInt8](try Data(contentsOf: url))
        let entry = try #require(try Archive(url: url, accessMode: .read)["bomb.npy"])
        let name = [UInt8]("bomb.npy".utf8)
        // The first occurrence of the name is in its local header (30 bytes, then name and extra field).
        let nameStart = try #require((0..<(bytes.count - name.count)).first {
            bytes[$0..<($0 + name.count)].elementsEqual(name)
        })
        let extraLength = Int(bytes[nameStart - 2]) | Int(bytes[nameStart - 1]) << 8
        let start = nameStart + name.count + extraLength, length = Int(entry.compressedSize)
        for offset in stride(from: start + length / 2, to: start + length - 16, by: 97) { bytes[offset] ^= 0x5A }
        try Data(bytes).write(to: url)
    }

    @Test func anUnwantedMemberIsNeverInflated() throws {
        let folder = SharedFixtures.temporaryDirectory("npz-bomb")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("bomb.npz")
        try Self.writeBombArchive(to: url)
        let info = try NumPyArchive.readInfo(from: url)
        #expect(info["bomb"]?.shape == [16 << 20])
        #expect(info["kernel"]?.shape == [2, 3])
        let arrays = try NumPyArchive.readArrays(from: url, keys: ["kernel"])
        #expect(arrays.keys.sorted() == ["kernel"])
        #expect(arrays["kernel"]?.tensor.scalars == [1, 2, 3, 4, 5, 6])
        // The whole archive does inflate the bomb, whose damage is then found.
        #expect(throws: NumPyError.self) { try NumPyArchive.readArrays(from: url) }
    }

    @Test func arraysLargerThanTheBudgetAreRefusedBeforeAnyAllocation() throws {
        let folder = SharedFixtures.temporaryDirectory("npz-budget")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("bomb.npz")
        try Self.writeBombArchive(to: url)
        #expect {
            try NumPyArchive.readArrays(from: url, budget: 32 << 20)
        } throws: { error in
            guard case .overBudget(let path, let needed, let budget) = error as? NumPyError else { return false }
            return path == url.path && needed > 64 << 20 && budget == 32 << 20
                && "\(error)".contains(url.path) && "\(error)".contains("more than")
        }
    }

    /// A member whose directory size is far above what its header's shape needs hides a payload.
    @Test func aMemberLargerThanItsArrayIsRefused() throws {
        let folder = SharedFixtures.temporaryDirectory("npz-padded")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("padded.npz")
        var member = NumPyFile.encode(Tensor(shape: [2], scalars: [1, 2]))
        member.append(Data(count: NumPyArchive.maximumTrailingBytes + 1))
        try ZipTestWriter.write(["a.npy": member], to: url)
        #expect {
            try NumPyArchive.readInfo(from: url)
        } throws: { error in
            guard case .damagedMember(let path, let name, let reason) = error as? NumPyError else { return false }
            return path == url.path && name == "a.npy" && reason.contains("shape [2]")
        }
        // A little padding (numpy ignores it) is still read.
        var padded = NumPyFile.encode(Tensor(shape: [2], scalars: [1, 2]))
        padded.append(Data(count: 64))
        let slightly = folder.appendingPathComponent("slightly-padded.npz")
        try ZipTestWriter.write(["a.npy": padded], to: slightly)
        #expect(try NumPyArchive.read(from: slightly)["a"]?.scalars == [1, 2])
    }

    /// The header promises more data than the member holds: found from the header, before reading the data.
    @Test func aMemberShorterThanItsHeaderPromisesIsTruncated() throws {
        let folder = SharedFixtures.temporaryDirectory("npz-short")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("short.npz")
        let member = NumPyFile.encode(Tensor(shape: [4], scalars: [1, 2, 3, 4]))
        try ZipTestWriter.write(["a.npy": member.prefix(member.count - 4)], to: url)
        #expect(throws: NumPyError.truncatedData(name: "\(url.path): a.npy", expectedBytes: 16, actualBytes: 12)) {
            try NumPyArchive.readInfo(from: url)
        }
    }

    @Test func aSingleArrayOverTheBudgetIsRefused() throws {
        let data = NumPyFile.encode(Tensor(zeros: [1024]))
        #expect(throws: NumPyError.overBudget(path: "x.npy", neededBytes: 4096, budgetBytes: 4000)) {
            try NumPyFile.decodeArray(data, name: "x.npy", budget: 4000)
        }
    }
}

/// The disk-full case of NumPyIO's writes (features, checkpoints).
@Suite struct NumPyDiskFullTests {
    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/dev/full"), "skipped: no /dev/full on this system"))
    func aWriteToAFullDiskIsDiskFull() throws {
        do {
            try Data(repeating: 1, count: 1 << 16).write(to: URL(fileURLWithPath: "/dev/full"))
            Issue.record("writing /dev/full succeeded")
        } catch {
            #expect(FileSystemFailure.isDiskFull(error), "\(error)")
        }
        #expect(NumPyError.diskFull(path: "/o/f.npy").description.contains("the disk is full"))
        #expect(!NumPyError.diskFull(path: "/o/f.npy").description.contains("writable"))
    }

    @Test func aNameThatWasNotUTF8IsNotCalledMissing() {
        let path = "/tmp/ros\u{FFFD}s.npy"
        #expect {
            try NumPyFile.readArray(from: URL(fileURLWithPath: path))
        } throws: { error in
            guard case .unreadable(path, let reason) = error as? NumPyError else { return false }
            return reason.contains("not UTF-8")
        }
    }
}
