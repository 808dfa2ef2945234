/// Why an Arrow IPC stream could not be read.
///
/// Every problem found in the input is reported with one of these cases rather
/// than a trap, so a server can turn a bad result chunk into an ordinary error.
public enum ArrowError: Error, Equatable, Sendable {
    /// The bytes end before a message, its metadata or its body is complete.
    case truncated(String)
    /// The bytes are present but do not describe a valid stream.
    case malformed(String)
    /// The stream is valid Arrow but uses a feature this reader does not implement
    /// (compression, dictionaries, big-endian data, some types).
    case unsupported(String)
}
