/// Lexical checks on slash-separated relative paths: the part of archive safety
/// (and of asset destinations) that needs no file system.
///
/// A path is safe when it is relative and none of its components is `..`;
/// empty and `.` components are dropped ("./a//b" is "a/b").
enum RelativePath {
    /// The path's components without empty and `.` ones.
    static func components(of path: String) -> [String] {
        path.split(separator: "/", omittingEmptySubsequences: true)
            .map(String.init)
            .filter { $0 != "." }
    }

    /// Why `path` may not be used under a folder, or nil when it is safe.
    static func problem(with path: String) -> String? {
        if path.hasPrefix("/") { return "is an absolute path" }
        if path.contains("\0") { return "contains a NUL byte" }
        if components(of: path).contains("..") { return "contains a \"..\" component" }
        return nil
    }

    /// Resolves a symbolic link's `target` against `folder`, the components of the folder
    /// holding the link under the extraction root. Returns the resolved components, or nil
    /// when the target is absolute, climbs above the root, or has a `..` after a name.
    ///
    /// Only leading `..` are accepted ("../../shared/x", not "a/../../x"): after the climb the
    /// path only descends, so a link met on the way down (made before or after this one,
    /// and itself checked) cannot turn a later `..` into an escape.
    static func resolve(linkTarget target: String, from folder: [String]) -> [String]? {
        if target.hasPrefix("/") || target.contains("\0") { return nil }
        let parts = components(of: target)
        let climb = parts.prefix { $0 == ".." }.count
        let descent = parts.dropFirst(climb)
        guard climb <= folder.count, !descent.contains("..") else { return nil }
        return Array(folder.dropLast(climb)) + descent
    }
}
