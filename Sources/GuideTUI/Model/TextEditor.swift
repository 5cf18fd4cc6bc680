import GuideEngine

/// The text of one input field being edited: lines of characters and a cursor. The usual keys
/// work (arrows, Home/End, Backspace/Delete, Ctrl-A/E/K/U/W); pasted text arrives in one piece
/// (`Key.paste`) and is inserted as text. Only printable characters, line breaks and tabs are
/// ever kept: controls, bidirectional and zero-width characters (`TerminalText`) are dropped, so
/// a record never holds what the summary would have to show as an escape.
public struct TextEditor: Equatable, Sendable {
  public private(set) var lines: [[Character]]
  public private(set) var row = 0
  public private(set) var column = 0
  public let multiline: Bool
  /// A bound on what one field may hold, so a runaway paste cannot exhaust memory.
  public static let maximumCharacters = 20_000

  /// The text is a suggestion (the time now, the step's agency): the first character typed or
  /// pasted, or Backspace, replaces it whole, as a selected field does in a dialog box; a cursor
  /// key keeps it for editing. Drawn in reverse video while it holds.
  public private(set) var replacesOnType = false

  public init(_ text: String = "", multiline: Bool, suggested: Bool = false) {
    self.multiline = multiline
    replacesOnType = suggested && !text.isEmpty
    let split = text.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0) }
    lines = multiline ? (split.isEmpty ? [[]] : split) : [Array(text.replacingNewlines())]
    row = lines.count - 1
    column = lines[row].count
  }

  public var text: String { lines.map { String($0) }.joined(separator: "\n") }

  private mutating func clear() {
    lines = [[]]
    row = 0
    column = 0
  }
  public var isBlank: Bool { lines.allSatisfy { $0.allSatisfy(\.isWhitespace) } }
  private var count: Int { lines.reduce(lines.count - 1) { $0 + $1.count } }

  /// Applies an editing key; returns false when the key is not an editing key here (Enter in a
  /// single-line field, Tab, Esc...), so the form can act on it.
  public mutating func handle(_ key: Key) -> Bool {
    if replacesOnType {
      switch key {
      case .paste, .backspace, .delete:
        replacesOnType = false
        clear()
        if key == .backspace || key == .delete { return true }
      case .character(let ch) where ch != "\t" && !ch.isNewline && ch != "\r":
        replacesOnType = false
        clear()
      case .left, .right, .up, .down, .home, .end, .control:
        replacesOnType = false
      default:
        break
      }
    }
    switch key {
    case .paste(let text):
      // Line breaks become new lines in a note, and spaces in a one-line field.
      for ch in TerminalText.typed(text).text {
        if ch.isNewline {
          if multiline { _ = handle(.enter) } else { _ = handle(.character(" ")) }
        } else if ch == "\t" {
          _ = handle(.character(" "))
        } else {
          _ = handle(.character(ch))
        }
      }
    case .character(let ch):
      if ch == "\n" || ch == "\r" { return handle(.enter) }
      if ch == "\t" { return false }
      guard count < Self.maximumCharacters, !ch.isNewline, TerminalText.isTypable(ch) else { return true }
      lines[row].insert(ch, at: column)
      column += 1
    case .enter:
      guard multiline else { return false }
      guard count < Self.maximumCharacters else { return true }
      let rest = Array(lines[row][column...])
      lines[row].removeSubrange(column...)
      lines.insert(rest, at: row + 1)
      row += 1
      column = 0
    case .backspace:
      if column > 0 {
        lines[row].remove(at: column - 1)
        column -= 1
      } else if row > 0 {
        column = lines[row - 1].count
        lines[row - 1] += lines[row]
        lines.remove(at: row)
        row -= 1
      }
    case .delete:
      if column < lines[row].count {
        lines[row].remove(at: column)
      } else if row + 1 < lines.count {
        lines[row] += lines[row + 1]
        lines.remove(at: row + 1)
      }
    case .left, .control("b"):
      if column > 0 { column -= 1 } else if row > 0 { row -= 1; column = lines[row].count }
    case .right, .control("f"):
      if column < lines[row].count { column += 1 } else if row + 1 < lines.count { row += 1; column = 0 }
    case .up:
      guard multiline, row > 0 else { return false }
      row -= 1
      column = min(column, lines[row].count)
    case .down:
      guard multiline, row + 1 < lines.count else { return false }
      row += 1
      column = min(column, lines[row].count)
    case .home, .control("a"):
      column = 0
    case .end, .control("e"):
      column = lines[row].count
    case .control("k"):
      lines[row].removeSubrange(column...)
    case .control("u"):
      lines[row].removeSubrange(..<column)
      column = 0
    case .control("w"):
      var start = column
      while start > 0, lines[row][start - 1].isWhitespace { start -= 1 }
      while start > 0, !lines[row][start - 1].isWhitespace { start -= 1 }
      lines[row].removeSubrange(start..<column)
      column = start
    default:
      return false
    }
    return true
  }
}

extension String {
  fileprivate func replacingNewlines() -> String {
    String(map { $0.isNewline ? " " : $0 })
  }
}
