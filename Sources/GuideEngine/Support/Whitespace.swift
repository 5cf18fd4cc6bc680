extension String {
  /// The text without white space (spaces, tabs, line breaks) at either end.
  public func trimmingWhitespace() -> String {
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
