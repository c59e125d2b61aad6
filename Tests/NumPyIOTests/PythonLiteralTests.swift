import Testing
@testable import NumPyIO

@Suite struct PythonLiteralTests {
    @Test func numpyHeaderDict() throws {
        let value = try PythonLiteral.parse(
            "{'descr': '<f4', 'fortran_order': False, 'shape': (4, 64, 64, 3), }          \n")
        #expect(value["descr"] == .string("<f4"))
        #expect(value["fortran_order"] == .boolean(false))
        #expect(value["shape"] == .tuple([.integer(4), .integer(64), .integer(64), .integer(3)]))
    }

    @Test func oneElementTupleEmptyTupleAndParenthesizedValue() throws {
        #expect(try PythonLiteral.parse("(5,)") == .tuple([.integer(5)]))
        #expect(try PythonLiteral.parse("( )") == .tuple([]))
        #expect(try PythonLiteral.parse("(5)") == .integer(5))  // as in Python: not a tuple
    }

    @Test func spacingTrailingCommasQuotesAndPython2Longs() throws {
        let value = try PythonLiteral.parse("{\"shape\":(3L ,4L,) ,\n\t'descr':u'<f8','x':None,'y':[1,-2,],}")
        #expect(value["shape"] == .tuple([.integer(3), .integer(4)]))
        #expect(value["descr"] == .string("<f8"))
        #expect(value["x"] == PythonLiteral.none)
        #expect(value["y"] == .list([.integer(1), .integer(-2)]))
    }

    @Test func escapesInStrings() throws {
        #expect(try PythonLiteral.parse(#"'a\'b\\c'"#) == .string(#"a'b\c"#))
    }

    @Test func structuredDescrParsesAsAListOfTuples() throws {
        let value = try PythonLiteral.parse("[('x', '<f4'), ('y', '<f4', (2,))]")
        #expect(value == .list([
            .tuple([.string("x"), .string("<f4")]),
            .tuple([.string("y"), .string("<f4"), .tuple([.integer(2)])]),
        ]))
    }

    @Test(arguments: ["", "{", "{'a' 1}", "{1: 2}", "(1 2)", "'open", "Maybe", "{'a': 1} x", "99999999999999999999", "#"])
    func invalidTextThrows(text: String) {
        #expect(throws: PythonLiteralError.self) { try PythonLiteral.parse(text) }
    }
}
