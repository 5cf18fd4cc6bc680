/// Word wrapping for plain text: breaks at spaces, never drops a word, and splits a word only
/// when it is longer than a whole line. Widths count Characters (the front end measures cells).
public enum TextWrap {
  public static func lines(_ text: String, width: Int) -> [String] {
    let width = max(1, width)
    var result: [String] = []
    for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
      var line = ""
      for word in paragraph.split(separator: " ", omittingEmptySubsequences: true) {
        var word = Substring(word)
        while word.count > width {
          if !line.isEmpty { result.append(line); line = "" }
          result.append(String(word.prefix(width)))
          word = word.dropFirst(width)
        }
        if line.isEmpty {
          line = String(word)
        } else if line.count + 1 + word.count <= width {
          line += " " + word
        } else {
          result.append(line)
          line = String(word)
        }
      }
      result.append(line)
    }
    return result
  }
}
