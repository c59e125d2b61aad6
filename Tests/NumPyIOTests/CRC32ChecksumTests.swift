import Testing
@testable import NumPyIO

@Suite struct CRC32ChecksumTests {
    private func crc(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBytes(CRC32Checksum.checksum)
    }

    @Test func standardCheckValue() {
        // The CRC-32/ISO-HDLC check value: the CRC of the ASCII digits "123456789".
        #expect(crc(Array("123456789".utf8)) == 0xCBF4_3926)
    }

    @Test func emptyInputAndKnownStrings() {
        #expect(crc([]) == 0)
        #expect(crc(Array("The quick brown fox jumps over the lazy dog".utf8)) == 0x414F_A339)
    }

    @Test func everyLengthAgreesWithTheBytewiseDefinition() {
        // Lengths 0-40 cover the eight-byte blocks and every tail length, at every offset in a block.
        let bytes = (0..<40).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        for length in 0...bytes.count {
            var reference: UInt32 = 0xFFFF_FFFF
            for byte in bytes[0..<length] {
                reference ^= UInt32(byte)
                for _ in 0..<8 { reference = reference & 1 == 1 ? (reference >> 1) ^ 0xEDB8_8320 : reference >> 1 }
            }
            #expect(crc(Array(bytes[0..<length])) == ~reference, "length \(length)")
        }
    }
}
