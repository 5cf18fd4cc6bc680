@preconcurrency import CNcursesw
import GuideEngine

/// How a cell is drawn. Attributes only (no colour is needed to read any screen): reverse
/// video marks the focused item, bold marks headings and phone numbers.
public struct CellStyle: Equatable, Sendable, Hashable {
  public var bold = false
  public var reverse = false
  public var underline = false
  public var dim = false
  public init(bold: Bool = false, reverse: Bool = false, underline: Bool = false, dim: Bool = false) {
    self.bold = bold
    self.reverse = reverse
    self.underline = underline
    self.dim = dim
  }
  public static let plain = CellStyle()
  public static let heading = CellStyle(bold: true)
  public static let focused = CellStyle(reverse: true)
}

/// One terminal cell: a character and its style. A wide character fills its cell and marks the
/// next one as its continuation.
public struct Cell: Equatable, Sendable {
  public var character: Character
  public var style: CellStyle
  /// True for the second cell of a wide character (nothing is drawn there).
  public var isContinuation: Bool
  public static let blank = Cell(character: " ", style: .plain, isContinuation: false)
}

/// A screen as a grid of cells: what every view renders into, what the curses adapter copies to
/// the terminal (curses then sends only what changed), and what render tests compare.
public struct CellBuffer: Equatable, Sendable, CustomDebugStringConvertible {
  public let width: Int
  public let height: Int
  public private(set) var cells: [Cell]
  /// Where the terminal cursor should rest: on the focused item, for screen readers.
  public var cursor: (row: Int, column: Int) = (0, 0)
  public let charset: TerminalCharset
  /// The scroll offset the body was drawn with (requests past the end are clamped to it).
  public var scroll = 0

  public init(width: Int, height: Int, charset: TerminalCharset = .utf8) {
    self.width = max(0, width)
    self.height = max(0, height)
    self.charset = charset
    cells = Array(repeating: .blank, count: self.width * self.height)
  }

  public static func == (a: CellBuffer, b: CellBuffer) -> Bool {
    a.width == b.width && a.height == b.height && a.cells == b.cells && a.cursor == b.cursor
  }

  public subscript(row: Int, column: Int) -> Cell {
    cells[row * width + column]
  }

  /// Writes `text` from (row, column), clipped at `limit` columns (default: the right edge).
  /// Returns the column after the last cell written.
  @discardableResult
  public mutating func put(_ text: String, row: Int, column: Int, style: CellStyle = .plain, limit: Int? = nil) -> Int {
    guard row >= 0, row < height else { return column }
    let end = min(width, limit.map { column + $0 } ?? width)
    var x = column
    // The output boundary: whatever a view draws, no control, bidirectional or zero-width
    // character reaches the terminal (TerminalText).
    for ch in TerminalText.safe(text) {
      let shown = charset == .ascii ? ASCIIText.fold(ch) : String(ch)
      for c in shown {
        let w = DisplayWidth.of(c)
        if w == 0 {
          continue  // combining marks stay with the previous character in the terminal
        }
        guard x >= 0, x + w <= end else { return x }
        cells[row * width + x] = Cell(character: c, style: style, isContinuation: false)
        if w == 2 { cells[row * width + x + 1] = Cell(character: " ", style: style, isContinuation: true) }
        x += w
      }
    }
    return x
  }

  /// Fills a row segment with a style (for the focused line's reverse video).
  public mutating func fill(row: Int, from column: Int = 0, to end: Int? = nil, style: CellStyle) {
    guard row >= 0, row < height else { return }
    for x in max(0, column)..<min(width, end ?? width) {
      cells[row * width + x].style = style
    }
  }

  /// The row as text, with trailing spaces removed (for tests and text captures).
  public func line(_ row: Int) -> String {
    var s = ""
    for x in 0..<width where !self[row, x].isContinuation { s.append(self[row, x].character) }
    while s.last == " " { s.removeLast() }
    return s
  }

  public var lines: [String] { (0..<height).map(line) }

  public var debugDescription: String {
    lines.enumerated().map { "\($0.offset < 10 ? " " : "")\($0.offset)|\($0.element)" }.joined(separator: "\n")
  }
}

/// How many terminal columns a character takes, from the C library (needs a UTF-8 locale).
public enum DisplayWidth {
  public static func of(_ ch: Character) -> Int {
    guard let scalar = ch.unicodeScalars.first else { return 0 }
    if scalar.value < 0x7F { return scalar.value < 0x20 ? 0 : 1 }
    let w = Int(sh_wcwidth(wchar_t(bitPattern: scalar.value)))
    return w < 0 ? 1 : min(w, 2)
  }

  public static func of(_ text: String) -> Int { text.reduce(0) { $0 + of($1) } }
}

/// ASCII stand-ins for the typographic characters the data and screens use, for terminals
/// whose locale is not UTF-8.
public enum ASCIIText {
  public static func fold(_ ch: Character) -> String {
    if ch.isASCII { return String(ch) }
    switch ch {
    case "‘", "’", "′": return "'"
    case "“", "”", "″": return "\""
    case "–", "—", "─", "━": return "-"
    case "…": return "..."
    case "•", "·", "▸", "►", "⯈": return "*"
    case "✓", "✔": return "x"
    case "│", "┃": return "|"
    case "┌", "┐", "└", "┘", "├", "┤", "┬", "┴", "┼": return "+"
    case "█", "▓": return "#"
    case "░", "▒": return "."
    case "←": return "<-"
    case "→": return "->"
    case "↑": return "^"
    case "↓": return "v"
    default: break
    }
    // Letters with accents: keep the base letter.
    let base = String(ch).decomposedStringWithCanonicalMappingASCII
    return base.isEmpty ? "?" : base
  }
}

extension String {
  /// The ASCII letters left after removing combining marks from a canonical decomposition.
  fileprivate var decomposedStringWithCanonicalMappingASCII: String {
    var out = ""
    for scalar in unicodeScalars {
      if let ascii = Self.latinBase[scalar.value] { out += ascii } else if scalar.isASCII { out.unicodeScalars.append(scalar) }
    }
    return out
  }

  private static let latinBase: [UInt32: String] = {
    var map: [UInt32: String] = [:]
    let groups: [(String, String)] = [
      ("ÀÁÂÃÄÅĀ", "A"), ("àáâãäåā", "a"), ("ÈÉÊËĒ", "E"), ("èéêëē", "e"), ("ÌÍÎÏ", "I"), ("ìíîï", "i"),
      ("ÒÓÔÕÖØ", "O"), ("òóôõöø", "o"), ("ÙÚÛÜ", "U"), ("ùúûü", "u"), ("Ñ", "N"), ("ñ", "n"), ("Ç", "C"),
      ("ç", "c"), ("Ýÿý", "y"), ("ß", "ss"),
    ]
    for (chars, base) in groups {
      for scalar in chars.unicodeScalars { map[scalar.value] = base }
    }
    return map
  }()
}
