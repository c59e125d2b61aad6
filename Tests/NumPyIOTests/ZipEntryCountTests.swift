import Foundation
import Testing
import TestSupport
@testable import NumPyIO

@Suite struct ZipEntryCountTests {
    @Test func countsTheMembersOfNumPyArchives() {
        #expect(ZipEntryCount.announced(in: NpyTestData.fixtures.appendingPathComponent("zip64-stored.npz")) == 4)
        #expect(ZipEntryCount.announced(in: NpyTestData.fixtures.appendingPathComponent("deflated.npz")) == 4)
    }

    @Test func findsTheRecordBeforeAnArchiveComment() {
        // Record: signature, disk numbers, 7 entries on disk and in total, sizes, offset, comment length 3.
        var tail: [UInt8] = [0x50, 0x4B, 0x05, 0x06, 0, 0, 0, 0, 7, 0, 7, 0]
        tail += [UInt8](repeating: 0, count: 8) + [3, 0] + Array("abc".utf8)
        #expect(ZipEntryCount.count(inTail: [1, 2, 3] + tail) == 7)
    }

    @Test func zip64CountsAndMissingRecordsAreUnknown() {
        let zip64: [UInt8] = [0x50, 0x4B, 0x05, 0x06, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF] + [UInt8](repeating: 0, count: 10)
        #expect(ZipEntryCount.count(inTail: zip64) == nil)
        #expect(ZipEntryCount.count(inTail: [UInt8](repeating: 7, count: 100)) == nil)
        #expect(ZipEntryCount.announced(in: URL(fileURLWithPath: "/nonexistent-\(UUID().uuidString)")) == nil)
    }
}
