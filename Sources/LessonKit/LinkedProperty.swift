import Foundation

protocol AnyLinkedProperty: CellProperty {
    var valueTypeName: String { get }
    /// What the link contributes to the cell's cache key.
    func canonical(_ link: ResolvedLink) throws -> String
}

/// Another lesson's parameters, through a link of the lesson file (`@Linked var headTraining:
/// HeadTrainingSettings` reads link `head_training`, which the cell lists in its `links`). `Value`
/// is decoded from the linked lesson's resolved parameters, each property from the parameter of
/// its name in snake case; the values it holds enter the cell's cache key, so a change of them in
/// the other lesson's file reruns the cell.
@propertyWrapper
public final class Linked<Value: Codable>: AnyLinkedProperty {
    private var value: Value?

    public init() {}

    public var wrappedValue: Value {
        get {
            guard let value else { preconditionFailure("link \(Value.self) read before the runner (or the test) set it") }
            return value
        }
        set { value = newValue }
    }

    var valueTypeName: String { String(describing: Value.self) }

    func inject(name: String, from context: CellContext) throws {
        value = try context.link(CellNaming.snakeCase(name)).decode(Value.self)
    }

    func canonical(_ link: ResolvedLink) throws -> String {
        try link.canonical(Value.self)
    }
}

extension CellContext {
    /// The resolved link `name`, which the cell must list in its `links`.
    func link(_ name: String) throws -> ResolvedLink {
        guard cell.links.contains(name), let link = links[name] else {
            throw LinkError.undeclared(cell: cell.name, link: name, file: lesson.file.path)
        }
        return link
    }
}

extension Cell {
    /// The cache-key contributions of this cell type's `@Linked` properties.
    static func linkKeys(_ links: [String: ResolvedLink]) throws -> [String: String] {
        var keys: [String: String] = [:]
        for (property, wrapper) in properties(of: Self()) {
            guard let linked = wrapper as? AnyLinkedProperty else { continue }
            let name = CellNaming.snakeCase(property)
            if let link = links[name] { keys[name] = try linked.canonical(link) }
        }
        return keys
    }
}

extension CellImplementation {
    /// What each link `cell` lists contributes to its cache key: for a typed cell the values its
    /// `@Linked` type holds, else every value of the linked lesson.
    func linkEncodings(_ cell: CellDeclaration, _ links: [String: ResolvedLink]) throws -> [String: String] {
        var encodings = try linkKeys?(links) ?? [:]
        for name in cell.links where encodings[name] == nil {
            if let link = links[name] { encodings[name] = link.canonicalAll }
        }
        return encodings
    }
}

/// The links part of the check of a typed cell against its lesson file.
enum LinkedProperties {
    /// What differs between the cell type's `@Linked` properties and the cell's `links`, or nil.
    static func mismatch(_ signature: CellSignature, _ cell: CellDeclaration) -> String? {
        for name in signature.links where !cell.links.contains(name) {
            return "\(signature.typeName) reads link `\(name)` (`@Linked var \(CellNaming.camelCase(name))`), which the "
                + "cell's `links` in the lesson file do not list: add it there (and declare it under [[links]])."
        }
        for name in cell.links where !signature.links.contains(name) {
            return "the lesson file lists link `\(name)` in the cell's `links`, but \(signature.typeName) has no "
                + "`@Linked var \(CellNaming.camelCase(name))`: add the property, or remove the name."
        }
        return nil
    }
}
