import Foundation
import Testing
import Tensors
import TestSupport
@testable import NumPyIO

@Suite struct NumPyArchiveTests {
    /// The arrays in `Fixtures/zip64-stored.npz` and `Fixtures/deflated.npz`:
    /// weights = arange(6).reshape(2, 3) / 4, scalar = -1.5, empty = zeros((0, 4)),
    /// block1/unit01/kernel = linspace(-1, 1, 24).reshape(1, 2, 3, 4), all float32.
    private func checkFixtureArrays(_ arrays: [String: Tensor]) throws {
        #expect(Set(arrays.keys) == ["weights", "scalar", "empty", "block1/unit01/kernel"])
        #expect(arrays["weights"] == Tensor(shape: [2, 3], scalars: [0, 0.25, 0.5, 0.75, 1, 1.25]))
        #expect(arrays["scalar"] == Tensor(shape: [], scalars: [-1.5]))
        #expect(arrays["empty"] == Tensor(zeros: [0, 4]))
        let kernel = try #require(arrays["block1/unit01/kernel"])
        #expect(kernel.shape == [1, 2, 3, 4])
        #expect(kernel.scalars.first == -1)
        #expect(kernel.scalars.last == 1)
        #expect(abs(kernel.scalars[12] - Float(-1 + 2 * 12.0 / 23)) < 1e-7)
    }

    @Test func readsNumPySavezWithZip64Extras() throws {
        try checkFixtureArrays(NumPyArchive.read(from: NpyTestData.fixtures.appendingPathComponent("zip64-stored.npz")))
    }

    @Test func readsNumPySavezCompressed() throws {
        try checkFixtureArrays(NumPyArchive.read(from: NpyTestData.fixtures.appendingPathComponent("deflated.npz")))
    }

    @Test(arguments: [false, true])
    func writeThenReadRoundTrips(compressed: Bool) throws {
        let folder = SharedFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("a.npz")
        let arrays: [String: Tensor] = [
            "resnet/head/conv2d/bias": Tensor(shape: [5], scalars: [1, -2, 3, -4, 5]),
            "resnet/head/conv2d/kernel": Tensor(shape: [1, 1, 4, 5], scalars: (0..<20).map { Float($0) / 7 }),
            "step": Tensor(shape: [], scalars: [1000]),
            "none": Tensor(zeros: [0]),
        ]
        try NumPyArchive.write(arrays, to: url, compressed: compressed)
        #expect(try NumPyArchive.read(from: url) == arrays)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["a.npz"])
    }

    @Test func compressionShrinksRepetitiveArrays() throws {
        let folder = SharedFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let arrays = ["zeros": Tensor(zeros: [64, 64])]
        let stored = folder.appendingPathComponent("s.npz"), deflated = folder.appendingPathComponent("d.npz")
        try NumPyArchive.write(arrays, to: stored)
        try NumPyArchive.write(arrays, to: deflated, compressed: true)
        let storedSize = try #require(try FileManager.default.attributesOfItem(atPath: stored.path)[.size] as? Int)
        let deflatedSize = try #require(try FileManager.default.attributesOfItem(atPath: deflated.path)[.size] as? Int)
        #expect(storedSize > 64 * 64 * 4)
        #expect(deflatedSize < 1000)
        #expect(try NumPyArchive.read(from: deflated) == arrays)
    }

    @Test func writingTheSameArraysTwiceGivesIdenticalBytes() throws {
        let folder = SharedFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let arrays = ["b": Tensor(repeating: 2, shape: [3]), "a": Tensor(repeating: 1, shape: [2, 2])]
        let first = folder.appendingPathComponent("1.npz"), second = folder.appendingPathComponent("2.npz")
        try NumPyArchive.write(arrays, to: first)
        try NumPyArchive.write(arrays, to: second)
        #expect(try Data(contentsOf: first) == Data(contentsOf: second))
    }

    @Test func writeReplacesAnExistingArchive() throws {
        let folder = SharedFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("a.npz")
        try NumPyArchive.write(["old": Tensor(zeros: [1])], to: url)
        try NumPyArchive.write(["new": Tensor(repeating: 3, shape: [2])], to: url)
        #expect(try NumPyArchive.read(from: url) == ["new": Tensor(repeating: 3, shape: [2])])
    }

    @Test(arguments: ["", "folder/", "/absolute"])
    func invalidKeysAreRejectedBeforeWriting(key: String) throws {
        let folder = SharedFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("a.npz")
        let error = try #require(throws: NumPyError.self) {
            try NumPyArchive.write([key: Tensor(zeros: [1])], to: url)
        }
        guard case .invalidKey(let reported, _) = error else { Issue.record("unexpected \(error)"); return }
        #expect(reported == key)
        #expect(!FileManager.default.fileExists(atPath: url.path))
    }

    @Test func float64MembersCarryConversionNotes() throws {
        let folder = SharedFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("mixed.npz")
        // np.savez of one float64 and one float32 array, rebuilt from hand-made members.
        let double = NpyTestData.npy(
            header: NpyTestData.dict(descr: "<f8", shape: "(2,)"), payload: NpyTestData.doubleBytes([0.5, 0.25]))
        try ZipTestWriter.write(["d.npy": double, "f.npy": NumPyFile.encode(Tensor(zeros: [1]))], to: url)
        let arrays = try NumPyArchive.readArrays(from: url)
        #expect(arrays["d"]?.tensor.scalars == [0.5, 0.25])
        let notes = NumPyArchive.conversionNotes(arrays)
        #expect(notes.count == 1)
        #expect(notes.first?.contains("\(url.path): d.npy") == true)
    }

    @Test func membersThatAreNotArraysAreSkipped() throws {
        let folder = SharedFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("extra.npz")
        try ZipTestWriter.write(["a.npy": NumPyFile.encode(Tensor(zeros: [2])), "README.txt": Data("hi".utf8)], to: url)
        #expect(try NumPyArchive.read(from: url) == ["a": Tensor(zeros: [2])])
    }

    @Test func aBadMemberIsNamedWithTheArchive() throws {
        let folder = SharedFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("ints.npz")
        let ints = NpyTestData.npy(header: NpyTestData.dict(descr: "<i8", shape: "(1,)"), payload: [1, 0, 0, 0, 0, 0, 0, 0])
        try ZipTestWriter.write(["labels.npy": ints], to: url)
        let error = try #require(throws: NumPyError.self) { try NumPyArchive.read(from: url) }
        guard case .unsupportedDType(let name, "<i8", _) = error else { Issue.record("unexpected \(error)"); return }
        #expect(name == "\(url.path): labels.npy")
    }
}

extension NumPyArchiveTests {
    @Test func keysAreListedWithoutTheNpySuffix() throws {
        let keys = try NumPyArchive.read(from: NpyTestData.fixtures.appendingPathComponent("deflated.npz")).keys.sorted()
        #expect(keys == ["block1/unit01/kernel", "empty", "scalar", "weights"])
    }

    @Test func writeIntoAMissingFolderThrowsWriteFailed() throws {
        let url = URL(fileURLWithPath: "/nonexistent-\(UUID().uuidString)/a.npz")
        let error = try #require(throws: NumPyError.self) {
            try NumPyArchive.write(["a": Tensor(zeros: [1])], to: url)
        }
        guard case .writeFailed(let path, _) = error else { Issue.record("unexpected \(error)"); return }
        #expect(path == url.path)
    }

    @Test func writingOverAFolderFailsAndLeavesNoTemporaryFile() throws {
        let folder = SharedFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("taken.npz")
        try FileManager.default.createDirectory(at: target.appendingPathComponent("inside"), withIntermediateDirectories: true)
        let error = try #require(throws: NumPyError.self) {
            try NumPyArchive.write(["a": Tensor(zeros: [1])], to: target)
        }
        guard case .writeFailed(let path, _) = error else { Issue.record("unexpected \(error)"); return }
        #expect(path == target.path)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["taken.npz"])
    }
}
