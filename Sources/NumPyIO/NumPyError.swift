import Tensors

/// Why a `.npy` or `.npz` file could not be read or written.
///
/// Every case names the file (for an `.npz` member: `archive.npz: member.npy`),
/// says what is wrong and what to do about it.
public enum NumPyError: Error, CustomStringConvertible, Equatable, Sendable {
    /// No file exists at `path`.
    case fileNotFound(path: String)
    /// The file exists but could not be read (permissions, I/O error).
    case unreadable(path: String, reason: String)
    /// The data does not start with the `.npy` magic string `\x93NUMPY`.
    case notNumPyData(name: String)
    /// The format version is not 1.0, 2.0 or 3.0.
    case unsupportedVersion(name: String, major: UInt8, minor: UInt8)
    /// The header dictionary is missing, cut short or not a valid Python literal.
    case malformedHeader(name: String, reason: String)
    /// The element type cannot be converted to `Float`; `advice` says how to re-save it.
    case unsupportedDType(name: String, descr: String, advice: String)
    /// The array is stored in Fortran (column-major) order.
    case fortranOrder(name: String, descr: String)
    /// The file holds fewer data bytes than its header promises.
    case truncatedData(name: String, expectedBytes: Int, actualBytes: Int)
    /// The file is not a zip archive (no zip signature at all).
    case notAnArchive(path: String)
    /// The file starts like a zip archive but its central directory is missing or damaged.
    case damagedArchive(path: String, reason: String)
    /// One member of an archive could not be extracted (bad CRC, bad deflate stream, cut short).
    case damagedMember(path: String, member: String, reason: String)
    /// An array name cannot become an archive member name.
    case invalidKey(key: String, reason: String)
    /// Writing the file (or renaming its temporary file into place) failed.
    case writeFailed(path: String, reason: String)
    /// The disk (or quota) holding `path` is full.
    case diskFull(path: String)
    /// The path names something other than a regular file (a FIFO, a device, a socket), which
    /// could block or never end if read.
    case notARegularFile(path: String, kind: String)
    /// Reading the arrays would take more memory than the process may use.
    case overBudget(path: String, neededBytes: Int, budgetBytes: Int)

    public var description: String {
        switch self {
        case .fileNotFound(let path):
            return "\(path): no such file; check the path (or run the step that creates it)"
        case .unreadable(let path, let reason):
            return "\(path): cannot be read (\(reason)); check its permissions"
        case .notNumPyData(let name):
            return "\(name): not a .npy array (it does not start with the \\x93NUMPY magic); "
                + "save it with numpy.save"
        case .unsupportedVersion(let name, let major, let minor):
            return "\(name): .npy format version \(major).\(minor) is not supported (only 1.0, 2.0, 3.0); "
                + "re-save it with numpy.save"
        case .malformedHeader(let name, let reason):
            return "\(name): malformed .npy header (\(reason)); the file is damaged, re-save it with numpy.save"
        case .unsupportedDType(let name, let descr, let advice):
            return "\(name): dtype '\(descr)' cannot be read as float32; \(advice)"
        case .fortranOrder(let name, let descr):
            return "\(name): dtype '\(descr)' is stored in Fortran (column-major) order, only C order is read; "
                + "re-save it with numpy.save(path, numpy.ascontiguousarray(a))"
        case .truncatedData(let name, let expected, let actual):
            return "\(name): truncated, the header promises \(expected) data bytes but only \(actual) follow; "
                + "the file was cut short, copy or generate it again"
        case .notAnArchive(let path):
            return "\(path): not a .npz checkpoint (it is not a zip archive: damaged, truncated or another kind "
                + "of file); pass a file written with numpy.savez, or copy or generate it again"
        case .damagedArchive(let path, let reason):
            return "\(path): damaged or truncated zip archive (\(reason)); copy or generate it again"
        case .damagedMember(let path, let member, let reason):
            return "\(path): member '\(member)' cannot be extracted (\(reason)); copy or generate the archive again"
        case .invalidKey(let key, let reason):
            return "array name '\(key)' cannot be stored in an .npz archive: \(reason)"
        case .writeFailed(let path, let reason):
            return "\(path): cannot be written (\(reason)); check that the folder exists and is writable"
        case .diskFull(let path):
            return "\(path): cannot be written, the disk is full (no space left on device); free some space "
                + "or write to another disk"
        case .notARegularFile(let path, let kind):
            return "\(path): is \(kind), not a regular file; pass the path of an .npy or .npz file"
        case .overBudget(let path, let needed, let budget):
            return "\(path): reading its arrays would take \(MemoryBudget.format(needed)), more than the "
                + "\(MemoryBudget.format(budget)) this process may use; the file is damaged or not meant for "
                + "this machine, use a smaller one or a machine with more memory"
        }
    }
}
