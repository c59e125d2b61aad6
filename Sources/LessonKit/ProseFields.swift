import Foundation

/// The values a typed cell's output offers to the lesson's prose: each top-level field, by its
/// name in snake case (`keptEpoch` is `{{train.kept_epoch}}`), as a narrative shows it.
enum ProseFields {
    /// Integers with thousands separators (3,670), other numbers as written (0.9286, which the
    /// `percent` filter shows as 92.86%), booleans, strings, and lists of strings joined with
    /// commas. Nested values and absent optionals offer nothing.
    static func of<T: Encodable>(_ output: T) -> [String: String] {
        guard let data = try? JSONEncoder().encode(output),
              let object = try? JSONDecoder().decode([String: Field].self, from: data) else { return [:] }
        var fields: [String: String] = [:]
        for (key, field) in object {
            if let text = field.text { fields[CellNaming.snakeCase(key)] = text }
        }
        return fields
    }

    /// One top-level JSON value, as far as prose can quote it.
    private struct Field: Decodable {
        let text: String?

        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let value = try? container.decode(Bool.self) {
                text = value ? "true" : "false"
            } else if let value = try? container.decode(Int.self) {
                text = Format.grouped(value)
            } else if let value = try? container.decode(Double.self) {
                text = "\(value)"
            } else if let value = try? container.decode(String.self) {
                text = value
            } else if let value = try? container.decode([String].self) {
                text = value.joined(separator: ", ")
            } else {
                text = nil
            }
        }
    }
}
