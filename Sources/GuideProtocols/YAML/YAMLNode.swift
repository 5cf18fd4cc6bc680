import CYAML

/// A place in a file, 1-based, as people count lines and columns.
public struct Mark: Equatable, Sendable, Comparable {
  public var line: Int
  public var column: Int
  public init(line: Int, column: Int) {
    self.line = line
    self.column = column
  }
  public static func < (a: Mark, b: Mark) -> Bool { (a.line, a.column) < (b.line, b.column) }
}

/// A YAML document as a small tree that remembers where each node stood, so every problem
/// found later can be reported as FILE:LINE:COLUMN.
public indirect enum YAMLNode: Sendable {
  /// `plain` is false for quoted and block scalars: only plain scalars can be null, booleans
  /// or numbers, as in YAML's core schema.
  case scalar(String, plain: Bool, Mark)
  case sequence([YAMLNode], Mark)
  case mapping([(key: String, keyMark: Mark, value: YAMLNode)], Mark)

  public var mark: Mark {
    switch self {
    case .scalar(_, _, let m), .sequence(_, let m), .mapping(_, let m): return m
    }
  }

  /// True for a plain empty, `~` or `null` scalar.
  public var isNull: Bool {
    if case .scalar(let text, true, _) = self {
      return text.isEmpty || text == "~" || text == "null" || text == "Null" || text == "NULL"
    }
    return false
  }

  /// What kind of value this is, for messages: "a list", "a mapping", "text".
  public var kindName: String {
    switch self {
    case .scalar: return isNull ? "nothing" : "a line of text"
    case .sequence: return "a list"
    case .mapping: return "a set of fields"
    }
  }
}

/// A problem that stops a file from being read as YAML at all.
public struct YAMLSyntaxError: Error, Equatable, Sendable {
  public var mark: Mark
  public var message: String
}

/// Reads YAML text with libyaml's event parser into a `YAMLNode` tree.
public enum YAMLReader {
  /// Limits that keep any input, however hostile, fast to reject.
  public static let maximumBytes = 1 << 20
  public static let maximumDepth = 64

  public static func parse(_ text: String) -> Result<YAMLNode, YAMLSyntaxError> {
    parse(bytes: Array(text.utf8))
  }

  public static func parse(bytes: [UInt8]) -> Result<YAMLNode, YAMLSyntaxError> {
    if bytes.count > maximumBytes {
      return .failure(YAMLSyntaxError(
        mark: Mark(line: 1, column: 1),
        message: "the file is \(bytes.count) bytes; a protocol file may be at most \(maximumBytes) bytes (1 MiB)"))
    }
    if let nul = bytes.firstIndex(of: 0) {
      return .failure(YAMLSyntaxError(
        mark: markOfOffset(nul, in: bytes),
        message: "the file contains a NUL byte: it is not a text file"))
    }
    return bytes.withUnsafeBufferPointer { buffer in
      var parser = yaml_parser_t()
      guard yaml_parser_initialize(&parser) != 0 else {
        return .failure(YAMLSyntaxError(mark: Mark(line: 1, column: 1), message: "the YAML parser could not start (out of memory)"))
      }
      defer { yaml_parser_delete(&parser) }
      yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
      var builder = TreeBuilder()
      while true {
        var event = yaml_event_t()
        guard yaml_parser_parse(&parser, &event) != 0 else {
          return .failure(syntaxError(parser, bytes))
        }
        defer { yaml_event_delete(&event) }
        let done = event.type == YAML_STREAM_END_EVENT
        if let error = builder.handle(&event) { return .failure(error) }
        if done { break }
      }
      guard let root = builder.root else {
        let hasText = bytes.contains { $0 != 32 && $0 != 10 && $0 != 13 && $0 != 9 }
        return .failure(YAMLSyntaxError(
          mark: Mark(line: 1, column: 1),
          message: hasText
            ? "the file has only comments and no protocol; it should start with 'format: csec-guide-protocol/1'"
            : "the file is empty; a protocol file starts with 'format: csec-guide-protocol/1'"))
      }
      return .success(root)
    }
  }

  private static func markOfOffset(_ offset: Int, in bytes: [UInt8]) -> Mark {
    var line = 1
    var column = 1
    for byte in bytes[..<offset] {
      if byte == 10 { line += 1; column = 1 } else if byte & 0xC0 != 0x80 { column += 1 }
    }
    return Mark(line: line, column: column)
  }

  /// Says what libyaml found, in plain words and at the place a person should look.
  private static func syntaxError(_ parser: yaml_parser_t, _ bytes: [UInt8]) -> YAMLSyntaxError {
    let problem = parser.problem.map { String(cString: $0) } ?? ""
    let at = Mark(line: Int(parser.problem_mark.line) + 1, column: Int(parser.problem_mark.column) + 1)
    let context = Mark(line: Int(parser.context_mark.line) + 1, column: Int(parser.context_mark.column) + 1)
    func error(_ mark: Mark, _ message: String) -> YAMLSyntaxError { YAMLSyntaxError(mark: mark, message: message) }

    if parser.error == YAML_READER_ERROR {
      var offset = min(Int(parser.problem_offset), bytes.count)
      if problem.contains("trailing"), offset > 0 {
        // libyaml points at the bad continuation byte; the person should look at the character
        // it belongs to, which starts at the leading byte before it.
        offset -= 1
        while offset > 0, bytes[offset] & 0xC0 == 0x80 { offset -= 1 }
      }
      let mark = markOfOffset(offset, in: bytes)
      if problem.contains("control characters") {
        return error(mark, "the file contains a control character, which is not allowed in text; delete it")
      }
      return error(mark, "this character is not valid UTF-8 text (the file was probably saved in another encoding, such as Latin-1 or Windows-1252); save the file as UTF-8")
    }
    if problem.contains("tab") || byte(at: at, in: bytes) == 9 {
      return error(at, "a tab is used here, but YAML allows only spaces for indentation; replace the tab with spaces")
    }
    let searchFrom = parser.context == nil ? max(1, at.line - 40) : min(context.line, at.line)
    if let quote = unclosedQuote(in: bytes, lines: searchFrom...at.line) {
      return error(quote, "a text that starts with '\"' here is never closed; add the closing '\"' at the end of the text")
    }
    if problem.contains("expected ',' or ']'") {
      return error(context, "the list that starts with '[' here is never closed; add ']' where it should end")
    }
    if problem.contains("expected ',' or '}'") {
      return error(context, "the set of fields that starts with '{' here is never closed; add '}' where it should end")
    }
    if problem.contains("did not find expected '-' indicator") || problem.contains("did not find expected key") {
      return error(at, "this line is not indented like the lines around it: the list or set of fields it belongs to starts at column \(context.column) (line \(context.line)); line it up with the entries above it")
    }
    if problem.contains("mapping values are not allowed") {
      return error(at, "a ': ' appears inside a value; if the text contains ': ', put the whole text in double quotes")
    }
    if problem.contains("could not find expected ':'") {
      return error(context, "a field name must be followed by ': ' and its value; check this line")
    }
    if problem.contains("block sequence entries are not allowed") {
      return error(at, "a '- ' list entry appears where a value was expected; check the indentation of this line")
    }
    if problem.contains("found character that cannot start any token") || problem.contains("undefined tag") {
      let ch = character(at: at, in: bytes).map { "the character '\($0)'" } ?? "this character"
      return error(at, "\(ch) cannot start a value; put the whole text in double quotes")
    }
    if problem.contains("end of stream") {
      return error(at, "the file ends before a quoted text or a bracket is closed")
    }
    return error(at, "the text is not valid YAML here (\(problem)); check this line and the one above it")
  }

  private static func lineStarts(_ bytes: [UInt8]) -> [Int] {
    var starts = [0]
    for (i, b) in bytes.enumerated() where b == 10 { starts.append(i + 1) }
    return starts
  }

  /// The line's text, for the character-level checks below.
  private static func line(_ number: Int, in bytes: [UInt8], starts: [Int]) -> [Character]? {
    guard number >= 1, number - 1 < starts.count else { return nil }
    let end = number < starts.count ? starts[number] : bytes.count
    return Array(String(decoding: bytes[starts[number - 1]..<end], as: UTF8.self))
  }

  private static func character(at mark: Mark, in bytes: [UInt8]) -> Character? {
    guard let chars = line(mark.line, in: bytes, starts: lineStarts(bytes)) else { return nil }
    return mark.column - 1 < chars.count ? chars[mark.column - 1] : nil
  }

  private static func byte(at mark: Mark, in bytes: [UInt8]) -> UInt8? {
    character(at: mark, in: bytes).flatMap { $0.asciiValue }
  }

  /// The first double quote that opens a value (after ': ', '- ', '[', '{' or ',') and is not
  /// closed on its line: the usual cause of an error reported many lines further on.
  private static func unclosedQuote(in bytes: [UInt8], lines: ClosedRange<Int>) -> Mark? {
    let starts = lineStarts(bytes)
    let openers: Set<Character> = [":", "-", "[", "{", ","]
    for number in lines {
      guard let chars = line(number, in: bytes, starts: starts) else { break }
      var i = 0
      var lastNonSpace: Character = ":"  // a value may start the line (after '- ' or in a block)
      while i < chars.count {
        let c = chars[i]
        if c == "#", i == 0 || chars[i - 1] == " " { break }
        if c == "'" || c == "\"", openers.contains(lastNonSpace) {
          var j = i + 1
          var closed = false
          while j < chars.count {
            if c == "\"" && chars[j] == "\\" { j += 2; continue }
            if chars[j] == c {
              if c == "'" && j + 1 < chars.count && chars[j + 1] == "'" { j += 2; continue }
              closed = true
              break
            }
            j += 1
          }
          if !closed {
            if c == "\"" { return Mark(line: number, column: i + 1) }
            break
          }
          i = j + 1
          lastNonSpace = c
          continue
        }
        if c != " " { lastNonSpace = c }
        i += 1
      }
    }
    return nil
  }

  /// Turns libyaml's event stream into nodes, with an explicit stack (no recursion, so depth
  /// costs no native stack) and a depth limit.
  private struct TreeBuilder {
    /// A list or mapping still being read. Mutated in place (`frames[last]`) so appending stays
    /// linear however long the list.
    struct Frame {
      var isMapping: Bool
      var mark: Mark
      var items: [YAMLNode] = []
      var entries: [(key: String, keyMark: Mark, value: YAMLNode)] = []
      /// The keys by name, built only once a mapping has many: a field name is looked up among
      /// the few before it (most mappings have fewer than ten) without hashing it.
      var seen: [String: Mark]?
      var pendingKey: (String, Mark)?

      static let keysSearchedInOrder = 16

      /// Where `key` first stood in this mapping, if it did.
      func firstMark(of key: String) -> Mark? {
        if let seen { return seen[key] }
        for entry in entries where entry.key == key { return entry.keyMark }
        return nil
      }

      /// Notes a new key (not seen before): its value is read next.
      mutating func open(key: String, at mark: Mark) {
        if seen != nil {
          seen![key] = mark
        } else if entries.count >= Frame.keysSearchedInOrder {
          var byName = [String: Mark](minimumCapacity: entries.count * 2)
          for entry in entries { byName[entry.key] = entry.keyMark }
          byName[key] = mark
          seen = byName
        }
        pendingKey = (key, mark)
      }
    }
    var frames: [Frame] = []
    var root: YAMLNode?
    var documents = 0

    mutating func handle(_ event: inout yaml_event_t) -> YAMLSyntaxError? {
      let mark = Mark(line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1)
      switch event.type {
      case YAML_DOCUMENT_START_EVENT:
        documents += 1
        if documents > 1 {
          return YAMLSyntaxError(mark: mark, message: "a protocol file holds one YAML document: remove the '---' on this line and everything after it, or put that part in its own file")
        }
      case YAML_ALIAS_EVENT:
        return YAMLSyntaxError(mark: mark, message: "aliases ('*name') are not allowed in protocol files; write the value out in full")
      case YAML_SCALAR_EVENT:
        let scalar = event.data.scalar
        if scalar.anchor != nil { return anchorError(mark) }
        if scalar.tag != nil { return tagError(mark) }
        let text = scalar.value.map {
          String(decoding: UnsafeBufferPointer(start: $0, count: scalar.length), as: UTF8.self)
        } ?? ""
        return add(.scalar(text, plain: scalar.style == YAML_PLAIN_SCALAR_STYLE, mark), at: mark)
      case YAML_SEQUENCE_START_EVENT:
        if event.data.sequence_start.anchor != nil { return anchorError(mark) }
        if event.data.sequence_start.tag != nil { return tagError(mark) }
        return open(isMapping: false, at: mark)
      case YAML_MAPPING_START_EVENT:
        if event.data.mapping_start.anchor != nil { return anchorError(mark) }
        if event.data.mapping_start.tag != nil { return tagError(mark) }
        return open(isMapping: true, at: mark)
      case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
        guard let frame = frames.popLast() else { return nil }
        let node: YAMLNode =
          frame.isMapping ? .mapping(frame.entries, frame.mark) : .sequence(frame.items, frame.mark)
        return add(node, at: frame.mark)
      default:
        break
      }
      return nil
    }

    mutating func open(isMapping: Bool, at mark: Mark) -> YAMLSyntaxError? {
      if let top = frames.last, top.isMapping, top.pendingKey == nil {
        let kind = isMapping ? "a set of fields" : "a list"
        return YAMLSyntaxError(mark: mark, message: "\(kind) cannot be used as a field name; field names are plain words like 'title'")
      }
      guard frames.count < YAMLReader.maximumDepth else { return depthError(mark) }
      frames.append(Frame(isMapping: isMapping, mark: mark))
      return nil
    }

    mutating func add(_ node: YAMLNode, at mark: Mark) -> YAMLSyntaxError? {
      guard !frames.isEmpty else {
        root = node
        return nil
      }
      let last = frames.count - 1
      guard frames[last].isMapping else {
        frames[last].items.append(node)
        return nil
      }
      if let (key, keyMark) = frames[last].pendingKey {
        frames[last].entries.append((key, keyMark, node))
        frames[last].pendingKey = nil
        return nil
      }
      guard case .scalar(let key, _, _) = node else {
        return YAMLSyntaxError(mark: mark, message: "field names must be plain words like 'title'")
      }
      if let first = frames[last].firstMark(of: key) {
        return YAMLSyntaxError(mark: mark, message: "the field '\(key)' appears twice in the same place (first at line \(first.line)); keep one")
      }
      frames[last].open(key: key, at: mark)
      return nil
    }

    func anchorError(_ mark: Mark) -> YAMLSyntaxError {
      YAMLSyntaxError(mark: mark, message: "anchors ('&name') are not allowed in protocol files; write each value out in full")
    }
    func tagError(_ mark: Mark) -> YAMLSyntaxError {
      YAMLSyntaxError(mark: mark, message: "tags ('!name') are not allowed in protocol files; if this is text starting with '!', put it in double quotes")
    }
    func depthError(_ mark: Mark) -> YAMLSyntaxError {
      YAMLSyntaxError(mark: mark, message: "the file nests lists and fields more than \(YAMLReader.maximumDepth) levels deep; a protocol needs far fewer")
    }
  }
}
