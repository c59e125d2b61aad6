import Foundation
import Testing
import Tensors
import TestSupport
@testable import NumPyIO

/// Every way a `.npy` can be unreadable gives a typed error naming the file, never a crash.
@Suite struct NumPyErrorTests {
    private func decodeError(_ data: Data, name: String = "bad.npy") throws -> NumPyError {
        try #require(throws: NumPyError.self) { try NumPyFile.decode(data, name: name) }
    }

    private func npy(descr: String, fortran: Bool = false, shape: String = "(2,)", payload: [UInt8]) -> Data {
        NpyTestData.npy(header: NpyTestData.dict(descr: descr, fortran: fortran, shape: shape), payload: payload)
    }

    @Test func bigEndianFloatIsRejectedWithAdvice() throws {
        let error = try decodeError(npy(descr: ">f4", payload: NpyTestData.bigEndianBytes(of: [1, 2])))
        #expect(error == .unsupportedDType(
            name: "bad.npy", descr: ">f4", advice: "it is big-endian; re-save it little-endian with a.astype('<f4')"))
        #expect(error.description.contains("bad.npy"))
        #expect(error.description.contains(">f4"))
    }

    @Test(arguments: ["<i4", "<i8", "|u1", "|b1", "<u2"])
    func integerAndBooleanArraysAreRejected(descr: String) throws {
        let error = try decodeError(npy(descr: descr, payload: [UInt8](repeating: 0, count: 16)), name: "ints.npy")
        guard case .unsupportedDType(let name, let reported, let advice) = error else {
            Issue.record("unexpected \(error)")
            return
        }
        #expect(name == "ints.npy")
        #expect(reported == descr)
        #expect(advice.contains("astype(np.float32)"))
    }

    @Test func objectArraysAreRejectedWithoutReadingThePickle() throws {
        let error = try decodeError(npy(descr: "|O", payload: Array("pickle bytes".utf8)))
        guard case .unsupportedDType(_, "|O", let advice) = error else { Issue.record("unexpected \(error)"); return }
        #expect(advice.contains("object arrays"))
    }

    @Test(arguments: ["<f2", "<c8", "<U5", "|S3", "<M8[s]"])
    func otherDTypesAreRejected(descr: String) throws {
        let error = try decodeError(npy(descr: descr, payload: [UInt8](repeating: 0, count: 64)))
        guard case .unsupportedDType(_, let reported, _) = error else { Issue.record("unexpected \(error)"); return }
        #expect(reported == descr)
    }

    @Test func structuredDTypeIsRejected() throws {
        let header = "{'descr': [('x', '<f4'), ('y', '<f4')], 'fortran_order': False, 'shape': (2,), }\n"
        let error = try decodeError(NpyTestData.npy(header: header, payload: [UInt8](repeating: 0, count: 16)))
        guard case .unsupportedDType(_, let descr, let advice) = error else { Issue.record("unexpected \(error)"); return }
        #expect(descr == "structured dtype with 2 fields")
        #expect(advice.contains("structured"))
    }

    @Test func fortranOrderMatrixIsRejected() throws {
        let error = try decodeError(npy(descr: "<f4", fortran: true, shape: "(2, 3)",
                                        payload: NpyTestData.floatBytes([1, 2, 3, 4, 5, 6])))
        #expect(error == .fortranOrder(name: "bad.npy", descr: "<f4"))
        #expect(error.description.contains("ascontiguousarray"))
    }

    @Test func fortranOrderVectorIsReadBecauseTheLayoutIsTheSame() throws {
        let data = npy(descr: "<f4", fortran: true, shape: "(1, 3)", payload: NpyTestData.floatBytes([1, 2, 3]))
        #expect(try NumPyFile.decode(data, name: "v.npy").scalars == [1, 2, 3])
    }

    @Test func truncatedDataReportsExpectedAndActualBytes() throws {
        let error = try decodeError(npy(descr: "<f4", shape: "(4,)", payload: NpyTestData.floatBytes([1, 2, 3])))
        #expect(error == .truncatedData(name: "bad.npy", expectedBytes: 16, actualBytes: 12))
        #expect(error.description.contains("cut short"))
    }

    @Test func truncatedFloat64Data() throws {
        let error = try decodeError(npy(descr: "<f8", shape: "(2,)", payload: NpyTestData.doubleBytes([Double(1)])))
        #expect(error == .truncatedData(name: "bad.npy", expectedBytes: 16, actualBytes: 8))
    }

    @Test func truncatedHeader() throws {
        let whole = npy(descr: "<f4", payload: NpyTestData.floatBytes([1, 2]))
        let error = try decodeError(whole.prefix(30))
        guard case .malformedHeader(_, let reason) = error else { Issue.record("unexpected \(error)"); return }
        #expect(reason.contains("cut short"))
    }

    @Test func preambleCutShortAndEmptyFile() throws {
        #expect(try decodeError(Data([0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1]))
            == .malformedHeader(name: "bad.npy", reason: "the file ends inside the preamble"))
        #expect(try decodeError(Data()) == .malformedHeader(name: "bad.npy", reason: "the file is empty"))
    }

    @Test func dataWithoutTheMagicIsNotNumPy() throws {
        #expect(try decodeError(Data("PK\u{3}\u{4} a zip, not an npy".utf8)) == .notNumPyData(name: "bad.npy"))
    }

    @Test func unknownVersionIsRejected() throws {
        let data = NpyTestData.npy(major: 4, header: NpyTestData.dict(shape: "(1,)"), payload: [0, 0, 0, 0])
        #expect(try decodeError(data) == .unsupportedVersion(name: "bad.npy", major: 4, minor: 0))
    }

    @Test(arguments: [
        "{'descr': '<f4', 'fortran_order': False}",           // no shape
        "{'descr': '<f4', 'fortran_order': False, 'shape': (2,",  // cut short
        "['descr', '<f4']",                                    // not a dict
        "{'descr': '<f4', 'fortran_order': 0, 'shape': (2,)}",  // order not a bool
        "{'descr': '<f4', 'fortran_order': False, 'shape': (-2,)}",  // negative extent
        "{'descr': '<f4', 'fortran_order': False, 'shape': 2}",      // not a tuple
        "{'descr': '<f4', 'fortran_order': False, 'shape': (2,)} junk",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999, 99999999999)}",  // overflows
    ])
    func malformedHeadersAreReported(header: String) throws {
        let error = try decodeError(NpyTestData.npy(header: header, payload: [0, 0, 0, 0, 0, 0, 0, 0]))
        guard case .malformedHeader(let name, _) = error else { Issue.record("unexpected \(error)"); return }
        #expect(name == "bad.npy")
    }

    @Test func missingFileIsReportedByPath() throws {
        let url = URL(fileURLWithPath: "/nonexistent-\(UUID().uuidString).npy")
        let error = try #require(throws: NumPyError.self) { try NumPyFile.readArray(from: url) }
        #expect(error == .fileNotFound(path: url.path))
        #expect(error.description.contains(url.path))
    }

    @Test func folderIsNotReadableAsAnArray() throws {
        let folder = SharedFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let error = try #require(throws: NumPyError.self) { try NumPyFile.readArray(from: folder) }
        guard case .unreadable(let path, _) = error else { Issue.record("unexpected \(error)"); return }
        #expect(path == folder.path)
    }
}
