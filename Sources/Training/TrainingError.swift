import FileWriting
import Foundation
import Tensors

/// What can go wrong while training the head, caching features or writing results.
///
/// Each description names the thing at fault and what to do about it.
public enum TrainingError: Error, CustomStringConvertible, Equatable {
    /// A tensor's shape does not fit the head or the labels.
    case shapeMismatch(what: String, expected: [Int], actual: [Int])
    /// A class label lies outside `0..<classCount`.
    case labelOutOfRange(label: Int, classCount: Int)
    /// A configuration value cannot be used.
    case invalidConfiguration(String)
    /// The feature provider returned the wrong number of rows or columns.
    case featureProviderMismatch(requested: Int, expectedWidth: Int?, actual: [Int])
    /// A feature-store key contains characters unfit for a folder name.
    case invalidStoreKey(String)
    /// The feature store's index or one of its chunks cannot be read.
    case corruptStore(path: String, reason: String)
    /// A results file (such as `metrics.json`) cannot be read back.
    case unreadableFile(path: String, reason: String)
    /// A `history.csv` line cannot be read back.
    case malformedHistory(line: String)
    /// The disk holding `path` is full (ENOSPC or EDQUOT).
    case diskFull(path: String)
    /// A file could not be written.
    case writeFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case let .shapeMismatch(what, expected, actual):
            return "\(what): expected shape \(expected), got \(actual); check the feature width and the class count"
        case let .labelOutOfRange(label, classCount):
            return "label \(label) is outside 0..<\(classCount); the labels must index the class names"
        case let .invalidConfiguration(message):
            return "invalid training configuration: \(message)"
        case let .featureProviderMismatch(requested, width, actual):
            let widthText = width.map { "\($0)" } ?? "D"
            return "the feature provider was asked for \(requested) items and returned shape \(actual) "
                + "instead of [\(requested), \(widthText)]; fix the closure that runs the backbone"
        case let .invalidStoreKey(key):
            return "feature-store key '\(key)' may only hold letters, digits, '-', '_' and '.'; pass a hash"
        case let .corruptStore(path, reason):
            return "feature store at \(path) is unreadable (\(reason)); delete that folder to rebuild it"
        case let .unreadableFile(path, reason):
            return "cannot read \(path) (\(reason)); rerun the cell that writes it"
        case let .malformedHistory(line):
            return "history.csv line '\(line)' does not match the columns \(HistoryCSV.columns); rerun the train cell"
        case let .writeFailed(path, reason):
            return "could not write \(path) (\(reason)); check that the folder exists and is writable"
        case let .diskFull(path):
            return "could not write \(path): \(FileSystemFailure.diskFullAdvice)"
        }
    }
}

extension TrainingError {
    /// `diskFull` when the write failed for want of space, else `writeFailed` with the system's reason.
    static func writing(_ url: URL, failedWith error: Error) -> TrainingError {
        FileSystemFailure.isDiskFull(error) ? .diskFull(path: url.path)
            : .writeFailed(path: url.path, reason: error.localizedDescription)
    }
}
