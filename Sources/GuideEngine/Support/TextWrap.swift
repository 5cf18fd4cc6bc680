/// Word wrapping for plain text: breaks at spaces, never drops a word, and splits a word only
/// when it is longer than a whole line. Widths count Characters (the front end measures cells).
public enum TextWrap {
  /// Paragraphs separated by blank lines, each with its single line breaks joined by a space
  /// (text from a YAML block, ready to be wrapped again).
  public static func paragraphs(_ text: String) -> [String] {
    text.split(separator: "\n\n", omittingEmptySubsequences: true).map {
      $0.split(separator: "\n").joined(separator: " ")
    }
  }

  public static func lines(_ text: String, width: Int) -> [String] {
    let width = max(1, width)
    var result: [String] = []
    for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
      // Lengths are kept as counts: String.count walks the whole string each time it is asked.
      var line = ""
      var lineCount = 0
      for word in paragraph.split(separator: " ", omittingEmptySubsequences: true) {
        var word = Substring(word)
        var wordCount = word.count
        while wordCount > width {
          if lineCount > 0 { result.append(line); line = ""; lineCount = 0 }
          result.append(String(word.prefix(width)))
          word = word.dropFirst(width)
          wordCount -= width
        }
        if lineCount == 0 {
          line = String(word)
          lineCount = wordCount
        } else if lineCount + 1 + wordCount <= width {
          line += " "
          line += word
          lineCount += 1 + wordCount
        } else {
          result.append(line)
          line = String(word)
          lineCount = wordCount
        }
      }
      result.append(line)
    }
    return result
  }
}
