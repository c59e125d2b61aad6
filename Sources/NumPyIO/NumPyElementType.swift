/// The element types of a `.npy` array that can be read into a `Tensor`.
///
/// A numpy `descr` is a byte-order character (`<` little, `>` big, `=` native,
/// `|` not applicable), a kind character (`f` float, `i` signed, `u` unsigned,
/// `b` bool, `c` complex, `O` object, `S`/`U` strings, `V` void, `M`/`m` dates)
/// and an item size in bytes; a list instead of a string is a structured dtype.
enum NumPyElementType: Equatable {
    /// `<f4`: copied as is.
    case float32
    /// `<f8`: rounded to the nearest `Float`, with a note.
    case float64

    /// Bytes per element.
    var byteCount: Int {
        switch self {
        case .float32: return 4
        case .float64: return 8
        }
    }

    /// The canonical numpy spelling.
    var descr: String {
        switch self {
        case .float32: return "<f4"
        case .float64: return "<f8"
        }
    }

    /// The element type for a header's `descr`, or an error naming `name` and saying what to do.
    static func resolve(_ descr: PythonLiteral, name: String) throws -> NumPyElementType {
        guard case .string(let text) = descr else {
            throw NumPyError.unsupportedDType(
                name: name, descr: Self.summary(of: descr),
                advice: "structured (record) arrays are not supported; save each field as its own float32 array")
        }
        let scalars = Array(text.unicodeScalars)
        guard scalars.count >= 2 else { throw unsupported(text, name: name) }
        let byteOrder = scalars[0]
        let kind = scalars[1]
        let size = String(String.UnicodeScalarView(scalars.dropFirst(2)))
        // numpy only writes '<' or '|' on little-endian machines; '=' means the writer's native order,
        // which for every platform this engine runs on (x86-64, arm64) is little-endian.
        guard byteOrder == "<" || byteOrder == "=" || byteOrder == "|" else {
            if byteOrder == ">" {
                throw NumPyError.unsupportedDType(
                    name: name, descr: text,
                    advice: "it is big-endian; re-save it little-endian with a.astype('<f4')")
            }
            throw unsupported(text, name: name)
        }
        switch (kind, size) {
        case ("f", "4") where byteOrder != "|": return .float32
        case ("f", "8") where byteOrder != "|": return .float64
        default: throw unsupported(text, name: name)
        }
    }

    private static func unsupported(_ descr: String, name: String) -> NumPyError {
        let kind = descr.unicodeScalars.dropFirst().first.map(Character.init)
        let advice: String
        switch kind {
        case "O":
            advice = "object arrays hold pickled Python objects and are never loaded; "
                + "save a numeric array with a.astype(np.float32)"
        case "i", "u", "b":
            advice = "only float32 and float64 are read; convert it with a.astype(np.float32) before saving"
        case "f", "c":
            advice = "only float32 (<f4) and float64 (<f8) are read; convert it with a.astype(np.float32)"
        default:
            advice = "only numeric float32 (<f4) and float64 (<f8) arrays are read; "
                + "save a float32 array instead"
        }
        return NumPyError.unsupportedDType(name: name, descr: descr, advice: advice)
    }

    /// A short text for a non-string `descr` in error messages.
    private static func summary(of descr: PythonLiteral) -> String {
        switch descr {
        case .list(let fields): return "structured dtype with \(fields.count) fields"
        default: return "\(descr)"
        }
    }
}
