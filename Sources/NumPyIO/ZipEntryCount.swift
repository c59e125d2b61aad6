import Foundation

/// The number of members a zip archive's end-of-central-directory record announces.
///
/// A reader that stops at the first central-directory record or local header it cannot
/// read would make a damaged archive look like a smaller one; comparing with this count
/// turns that into an error.
///
/// Layout (PKWARE APPNOTE 4.3.16): the record is the last 22 bytes of the archive plus a
/// comment of up to 65535 bytes; it starts with the signature `PK\u{5}\u{6}` and holds the
/// total entry count as a little-endian `UInt16` at offset 10 (0xFFFF: see the zip64 record).
enum ZipEntryCount {
    private static let recordSize = 22
    private static let maximumCommentSize = 65_535
    private static let signature: [UInt8] = [0x50, 0x4B, 0x05, 0x06]

    /// The announced count, or `nil` when the record is absent or defers to a zip64 record.
    static func announced(in url: URL) -> Int? {
        tail(of: url).flatMap(count(inTail:))
    }

    /// Whether the file ends with an end-of-central-directory record (and its comment).
    static func hasEndRecord(_ url: URL) -> Bool {
        tail(of: url).flatMap(recordStart(inTail:)) != nil
    }

    /// The count in the record found by `recordStart(inTail:)`.
    static func count(inTail tail: [UInt8]) -> Int? {
        guard let start = recordStart(inTail: tail) else { return nil }
        let entries = Int(tail[start + 10]) | Int(tail[start + 11]) << 8
        return entries == 0xFFFF ? nil : entries
    }

    /// Scans backwards for the last record whose comment length reaches exactly to the end.
    static func recordStart(inTail tail: [UInt8]) -> Int? {
        guard tail.count >= recordSize else { return nil }
        for start in stride(from: tail.count - recordSize, through: 0, by: -1)
        where tail[start..<(start + 4)].elementsEqual(signature) {
            let commentLength = Int(tail[start + 20]) | Int(tail[start + 21]) << 8
            if start + recordSize + commentLength == tail.count { return start }
        }
        return nil
    }

    /// The last bytes of the file that can hold the record, or nil when it cannot be read.
    private static func tail(of url: URL) -> [UInt8]? {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return nil }
        defer { try? handle.close() }
        guard let size = try? handle.seekToEnd(), size >= UInt64(recordSize) else { return nil }
        let tailSize = min(size, UInt64(recordSize + maximumCommentSize))
        guard (try? handle.seek(toOffset: size - tailSize)) != nil,
              let tail = try? handle.read(upToCount: Int(tailSize)) else { return nil }
        return [UInt8](tail)
    }
}
