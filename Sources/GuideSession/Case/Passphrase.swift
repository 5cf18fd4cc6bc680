/// The passphrase of a case's encrypted draft: the same rule in the full screen and plain mode.
public enum PassphraseRule {
  /// The shortest passphrase accepted.
  public static let minimumLength = 8

  public enum Problem: Equatable, Sendable {
    /// Fewer than `minimumLength` characters (how many it has).
    case tooShort(Int)
    /// The second typing differs from the first.
    case differs
  }

  /// Why `passphrase` cannot be used, if it cannot.
  public static func problem(_ passphrase: String) -> Problem? {
    passphrase.count < minimumLength ? .tooShort(passphrase.count) : nil
  }

  /// Why the pair typed cannot be used, if it cannot: its length first, then the two typings.
  public static func problem(_ first: String, again second: String) -> Problem? {
    problem(first) ?? (first == second ? nil : .differs)
  }
}
