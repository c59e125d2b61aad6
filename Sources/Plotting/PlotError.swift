/// What can go wrong when building or writing a figure.
public enum PlotError: Error, CustomStringConvertible, Equatable {
    /// A figure input whose shapes disagree (the text says which).
    case invalidInput(String)
    /// Cairo could not create the canvas.
    case surfaceFailed(width: Int, height: Int, status: String)
    /// Cairo or the file system could not write the PNG.
    case writeFailed(path: String, reason: String)
    /// The disk holding the PNG is full (ENOSPC or EDQUOT).
    case diskFull(path: String)

    public var description: String {
        switch self {
        case let .invalidInput(message):
            return "Plotting: \(message)"
        case let .surfaceFailed(width, height, status):
            return "Plotting: cannot create a \(width)x\(height) Cairo image surface (\(status)); "
                + "lower the figure size or the scale factor."
        case let .writeFailed(path, reason):
            return "Plotting: cannot write \(path) (\(reason)); check that the folder exists and is writable."
        case let .diskFull(path):
            return "Plotting: cannot write \(path): the disk is full (no space left on device); free some space, "
                + "or write to another disk."
        }
    }
}
