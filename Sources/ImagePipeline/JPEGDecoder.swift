import CTurboJPEG

/// JPEG decoding through libjpeg-turbo's TurboJPEG API, configured as
/// TensorFlow's `decode_jpeg` configures libjpeg.
enum JPEGDecoder {
    /// TensorFlow decodes with the fast integer DCT by default ("The TensorFlow-chosen
    /// default for jpeg decoding is IFAST", decode_image_op.cc) and with fancy
    /// upsampling on; TJFLAG_FASTDCT selects the same IDCT, and TurboJPEG's
    /// upsampling default is fancy.
    static let flags = TJFLAG_FASTDCT

    /// Decodes a JPEG held in `bytes`; `path` names it in errors.
    static func decode(_ bytes: UnsafeRawBufferPointer, path: String) throws -> RGBImage {
        guard let handle = tjInitDecompress() else {
            throw ImageDecodingError.corrupt(path: path, reason: "libjpeg-turbo could not start a decoder")
        }
        defer { tjDestroy(handle) }
        let source = bytes.bindMemory(to: UInt8.self)
        let size = UInt(source.count)

        var width: Int32 = 0, height: Int32 = 0, subsampling: Int32 = 0, colorspace: Int32 = 0
        guard tjDecompressHeader3(handle, source.baseAddress, size,
                                  &width, &height, &subsampling, &colorspace) == 0 else {
            throw failure(handle, path: path)
        }
        // The header alone says how much the pixels need: nothing is allocated past the budget.
        try ImageDecoder.checkSize(width: Int(width), height: Int(height), path: path)
        let isCMYK = colorspace == Int32(TJCS_CMYK.rawValue) || colorspace == Int32(TJCS_YCCK.rawValue)
        let channels = isCMYK ? 4 : 3
        let format = isCMYK ? TJPF_CMYK : TJPF_RGB
        var pixels = [UInt8](repeating: 0, count: Int(width) * Int(height) * channels)
        let status = pixels.withUnsafeMutableBufferPointer { target in
            tjDecompress2(handle, source.baseAddress, size, target.baseAddress,
                          width, 0, height, Int32(format.rawValue), flags)
        }
        if status != 0, isFatal(handle) {
            throw failure(handle, path: path)
        }
        if isCMYK {
            pixels = rgbFromCMYK(pixels, adobeInverted: hasAdobeMarker(bytes))
        }
        return RGBImage(width: Int(width), height: Int(height), pixels: pixels)
    }

    /// Whether the last TurboJPEG call failed in a way TensorFlow also rejects.
    ///
    /// libjpeg reports damaged-but-decodable data ("extraneous bytes before marker")
    /// as a warning, and TensorFlow accepts such files. A truncated file is also
    /// only a warning ("Premature end of JPEG file", the rest filled with grey), but
    /// TensorFlow rejects it (min_acceptable_fraction = 1), so it is fatal here too.
    private static func isFatal(_ handle: tjhandle) -> Bool {
        guard tjGetErrorCode(handle) == Int32(TJERR_WARNING.rawValue) else { return true }
        return message(handle).contains("Premature end")
    }

    private static func message(_ handle: tjhandle) -> String {
        guard let text = tjGetErrorStr2(handle) else { return "unknown libjpeg-turbo error" }
        return String(cString: text)
    }

    private static func failure(_ handle: tjhandle, path: String) -> ImageDecodingError {
        .corrupt(path: path, reason: "invalid JPEG data (\(message(handle)))")
    }

    /// CMYK to RGB as TensorFlow's jpeg_mem.cc converts it (integer arithmetic):
    /// files with an Adobe APP14 marker store inverted CMYK, so R = K*C/255;
    /// others store plain CMYK, so R = (255-K)*(255-C)/255; likewise G (M), B (Y).
    static func rgbFromCMYK(_ cmyk: [UInt8], adobeInverted: Bool) -> [UInt8] {
        let count = cmyk.count / 4
        var rgb = [UInt8](repeating: 0, count: count * 3)
        for i in 0..<count {
            let k = Int(cmyk[4 * i + 3])
            for channel in 0..<3 {
                let ink = Int(cmyk[4 * i + channel])
                let value = adobeInverted ? (k * ink) / 255 : ((255 - k) * (255 - ink)) / 255
                rgb[3 * i + channel] = UInt8(value)
            }
        }
        return rgb
    }

    /// Whether the JPEG carries an Adobe APP14 segment (libjpeg's `saw_Adobe_marker`):
    /// a 0xFFEE segment of at least 12 data bytes starting "Adobe", before the first scan.
    static func hasAdobeMarker(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var offset = 2  // after SOI
        while offset + 3 < bytes.count {
            guard bytes[offset] == 0xFF else { return false }
            let marker = bytes[offset + 1]
            if marker == 0xFF { offset += 1; continue }  // fill byte
            if marker == 0xDA || marker == 0xD9 { return false }  // start of scan, end of image
            if (0xD0...0xD7).contains(marker) || marker == 0x01 { offset += 2; continue }  // no length
            let length = Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3])
            if marker == 0xEE, length >= 12, offset + 9 <= bytes.count,
               Array(bytes[(offset + 4)..<(offset + 9)]) == Array("Adobe".utf8) {
                return true
            }
            offset += 2 + length
        }
        return false
    }
}
