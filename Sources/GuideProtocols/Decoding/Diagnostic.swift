import GuideEngine

/// One problem in a protocol file, located: `FILE:LINE:COLUMN: message`.
public struct Diagnostic: Equatable, Sendable, CustomStringConvertible {
  public var file: String
  public var mark: Mark
  public var message: String

  public init(file: String, mark: Mark, message: String) {
    self.file = file
    self.mark = mark
    self.message = message
  }

  /// One line, through the output boundary: a file name or an unknown field's name can hold
  /// anything (TerminalText).
  public var description: String { TerminalText.safeLine("\(file):\(mark.line):\(mark.column): \(message)") }
}

/// Collects the problems of one file, so that all of them are reported at once.
final class Problems {
  let file: String
  private(set) var list: [Diagnostic] = []

  init(file: String) { self.file = file }

  func add(_ mark: Mark, _ message: String) {
    list.append(Diagnostic(file: file, mark: mark, message: message))
  }

  var isEmpty: Bool { list.isEmpty }

  /// The problems in the file's order (line, then column), those at one place as they were found.
  var inFileOrder: [Diagnostic] {
    list.enumerated().sorted { ($0.element.mark, $0.offset) < ($1.element.mark, $1.offset) }.map(\.element)
  }

  /// The node tree of a data file (protocol, scenario, district), or nil when there is none to
  /// read: every decoder starts here, so none can skip a check. A control, bidi or zero-width
  /// character written raw stops the read (a terminal would obey it); one made by an escape is a
  /// problem at its place, and the tree is still read for the others.
  func tree(of bytes: [UInt8]) -> YAMLNode? {
    let unsafe = UnsafeCharacters.inFile(bytes)
    guard unsafe.isEmpty else {
      for (mark, message) in unsafe { add(mark, message) }
      return nil
    }
    switch YAMLReader.parse(bytes: bytes) {
    case .failure(let error):
      add(error.mark, error.message)
      return nil
    case .success(let root):
      for (mark, message) in UnsafeCharacters.inTree(root, bytes: bytes) { add(mark, message) }
      return root
    }
  }
}

/// The candidates closest to a misspelled `word` that are close enough to suggest: the nearest
/// by edit distance, or else every candidate that the word begins (or that begins the word).
func suggestions(for word: String, among candidates: [String]) -> [String] {
  let lower = word.lowercased()
  var best: [String] = []
  var bestDistance = Int.max
  for candidate in candidates {
    let d = editDistance(lower, candidate)
    guard d <= max(1, min(3, candidate.count / 3)) else { continue }
    if d < bestDistance {
      best = [candidate]
      bestDistance = d
    } else if d == bestDistance {
      best.append(candidate)
    }
  }
  if best.isEmpty, lower.count >= 3 {
    best = candidates.filter { $0.hasPrefix(lower) || lower.hasPrefix($0) }
  }
  return best
}

/// "did you mean 'a'?" or "did you mean 'a' or 'b'?", or nil when nothing is close.
func didYouMean(_ word: String, among candidates: [String]) -> String? {
  let found = suggestions(for: word, among: candidates)
  guard !found.isEmpty else { return nil }
  return "did you mean " + found.map { "'\($0)'" }.joined(separator: " or ") + "?"
}

/// Edit distance counting a swap of two neighbouring letters as one edit ("titel" is one edit
/// from "title"): the optimal string alignment distance.
func editDistance(_ a: String, _ b: String) -> Int {
  let a = Array(a)
  let b = Array(b)
  if a.isEmpty { return b.count }
  if b.isEmpty { return a.count }
  if abs(a.count - b.count) > 3 { return abs(a.count - b.count) }
  var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
  for i in 0...a.count { d[i][0] = i }
  for j in 0...b.count { d[0][j] = j }
  for i in 1...a.count {
    for j in 1...b.count {
      let cost = a[i - 1] == b[j - 1] ? 0 : 1
      d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
      if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
        d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
      }
    }
  }
  return d[a.count][b.count]
}
