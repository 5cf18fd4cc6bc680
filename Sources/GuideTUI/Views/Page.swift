import GuideEngine

/// A screen's body as lines, before it is fitted into the window: views append wrapped text and
/// options, mark the focused lines, and `draw` scrolls so the focus is visible.
struct Page {
  struct Line {
    var text: String
    var style: CellStyle
    var indent: Int
    /// How many leading characters are drawn reverse-video (the focus marker "> ").
    var marked = 0
  }
  let width: Int
  private(set) var lines: [Line] = []
  /// The focused lines, kept on screen.
  var focus: Range<Int>?
  /// Where the terminal cursor should rest, as (line, column) within the page.
  var cursor: (line: Int, column: Int)?
  /// Where the last option of the page ends: with the focus there, the page shows its end, so
  /// text after the list (a recorded screening, a note) can always be read.
  private var lastOptionEnd = -1
  /// Lines that start a section (a heading, level 0) or a part of one (level 1): when the page
  /// has to scroll to show the focus, it shows the focus's section from its start if that fits,
  /// else its part, so the next moves within it scroll nothing (scrolling resends lines).
  private var anchors: [(line: Int, level: Int)] = []

  init(width: Int) { self.width = max(10, width) }

  mutating func blank() { lines.append(Line(text: "", style: .plain, indent: 0)) }

  /// Appends one line exactly as given (typed text: spaces are kept, nothing is re-wrapped).
  mutating func raw(_ text: String, style: CellStyle = .plain, indent: Int = 0) {
    lines.append(Line(text: text, style: style, indent: indent))
  }

  /// Appends `text` wrapped to the page width, with later lines indented by `hang`.
  mutating func text(_ text: String, style: CellStyle = .plain, indent: Int = 0, hang: Int? = nil) {
    let hang = hang ?? indent
    let wrapped = TextWrap.lines(text, width: max(8, width - max(indent, hang)))
    for (i, line) in wrapped.enumerated() {
      lines.append(Line(text: line, style: style, indent: i == 0 ? indent : hang))
    }
  }

  /// An option of a list: "> 1. Title" with its detail wrapped below; focused when `selected`.
  /// `hang` is where wrapped lines of the label start (under its text, not its number).
  mutating func option(_ label: String, detail: String? = nil, selected: Bool, style: CellStyle = .plain, hang: Int = 5) {
    let start = lines.count
    let marker = selected ? "> " : "  "
    let wrapped = TextWrap.lines(label, width: max(8, width - hang))
    // Only the marker is reverse video, not the label: moving the focus then changes four
    // cells (the old and the new marker), which is all curses sends over a slow link.
    for (i, line) in wrapped.enumerated() {
      lines.append(
        Line(text: i == 0 ? marker + line : line, style: style, indent: i == 0 ? 0 : hang, marked: i == 0 && selected ? 2 : 0))
    }
    if let detail { text(detail, style: CellStyle(dim: true), indent: 5) }
    if selected {
      focus = start..<lines.count
      cursor = (start, 0)
    }
    lastOptionEnd = lines.count
  }

  /// Marks the next line as the start of a section or, at level 1, of a part of one.
  mutating func anchor(level: Int = 0) { anchors.append((lines.count, level)) }

  /// Where to scroll to show `focus` with its section (or part) from the start, if it fits.
  private func sectionStart(of focus: Range<Int>, height: Int) -> Int? {
    var best: Int?
    for anchor in anchors.reversed() where anchor.line <= focus.lowerBound {
      if focus.upperBound - anchor.line <= height { best = anchor.line }
      if anchor.level == 0 { break }
    }
    return best
  }

  mutating func heading(_ text: String) {
    self.text(text, style: .heading)
  }

  mutating func rule() {
    lines.append(Line(text: String(repeating: "─", count: width), style: CellStyle(dim: true), indent: 0))
  }

  /// Draws the lines into rows `top..<top+height` of `buffer`, scrolled so the focus (or the
  /// requested `scroll`, clamped) is shown; marks more content above or below. Returns the
  /// scroll used.
  @discardableResult
  func draw(into buffer: inout CellBuffer, top: Int, height: Int, left: Int = 0, scroll requested: Int = 0) -> Int {
    guard height > 0 else { return 0 }
    let maxScroll = max(0, lines.count - height)
    var scroll = min(max(0, requested), maxScroll)
    if let focus {
      if focus.upperBound > scroll + height || focus.lowerBound < scroll {
        if let start = sectionStart(of: focus, height: height) {
          // Show the whole section from its start: the next moves within it scroll nothing.
          scroll = min(maxScroll, start)
        } else {
          if focus.upperBound > scroll + height { scroll = min(maxScroll, focus.upperBound - height) }
          if focus.lowerBound < scroll { scroll = focus.lowerBound }
        }
      }
      if focus.upperBound == lastOptionEnd, focus.lowerBound >= maxScroll { scroll = maxScroll }
    }
    for row in 0..<height {
      let index = scroll + row
      guard index < lines.count else { break }
      let line = lines[index]
      let y = top + row
      if line.marked > 0 {
        let marker = String(line.text.prefix(line.marked))
        let end = buffer.put(marker, row: y, column: left + line.indent, style: .focused, limit: width - line.indent)
        buffer.put(
          String(line.text.dropFirst(line.marked)), row: y, column: end, style: line.style,
          limit: width - line.indent - (end - left - line.indent))
      } else {
        buffer.put(line.text, row: y, column: left + line.indent, style: line.style, limit: width - line.indent)
      }
    }
    // Say when there is more above or below, on the rows just outside the body.
    if scroll > 0 { buffer.put("↑ more above", row: top - 1, column: left + width - 12, style: CellStyle(bold: true)) }
    if scroll < maxScroll {
      buffer.put("↓ more below", row: top + height, column: left + width - 12, style: CellStyle(bold: true))
    }
    if let cursor, cursor.line >= scroll, cursor.line < scroll + height {
      buffer.cursor = (top + cursor.line - scroll, left + cursor.column + (lines[cursor.line].indent))
    }
    return scroll
  }
}
