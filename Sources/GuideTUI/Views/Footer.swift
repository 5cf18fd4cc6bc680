/// One piece of the footer ("d done") and how soon it gives way when the window is narrow.
public struct FooterItem: Equatable, Sendable {
  public var text: String
  /// 0: never gives way (hide, help, quit, and what closes a dialog); otherwise the highest first.
  public var rank: Int
  /// The help key's words once something has given way: the help lists every key.
  public var shortened: String?

  public init(_ text: String, rank: Int = 1, shortened: String? = nil) {
    self.text = text
    self.rank = rank
    self.shortened = shortened
  }

  /// The help key, which says "all keys" once the footer has left some out.
  static func help(_ key: String) -> FooterItem {
    FooterItem("\(key) help", rank: 0, shortened: "\(key) all keys")
  }
}

/// The footer is one line at every width from the smallest window up, and never cuts a word.
/// When its pieces are wider than the window they give way by one rule: the highest rank first,
/// of one rank the rightmost first, rank 0 never; then the help key reads "? all keys", because
/// the help names every key of the screen (nano and htop keep one bar the same way).
public enum Footer {
  public static func line(_ items: [FooterItem], width: Int, charset: TerminalCharset = .utf8) -> String {
    // Measured as drawn: on an ASCII terminal "←→" is folded to the wider "<-->", and a line
    // measured before folding was cut at the window's edge (vt100).
    func drawn(_ text: String) -> String { charset == .ascii ? text.map(ASCIIText.fold).joined() : text }
    var shown = items
    var shortened = false
    func text() -> String {
      " " + shown.map { drawn(shortened ? ($0.shortened ?? $0.text) : $0.text) }.joined(separator: "  ")
    }
    while DisplayWidth.of(text()) > width {
      let droppable = shown.indices.filter { shown[$0].rank > 0 }
      guard let highest = droppable.map({ shown[$0].rank }).max(),
        let last = droppable.last(where: { shown[$0].rank == highest })
      else { break }  // only what never gives way is left: the buffer cuts it at the edge
      shown.remove(at: last)
      shortened = true
    }
    return text()
  }
}
