import Foundation
import Testing
import Tensors
import TestSupport
@testable import NumPyIO

@Suite struct NumPyFileTests {
    // MARK: Reading the three format versions

    @Test(arguments: [UInt8(1), 2, 3])
    func readsEveryFormatVersion(major: UInt8) throws {
        let values: [Float] = [1.5, -2, 0.25, 1e-3, 3e10, -0.0]
        let data = NpyTestData.npy(
            major: major, header: NpyTestData.dict(shape: "(2, 3)"), payload: NpyTestData.floatBytes(values))
        let tensor = try NumPyFile.decode(data, name: "v\(major).npy")
        #expect(tensor.shape == [2, 3])
        #expect(tensor.scalars == values)
    }

    @Test func readsAUTF8HeaderInVersion3() throws {
        // A version 3.0 header may hold any UTF-8 (numpy uses it for unicode field names);
        // an extra key with non-latin-1 text must not disturb the three that matter.
        let header = "{'descr': '<f4', 'note': 'π≈3.14 ✓', 'fortran_order': False, 'shape': (2,)}\n"
        let data = NpyTestData.npy(major: 3, header: header, payload: NpyTestData.floatBytes([7, 8]))
        let tensor = try NumPyFile.decode(data, name: "utf8.npy")
        #expect(tensor.shape == [2])
        #expect(tensor.scalars == [7, 8])
    }

    @Test func scalarHasShapeEmptyAndOneElement() throws {
        let data = NpyTestData.npy(header: NpyTestData.dict(shape: "()"), payload: NpyTestData.floatBytes([42.5]))
        let tensor = try NumPyFile.decode(data, name: "scalar.npy")
        #expect(tensor.shape == [])
        #expect(tensor.scalars == [42.5])
    }

    @Test func emptyArrayHasNoElements() throws {
        let data = NpyTestData.npy(header: NpyTestData.dict(shape: "(0, 4)"), payload: [])
        let tensor = try NumPyFile.decode(data, name: "empty.npy")
        #expect(tensor.shape == [0, 4])
        #expect(tensor.scalars.isEmpty)
    }

    @Test func trailingBytesAfterTheDataAreIgnoredLikeNumPy() throws {
        let data = NpyTestData.npy(
            header: NpyTestData.dict(shape: "(2,)"), payload: NpyTestData.floatBytes([1, 2, 3]))
        #expect(try NumPyFile.decode(data, name: "extra.npy").scalars == [1, 2])
    }

    // MARK: float64

    @Test func float64IsRoundedToFloatWithANote() throws {
        let values: [Double] = [0.1, -1e300, 1.0 / 3.0, 2]
        let data = NpyTestData.npy(
            header: NpyTestData.dict(descr: "<f8", shape: "(4,)"), payload: NpyTestData.doubleBytes(values))
        let array = try NumPyFile.decodeArray(data, name: "doubles.npy")
        #expect(array.tensor.scalars == [Float(0.1), -.infinity, Float(1.0 / 3.0), 2])
        #expect(array.storedDType == "<f8")
        let note = try #require(array.conversionNote)
        #expect(note.contains("doubles.npy"))
        #expect(note.contains("float64"))
    }

    @Test func float32HasNoNote() throws {
        let data = NpyTestData.npy(header: NpyTestData.dict(shape: "(1,)"), payload: NpyTestData.floatBytes([1]))
        let array = try NumPyFile.decodeArray(data, name: "f.npy")
        #expect(array.conversionNote == nil)
        #expect(array.storedDType == "<f4")
    }

    @Test func float64FromAFileReportsTheFilePath() throws {
        let folder = SharedFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("d.npy")
        try NpyTestData.npy(
            header: NpyTestData.dict(descr: "<f8", shape: "()"), payload: NpyTestData.doubleBytes([Double(0.5)])
        ).write(to: url)
        let array = try NumPyFile.load(from: url)
        #expect(array.tensor.scalars == [0.5])
        #expect(array.conversionNote?.contains(url.path) == true)
    }

    // MARK: Writing

    @Test func writeThenReadRoundTrips() throws {
        let folder = SharedFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("t.npy")
        let tensor = Tensor(shape: [2, 3, 4], scalars: (0..<24).map { Float($0) * 0.5 - 3 })
        try NumPyFile.write(tensor, to: url)
        #expect(try NumPyFile.readArray(from: url) == tensor)
    }

    @Test(arguments: [[Int](), [5], [0], [4, 5], [1, 2, 3, 4], [12345678901, 0], Array(repeating: 1, count: 30)])
    func encodedDataStartsAtAMultipleOf64(shape: [Int]) throws {
        let tensor = Tensor(zeros: shape)
        let data = NumPyFile.encode(tensor)
        let header = try data.withUnsafeBytes { try NumPyHeader.parse($0, name: "x") }
        #expect(header.dataOffset % 64 == 0)
        #expect(header.shape == shape)
        #expect(data.count == header.dataOffset + 4 * tensor.count)
        #expect(data[header.dataOffset - 1] == 0x0A)  // header ends with a newline
        #expect(data[6] == 1 && data[7] == 0)  // version 1.0
    }

    @Test func encodedHeaderMatchesNumPySave() throws {
        // np.save(f, np.zeros((4, 5), np.float32)) writes exactly this 128-byte header
        // (dict, 21-digit growth room for axis 0, spaces, newline).
        let expected = "{'descr': '<f4', 'fortran_order': False, 'shape': (4, 5), }"
            + String(repeating: " ", count: 20 + 38) + "\n"
        let data = NumPyFile.encode(Tensor(zeros: [4, 5]))
        #expect(data.prefix(10) == Data([0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0, 118, 0]))
        #expect(String(decoding: data[10..<128], as: UTF8.self) == expected)
    }

    @Test func scalarAndOneDimensionalHeadersUsePythonTupleSyntax() {
        let scalar = String(decoding: NumPyFile.encode(Tensor(shape: [], scalars: [1])).prefix(128), as: UTF8.self)
        let vector = String(decoding: NumPyFile.encode(Tensor(zeros: [5])).prefix(128), as: UTF8.self)
        #expect(scalar.contains("'shape': (), }"))
        #expect(vector.contains("'shape': (5,), }"))
    }

    @Test func writeReplacesAnExistingFileAndLeavesNoTemporaryFile() throws {
        let folder = SharedFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("t.npy")
        try NumPyFile.write(Tensor(repeating: 1, shape: [3]), to: url)
        try NumPyFile.write(Tensor(repeating: 2, shape: [2]), to: url)
        #expect(try NumPyFile.readArray(from: url).scalars == [2, 2])
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["t.npy"])
    }

    @Test func writeIntoAMissingFolderThrowsWriteFailed() throws {
        let url = URL(fileURLWithPath: "/nonexistent-\(UUID().uuidString)/t.npy")
        let error = try #require(throws: NumPyError.self) { try NumPyFile.write(Tensor(zeros: [1]), to: url) }
        guard case .writeFailed(let path, _) = error else { Issue.record("unexpected \(error)"); return }
        #expect(path == url.path)
        #expect(error.description.contains(url.path))
    }
}
