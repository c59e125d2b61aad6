import Foundation
import Testing
import TestSupport
@testable import AssetFetch

@Suite("FileChecksum")
struct FileChecksumTests {
    @Test("SHA-256 matches the FIPS 180-2 test vectors, across chunk boundaries")
    func knownVectors() throws {
        let folder = SharedFixtures.temporaryDirectory("lesson-sha")
        defer { try? FileManager.default.removeItem(at: folder) }
        let abc = folder.appendingPathComponent("abc")
        try Data("abc".utf8).write(to: abc)
        #expect(try FileChecksum.sha256(of: abc) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")

        let empty = folder.appendingPathComponent("empty")
        try Data().write(to: empty)
        #expect(try FileChecksum.sha256(of: empty)
            == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")

        // One million "a": the FIPS long-message vector (one 1 MiB chunk, so one report).
        let million = folder.appendingPathComponent("million")
        try Data(repeating: UInt8(ascii: "a"), count: 1_000_000).write(to: million)
        var reports: [Int64] = []
        let sum = try FileChecksum.sha256(of: million) { reports.append($0) }
        #expect(sum == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        #expect(reports == [1_000_000])
    }

    @Test("a missing file is a file-system error naming it")
    func missingFile() {
        let missing = URL(fileURLWithPath: "/nonexistent/lesson/file.bin")
        #expect(throws: FetchError.self) { try FileChecksum.sha256(of: missing) }
        do {
            _ = try FileChecksum.sha256(of: missing)
        } catch {
            #expect("\(error)".contains("/nonexistent/lesson/file.bin"))
        }
    }
}
