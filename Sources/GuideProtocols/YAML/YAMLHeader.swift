import CYAML
import GuideEngine

extension YAMLReader {
  /// The plain text values of some top-level fields of a mapping document, read with libyaml's
  /// event parser only as far as the last of them: no tree is built and the rest of the file is
  /// not parsed. Nil when the text is not a mapping, a field is missing or not a line of text,
  /// or the YAML is broken before they were all found (callers then decode the whole file,
  /// which reports the problem).
  public static func topLevelText(_ text: String, fields: Set<String>) -> [String: String]? {
    var text = text
    return text.withUTF8 { utf8 in
      guard utf8.count <= maximumBytes else { return nil }
      // libyaml decodes its input 16 KiB at a time, so a header is found faster in a prefix.
      // The prefix ends before a line that starts with a letter, which can only be a new
      // top-level field, so no value is cut short; if the fields are not all in it, the
      // whole text is read.
      var cut = min(utf8.count, 2048)
      while cut < utf8.count, !(utf8[cut - 1] == 10 && isLetter(utf8[cut])) { cut += 1 }
      if cut < utf8.count, let found = topLevelText(UnsafeBufferPointer(rebasing: utf8[..<cut]), fields: fields) {
        return found
      }
      return topLevelText(utf8, fields: fields)
    }
  }

  private static func isLetter(_ byte: UInt8) -> Bool { (65...90).contains(byte) || (97...122).contains(byte) }

  private static func topLevelText(_ buffer: UnsafeBufferPointer<UInt8>, fields: Set<String>) -> [String: String]? {
    var parser = yaml_parser_t()
    guard yaml_parser_initialize(&parser) != 0 else { return nil }
    defer { yaml_parser_delete(&parser) }
    yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
    var found: [String: String] = [:]
    var depth = 0  // 1 inside the top-level mapping
    var key: String?  // a top-level key whose value comes next
    while found.count < fields.count {
      var event = yaml_event_t()
      guard yaml_parser_parse(&parser, &event) != 0 else { return nil }
      defer { yaml_event_delete(&event) }
      switch event.type {
      case YAML_MAPPING_START_EVENT, YAML_SEQUENCE_START_EVENT:
        if depth == 0, event.type != YAML_MAPPING_START_EVENT { return nil }
        if depth == 1, let k = key, fields.contains(k) { return nil }  // not a line of text
        if depth == 1 { key = nil }
        depth += 1
      case YAML_MAPPING_END_EVENT, YAML_SEQUENCE_END_EVENT:
        depth -= 1
        if depth == 0 { return nil }  // the mapping ended without them all
      case YAML_SCALAR_EVENT:
        guard depth == 1 else { continue }
        let scalar = event.data.scalar
        if scalar.anchor != nil || scalar.tag != nil { return nil }
        let value = scalar.value.map {
          String(decoding: UnsafeBufferPointer(start: $0, count: scalar.length), as: UTF8.self)
        } ?? ""
        if let k = key {
          if fields.contains(k) {
            guard found[k] == nil, let text = trimmedOrNil(value) else { return nil }
            found[k] = text
          }
          key = nil
        } else {
          key = value
        }
      case YAML_ALIAS_EVENT, YAML_STREAM_END_EVENT:
        return nil
      default:
        break
      }
    }
    return found
  }
}
