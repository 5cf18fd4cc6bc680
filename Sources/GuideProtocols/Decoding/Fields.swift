import GuideEngine

/// Reads the fields of one YAML mapping, reporting every problem with its place: a missing
/// required field, an unknown (probably misspelled) one, or a value of the wrong kind.
struct Fields {
  /// The allowed fields present, by name. A mapping has at most one of each (YAMLReader refuses
  /// a field written twice) and only allowed ones are kept, so a lookup searches at most
  /// `allowed.count` names in order: cheaper than hashing the name (docs/performance.md).
  struct Entries {
    fileprivate var list: [(key: String, keyMark: Mark, value: YAMLNode)] = []
    subscript(key: String) -> (keyMark: Mark, value: YAMLNode)? {
      for entry in list where entry.key == key { return (entry.keyMark, entry.value) }
      return nil
    }
  }

  let entries: Entries
  let mark: Mark
  /// The thing being read, for messages: "the protocol", "step 'call-cps' of pathway 'at-risk'".
  let what: String
  let problems: Problems
  /// Fields a misspelled key was taken for: their absence is not reported a second time.
  let suggested: Set<String>

  /// Nil (with the problem reported) when `node` is not a mapping.
  init?(_ node: YAMLNode, what: String, allowed: [String], problems: Problems) {
    guard case .mapping(let list, let mark) = node else {
      problems.add(node.mark, "\(what) should be a set of fields ('name: value' lines), but it is \(node.kindName)")
      return nil
    }
    var entries = Entries()
    var suggested = Set<String>()
    for entry in list {
      if allowed.contains(entry.key) {
        entries.list.append(entry)
      } else if let guess = didYouMean(entry.key, among: allowed) {
        suggested.formUnion(suggestions(for: entry.key, among: allowed))
        problems.add(entry.keyMark, "unknown field '\(entry.key)' in \(what); \(guess)")
      } else {
        problems.add(entry.keyMark, "unknown field '\(entry.key)' in \(what); the fields allowed here are: \(allowed.joined(separator: ", "))")
      }
    }
    self.entries = entries
    self.suggested = suggested
    self.mark = mark
    self.what = what
    self.problems = problems
  }

  func has(_ key: String) -> Bool { entries[key] != nil }

  /// The value node, or nil (reported when required) when the field is missing or empty.
  func node(_ key: String, required: Bool) -> YAMLNode? {
    guard let entry = entries[key] else {
      if required, !suggested.contains(key) { problems.add(mark, "\(what) has no '\(key)'; add it") }
      return nil
    }
    if entry.value.isNull {
      problems.add(entry.value.mark, "'\(key)' in \(what) is empty; \(required ? "fill it in" : "fill it in or remove the line")")
      return nil
    }
    return entry.value
  }

  /// A text field, trimmed.
  func text(_ key: String, required: Bool = true) -> String? {
    guard let node = node(key, required: required) else { return nil }
    guard case .scalar(let raw, _, let m) = node else {
      problems.add(node.mark, "'\(key)' in \(what) should be text, but it is \(node.kindName)")
      return nil
    }
    guard let text = trimmedOrNil(raw) else {
      problems.add(m, "'\(key)' in \(what) is empty; \(required ? "fill it in" : "fill it in or remove the line")")
      return nil
    }
    return text
  }

  /// An id: lowercase letters, digits and dashes, starting with a letter.
  func id(_ key: String = "id") -> (String, Mark)? {
    guard let node = node(key, required: true), let value = text(key) else { return nil }
    guard Fields.isID(value) else {
      problems.add(node.mark, "'\(value)' is not a valid \(key) in \(what): use lowercase letters, digits and dashes, starting with a letter (like 'call-cps')")
      return nil
    }
    return (value, node.mark)
  }

  static func isID(_ text: String) -> Bool {
    guard let first = text.unicodeScalars.first, ("a"..."z").contains(first), text.count <= 64 else {
      return false
    }
    return text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
  }

  func bool(_ key: String) -> Bool? {
    guard let node = node(key, required: false) else { return nil }
    if case .scalar(let text, true, _) = node {
      switch text {
      case "true", "True", "TRUE": return true
      case "false", "False", "FALSE": return false
      default: break
      }
    }
    problems.add(node.mark, "'\(key)' in \(what) should be true or false")
    return nil
  }

  func int(_ key: String) -> Int? {
    guard let node = node(key, required: false) else { return nil }
    if case .scalar(let text, true, _) = node, let value = Int(text) { return value }
    problems.add(node.mark, "'\(key)' in \(what) should be a whole number, like 2")
    return nil
  }

  /// A list field. An empty list is returned as empty (callers decide whether that is allowed).
  func list(_ key: String, required: Bool) -> (items: [YAMLNode], mark: Mark)? {
    guard let entry = entries[key] else {
      if required, !suggested.contains(key) { problems.add(mark, "\(what) has no '\(key)'; add it") }
      return nil
    }
    if case .sequence(let items, let m) = entry.value { return (items, m) }
    if entry.value.isNull { return ([], entry.value.mark) }
    problems.add(entry.value.mark, "'\(key)' in \(what) should be a list (lines starting with '- '), but it is \(entry.value.kindName)")
    return nil
  }

  /// A list of situation words, like `[suspected-recruitment, suspected-victim]`.
  func situations(_ key: String) -> [Situation]? {
    guard let (items, _) = list(key, required: false) else { return nil }
    var result: [Situation] = []
    for item in items {
      guard case .scalar(let text, _, let m) = item else {
        problems.add(item.mark, "each entry of '\(key)' in \(what) should be one of: \(Situation.vocabulary)")
        continue
      }
      if let situation = Fields.situation(text, at: m, field: key, what: what, problems: problems) {
        if result.contains(situation) {
          problems.add(m, "'\(text)' is listed twice in '\(key)' of \(what)")
        } else {
          result.append(situation)
        }
      }
    }
    return result
  }

  static func situation(_ text: String, at mark: Mark, field: String, what: String, problems: Problems) -> Situation? {
    if let s = Situation(rawValue: text) { return s }
    var message = "'\(text)' in '\(field)' of \(what) is not a situation this program knows; use one of: \(Situation.vocabulary)"
    if let guess = didYouMean(text, among: Situation.allCases.map(\.rawValue)) {
      message = "'\(text)' in '\(field)' of \(what) is not a situation this program knows; \(guess) (the four are: \(Situation.vocabulary))"
    }
    problems.add(mark, message)
    return nil
  }

  /// A document entry's fields besides its id (read by the caller, which checks it is unique):
  /// title and publisher, and an optional date, file and note. Every field is read, so every
  /// problem is reported, even when `id` is nil.
  func sourceDocument(id: String?) -> SourceDocument? {
    let title = text("title")
    let publisher = text("publisher")
    let date = text("date", required: false)
    let file = text("file", required: false)
    let note = text("note", required: false)
    guard let id, let title, let publisher else { return nil }
    return SourceDocument(id: id, title: title, publisher: publisher, date: date, file: file, note: note)
  }

  /// A `source: {document: ..., location: ...}` reference; the document id is checked later.
  func source(required: Bool = true) -> (SourceRef, Mark)? {
    guard let node = node("source", required: required) else { return nil }
    guard let fields = Fields(node, what: "the source of \(what)", allowed: ["document", "location"], problems: problems),
      let document = fields.text("document"), let location = fields.text("location")
    else { return nil }
    return (SourceRef(document: document, location: location), fields.entries["document"]?.value.mark ?? node.mark)
  }
}
