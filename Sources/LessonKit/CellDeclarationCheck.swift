import Foundation

/// Where a cell's Swift type and its `lesson.toml` declaration disagree. Found when the lesson
/// loads, before any cell runs; the text names both places and the fix.
public struct DeclarationMismatch: Error, CustomStringConvertible, Equatable {
    /// The cell id.
    public let cell: String
    /// The Swift type (`Train`).
    public let swiftType: String
    /// The lesson file.
    public let file: String
    /// What differs, and the fix.
    public let detail: String

    public var description: String {
        "cell '\(cell)': its Swift type \(swiftType) and \(file) disagree: \(detail)"
    }
}

/// Checks a program's typed cells against the lesson file.
public enum CellDeclarationCheck {
    /// The implementations of `program` by cell id, after checking that every declared cell has
    /// one, every implementation is declared, and each typed cell's parameters (names, types,
    /// choices), upstream outputs and inputs are the ones `lesson.toml` lists for it.
    public static func implementations(of program: LessonProgram, lesson: Lesson) throws -> [String: CellImplementation] {
        var byName: [String: CellImplementation] = [:]
        var producers: [ObjectIdentifier: String] = [:]
        for implementation in program.cells() {
            guard lesson.cell(implementation.name) != nil else {
                throw RunError.unknownImplementation(cell: implementation.name, lesson: lesson.number,
                                                     valid: lesson.cells.map(\.name))
            }
            byName[implementation.name] = implementation
            if let signature = implementation.signature {
                if let other = producers[signature.output] {
                    throw DeclarationMismatch(
                        cell: implementation.name, swiftType: signature.typeName, file: lesson.file.path,
                        detail: "its output \(signature.outputName) is also the output of cell '\(other)'; "
                            + "each cell needs an output type of its own, so that cells downstream can name it.")
                }
                producers[signature.output] = implementation.name
            }
        }
        for cell in lesson.cells where byName[cell.name] == nil {
            throw RunError.missingImplementation(cell: cell.name, lesson: lesson.number)
        }
        for cell in lesson.cells {
            guard let signature = byName[cell.name]?.signature else { continue }
            try check(signature, against: cell, lesson: lesson, producers: producers)
        }
        return byName
    }

    static func check(_ signature: CellSignature, against cell: CellDeclaration, lesson: Lesson,
                      producers: [ObjectIdentifier: String]) throws {
        func mismatch(_ detail: String) -> DeclarationMismatch {
            DeclarationMismatch(cell: cell.name, swiftType: signature.typeName, file: lesson.file.path, detail: detail)
        }
        let swiftParameters = Set(signature.parameters.map(\.name))
        for entry in signature.parameters where !cell.parameters.contains(entry.name) {
            throw mismatch("\(signature.typeName) reads parameter `\(entry.name)` (`@Parameter var \(entry.property)`), "
                + "which the cell's `parameters` in the lesson file do not list: add it there (and declare the "
                + "parameter), or remove the property.")
        }
        for name in cell.parameters where !swiftParameters.contains(name) {
            throw mismatch("the lesson file lists parameter `\(name)` in the cell's `parameters`, but "
                + "\(signature.typeName) has no `@Parameter var \(CellNaming.camelCase(name))`: add the property, "
                + "or remove the name from the lesson file.")
        }
        for entry in signature.parameters {
            guard let declared = lesson.parameter(entry.name) else { continue }
            guard declared.type == entry.type else {
                throw mismatch("parameter `\(entry.name)` is declared `type = \"\(declared.type.rawValue)\"` in the lesson "
                    + "file, but `\(entry.property)` is a \(entry.swiftType) (a \(entry.type.rawValue)) in "
                    + "\(signature.typeName): make them the same type.")
            }
            let declaredChoices = declared.range.choices.map { Set($0) }
            let swiftChoices = entry.choices.map { Set($0) }
            guard declaredChoices == swiftChoices else {
                let inFile = declared.range.choices.map { "choices \($0)" } ?? "no `choices`"
                let inSwift = entry.choices.map { "the cases \($0) of \(entry.swiftType)" } ?? "a plain \(entry.swiftType)"
                throw mismatch("parameter `\(entry.name)` has \(inFile) in the lesson file but is \(inSwift) in "
                    + "\(signature.typeName): list the same values in both (a parameter with choices is a "
                    + "`ParameterChoice` enum in Swift).")
            }
        }
        var read: [String] = []
        for entry in signature.upstream {
            guard let producer = producers[entry.type] else {
                throw mismatch("`@Upstream var \(entry.property): \(entry.typeName)` names a type no cell of the lesson "
                    + "returns: use the output type of the cell to read.")
            }
            guard cell.upstream.contains(producer) else {
                throw mismatch("\(signature.typeName) reads `\(entry.property)`, the output of cell '\(producer)', which "
                    + "the cell's `upstream` in the lesson file does not list: add \"\(producer)\" there.")
            }
            read.append(producer)
        }
        for name in cell.upstream where !read.contains(name) {
            throw mismatch("the lesson file lists '\(name)' in the cell's `upstream`, but \(signature.typeName) reads "
                + "no output of it: add an `@Upstream` property of its output type, or remove the name.")
        }
        for name in signature.inputs where !cell.inputs.contains(name) {
            throw mismatch("\(signature.typeName) reads input `\(name)`, which the cell's `inputs` in the lesson file "
                + "do not list: add it there.")
        }
        for name in cell.inputs where !signature.inputs.contains(name) {
            throw mismatch("the lesson file lists input `\(name)` in the cell's `inputs`, but \(signature.typeName) has "
                + "no `@Input var \(CellNaming.camelCase(name))`: add the property, or remove the name.")
        }
        if let detail = LinkedProperties.mismatch(signature, cell) { throw mismatch(detail) }
    }
}
