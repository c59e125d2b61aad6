import Foundation
import Testing
import TestSupport
import Tensors
@testable import NumPyIO

/// Damaged `.npy` headers inside an `.npz`, where the header-first reader decides what to
/// allocate: every trial reads the arrays or throws a `NumPyError` naming the archive, and a
/// header that promises more than the budget is refused before anything is allocated for it.
@Suite struct ArchiveHeaderFuzzTests {
    @Test func mutatedHeadersAreReadOrRefusedWithinTheBudget() throws {
        let folder = SharedFixtures.temporaryDirectory("npz-header-fuzz")
        defer { try? FileManager.default.removeItem(at: folder) }
        let original = [UInt8](NumPyFile.encode(Tensor(shape: [3, 4], scalars: (0..<12).map(Float.init))))
        let headerEnd = 128  // the v1.0 preamble and header numpy writes for this shape
        var random = SeededGenerator(seed: 62)
        let budget = 1 << 20
        var read = 0, refused = 0
        for trial in 0..<300 {
            var member = original
            switch trial % 3 {
            case 0:  // flip bits in the preamble and header text
                for _ in 0..<Int.random(in: 1...3, using: &random) {
                    member[Int.random(in: 0..<headerEnd, using: &random)] ^= 1 << UInt8.random(in: 0..<8, using: &random)
                }
            case 1:  // replace the shape with random (often huge) extents
                let extents = (0..<Int.random(in: 1...3, using: &random)).map { _ in
                    String(Int.random(in: 0...Int(Int32.max), using: &random) >> Int.random(in: 0...30, using: &random))
                }
                let dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (\(extents.joined(separator: ", ")),), }"
                var text = [UInt8](dict.utf8)
                text += [UInt8](repeating: 0x20, count: max(0, headerEnd - 10 - 1 - text.count)) + [0x0A]
                member = Array(original.prefix(8)) + [UInt8(text.count & 0xFF), UInt8(text.count >> 8)] + text
                    + Array(original.suffix(from: headerEnd))
            default:  // a random header length
                member[8] = UInt8.random(in: 0...255, using: &random)
                member[9] = UInt8.random(in: 0...255, using: &random)
            }
            let url = folder.appendingPathComponent("trial\(trial).npz")
            try ZipTestWriter.write(["a.npy": Data(member), "b.npy": Data(original)], to: url)
            do {
                let arrays = try NumPyArchive.readArrays(from: url, budget: budget)
                for array in arrays.values {
                    #expect(array.tensor.scalars.count == array.tensor.shape.reduce(1, *), "trial \(trial)")
                    #expect(array.tensor.scalars.count * 4 <= budget, "trial \(trial)")
                }
                read += 1
            } catch let error as NumPyError {
                #expect("\(error)".contains(url.path), "trial \(trial): \(error)")
                refused += 1
            } catch {
                Issue.record("trial \(trial): unexpected \(error)")
            }
            try? FileManager.default.removeItem(at: url)
        }
        #expect(read + refused == 300)
        #expect(refused >= 100, "huge shapes and random lengths are refused")
    }
}

/// Two members with one name: the old reader silently kept the last.
@Suite struct DuplicateMemberTests {
    @Test func twoMembersOfOneNameAreRefused() throws {
        let folder = SharedFixtures.temporaryDirectory("npz-duplicate")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("twice.npz")
        let first = NumPyFile.encode(Tensor(shape: [1], scalars: [1]))
        let second = NumPyFile.encode(Tensor(shape: [1], scalars: [2]))
        // ZIPFoundation's .update appends a second entry of the same path.
        try ZipTestWriter.write(["a.npy": first], to: url)
        try ZipTestWriter.append(path: "a.npy", data: second, to: url)
        #expect(throws: NumPyError.damagedArchive(path: url.path, reason: "it holds two members named 'a.npy'")) {
            try NumPyArchive.read(from: url)
        }
    }
}
