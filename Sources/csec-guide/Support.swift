import GuideEngine

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The output boundary of every subcommand: `print` in this module is this one, which passes
/// the text through `TerminalText.safe` (controls other than line feeds and tabs, bidirectional
/// and zero-width characters shown as `\u{1B}`), whatever it holds: a protocol's title, a
/// draft's clear header, a file name. JSON output passes unchanged (JSONValue escapes them).
func print(_ text: String, terminator: String = "\n") {
  Swift.print(TerminalText.safe(text), terminator: terminator)
}

/// The process environment, read from `environ` (no Foundation).
enum ProcessEnvironment {
  static func variables() -> [String: String] {
    var result: [String: String] = [:]
    var pointer = environ
    while let entry = pointer.pointee {
      let text = String(cString: entry)
      if let eq = text.firstIndex(of: "=") {
        result[String(text[..<eq])] = String(text[text.index(after: eq)...])
      }
      pointer += 1
    }
    return result
  }
}

enum StandardError {
  static func write(_ lines: [String]) {
    for line in lines {
      // write(2) on the descriptor: no shared FILE* (Swift 6 flags stderr as shared state).
      var bytes = Array((TerminalText.safe(line) + "\n").utf8)
      var offset = 0
      while offset < bytes.count {
        let n = bytes.withUnsafeMutableBytes { Glibc.write(STDERR_FILENO, $0.baseAddress! + offset, $0.count - offset) }
        if n <= 0 { break }
        offset += n
      }
    }
  }
}

/// The width to wrap text output to: the terminal's, or $COLUMNS, or 80.
enum TerminalWidth {
  static func columns() -> Int {
    var size = winsize()
    if isatty(STDOUT_FILENO) != 0, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 {
      return Int(size.ws_col)
    }
    if let text = getenv("COLUMNS"), let value = Int(String(cString: text)), value > 0 { return value }
    return 80
  }
}

/// Aligned columns for listings; the last column is never padded.
enum Table {
  static func render(header: [String], rows: [[String]]) -> String {
    // Each cell on one line, through the output boundary, before the widths are measured.
    let all = ([header] + rows).map { $0.map(TerminalText.safeLine) }
    var widths = [Int](repeating: 0, count: header.count)
    for row in all {
      for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) }
    }
    return all.map { row in
      row.enumerated().map { i, cell in
        i == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[i] - cell.count)
      }.joined(separator: "  ")
    }.joined(separator: "\n") + "\n"
  }
}
