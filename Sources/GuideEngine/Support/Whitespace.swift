extension String {
  /// The text without white space (spaces, tabs, line breaks) at either end.
  public func trimmingWhitespace() -> String {
    // Most texts start and end with an ASCII character that is not white space (9 to 13 and 32
    // are ASCII's): they are returned as they are, without looking up Unicode properties or
    // copying (0.3 M instructions of decoding San Mateo before the screening, docs/performance.md).
    if let first = utf8.first, let last = utf8.last, first < 0x80, last < 0x80,
      first != 32, !(9...13).contains(first), last != 32, !(9...13).contains(last)
    {
      return self
    }
    let scalars = unicodeScalars
    guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
      let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
    else { return "" }
    return String(scalars[first...last])
  }
}

/// Text with surrounding white space removed, or nil when nothing is left (what a user typed
/// into an optional field, or a field of a protocol file).
public func trimmedOrNil(_ text: String?) -> String? {
  guard let trimmed = text?.trimmingWhitespace(), !trimmed.isEmpty else { return nil }
  return trimmed
}
