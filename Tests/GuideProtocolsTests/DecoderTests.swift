import GuideEngine
@testable import GuideProtocols
import Testing

@Suite struct YAMLReaderTests {
  @Test func keepsLinesAndColumns() throws {
    let node = try YAMLReader.parse("a: 1\nlist:\n  - x\n  - {k: v}\n").get()
    guard case .mapping(let entries, let mark) = node else {
      Issue.record("not a mapping")
      return
    }
    #expect(mark == Mark(line: 1, column: 1))
    #expect(entries.map(\.key) == ["a", "list"])
    #expect(entries[1].keyMark == Mark(line: 2, column: 1))
    guard case .sequence(let items, _) = entries[1].value else {
      Issue.record("not a list")
      return
    }
    #expect(items.map(\.mark) == [Mark(line: 3, column: 5), Mark(line: 4, column: 5)])
  }

  /// A field written twice is refused at its second place, naming the first, in a mapping of a
  /// few fields and in one of many (whose names are then looked up by hash, not in order),
  /// whichever field it repeats.
  @Test(arguments: [3, 15, 16, 17, 40])
  func aFieldWrittenTwiceIsRefusedInAMappingOfAnySize(_ count: Int) {
    for repeated in Set([0, count / 2, count - 1]) {
      var lines = (0..<count).map { "f\($0): \($0)" }
      lines.append("f\(repeated): again")
      guard case .failure(let error) = YAMLReader.parse(lines.joined(separator: "\n") + "\n") else {
        Issue.record("\(count) fields, f\(repeated) repeated: accepted")
        continue
      }
      #expect(error == YAMLSyntaxError(
        mark: Mark(line: count + 1, column: 1),
        message: "the field 'f\(repeated)' appears twice in the same place (first at line \(repeated + 1)); keep one"),
        "\(count) fields, f\(repeated) repeated")
    }
    var distinct = (0..<count).map { "f\($0): \($0)" }
    distinct.append("  # f0 in a comment")
    guard case .success(.mapping(let entries, _)) = YAMLReader.parse(distinct.joined(separator: "\n") + "\n") else {
      Issue.record("\(count) distinct fields were refused")
      return
    }
    #expect(entries.map(\.key) == (0..<count).map { "f\($0)" })
  }

  @Test func quotedTextIsNeverNull() throws {
    guard case .mapping(let entries, _) = try YAMLReader.parse("a: ''\nb: ~\nc: \"null\"\n").get() else {
      Issue.record("not a mapping")
      return
    }
    #expect(entries.map(\.value.isNull) == [false, true, false])
  }
}

@Suite struct DecoderTests {
  /// A small valid protocol, edited by the tests below.
  static let base = """
    format: csec-guide-protocol/1
    id: test-district
    title: Test protocol
    jurisdiction: Test County
    documents:
      - {id: doc, title: The document, publisher: Test Office}
    contacts:
      - {id: cps, name: County CPS, phone: 800-555-0100, when: To report, source: {document: doc, location: p1}}
    pathways:
      - id: at-risk
        title: At risk
        source: {document: doc, location: p1}
        steps:
          - {id: report, title: Report, detail: Report to CPS., contact: cps, source: {document: doc, location: p1}}
    not-covered:
      - {situation: suspected-recruitment, explanation: Not in this protocol.}
      - {situation: suspected-victim, explanation: Not in this protocol.}
      - {situation: confirmed-victim, closest: at-risk, explanation: Not in this protocol.}

    """

  @Test func theBaseIsValid() throws {
    let outcome = ProtocolDecoder.decode(Self.base, file: "t.yaml")
    #expect(outcome.diagnostics.isEmpty, "\(outcome.diagnostics)")
    let guide = try #require(outcome.guide)
    #expect(guide.contacts.first?.phone == "800-555-0100")
    #expect(guide.pathways.first?.steps.first?.contact == "cps")
  }

  /// The base with a mandated report of two fields, the second written as `multiline`.
  static func withReport(multiline: String) -> String {
    base + """
      mandated-report:
        law: The reporting law.
        phone-report: Call at once.
        source: {document: doc, location: p2}
        fields:
          - {id: name, label: Name, needed: if-known, source: {document: doc, location: p2}}
          - {id: basis, label: What was seen, needed: always, multiline: \(multiline), source: {document: doc, location: p2}}

      """
  }

  @Test func aReportFieldCanBeMultiline() throws {
    let guide = try #require(ProtocolDecoder.decode(Self.withReport(multiline: "true"), file: "t.yaml").guide)
    #expect(guide.mandatedReport?.fields.map(\.multiline) == [false, true])
    #expect(guide.json.rendered().contains("\"multiline\": true"))
    let notBoolean = ProtocolDecoder.decode(Self.withReport(multiline: "several"), file: "t.yaml")
    #expect(notBoolean.guide == nil)
    #expect(notBoolean.diagnostics.map(\.message).contains { $0.contains("'multiline'") && $0.contains("true or false") })
  }

  @Test func everyProblemIsReportedAtOnceInFileOrder() {
    let broken = Self.base
      .replacingOccurrences(of: "title: Test protocol", with: "titel: Test protocol")
      .replacingOccurrences(of: "contact: cps,", with: "contact: hotline,")
      .replacingOccurrences(of: "id: at-risk", with: "id: at-risky")
    let outcome = ProtocolDecoder.decode(broken, file: "t.yaml")
    #expect(outcome.guide == nil)
    #expect(outcome.diagnostics.map(\.description) == [
      "t.yaml:3:1: unknown field 'titel' in the protocol; did you mean 'title'?",
      "t.yaml:10:9: 'at-risky' in 'id' of pathway 1 of 'pathways' is not a situation this program knows; did you mean 'at-risk'? (the four are: at-risk, suspected-recruitment, suspected-victim, confirmed-victim)",
      "t.yaml:14:70: step 'report' of pathway 1 of 'pathways' names the contact 'hotline', but no contact has that id (contacts are: cps)",
    ])
  }
}

/// Thousands of mutated protocol files: none may crash or hang the decoder, and every rejected
/// file gets at least one located message.
@Suite struct DecoderFuzzTests {
  static let fragments: [String] = [
    ":", "- ", "  ", "\t", "\n", "{", "}", "[", "]", "&a ", "*a", "!x ", "'", "\"", "#", "|", ">-", "---\n",
    "? ", "%YAML 1.1\n", "~", "null", "true", "-1", "99999999999999999999", "id: x\n", "é", "中", "\u{FEFF}",
  ]

  @Test func mutatedFilesNeverCrashTheDecoder() throws {
    var rng = FuzzRNG(seed: 2025)
    let originals = BuiltinProtocols.files.map { Array($0.text.utf8) } + [Array(DecoderTests.base.utf8)]
    var rejected = 0
    for iteration in 0..<3000 {
      var bytes = originals[iteration % originals.count]
      for _ in 0..<(1 + rng.next() % 4) {
        guard !bytes.isEmpty else { break }
        let at = Int(rng.next() % UInt64(bytes.count))
        switch rng.next() % 6 {
        case 0: bytes[at] ^= UInt8(truncatingIfNeeded: 1 << (rng.next() % 8))  // flip a bit
        case 1: bytes.removeSubrange(at..<min(bytes.count, at + Int(rng.next() % 40)))  // delete a run
        case 2: bytes.insert(contentsOf: Array(Self.fragments[Int(rng.next() % UInt64(Self.fragments.count))].utf8), at: at)
        case 3: bytes = Array(bytes[..<at])  // truncate
        case 4:  // duplicate a run of lines
          let end = min(bytes.count, at + Int(rng.next() % 300))
          bytes.insert(contentsOf: bytes[at..<end], at: end)
        default: bytes[at] = UInt8(truncatingIfNeeded: rng.next())  // any byte
        }
      }
      let outcome = ProtocolDecoder.decode(bytes: bytes, file: "fuzz.yaml")
      if outcome.guide == nil {
        rejected += 1
        #expect(!outcome.diagnostics.isEmpty, "iteration \(iteration): rejected without a message")
      }
      for diagnostic in outcome.diagnostics {
        #expect(diagnostic.mark.line >= 1 && diagnostic.mark.column >= 1)
        #expect(!diagnostic.message.isEmpty)
      }
    }
    #expect(rejected > 1000, "the mutations should break most files (\(rejected) rejected)")
  }

  @Test func hostileShapesAreRejectedQuickly() {
    let deep = String(repeating: "[", count: 100_000)
    #expect(ProtocolDecoder.decode(deep, file: "d.yaml").diagnostics.first?.message.contains("levels deep") == true)
    let wide = "a:\n" + (0..<50_000).map { "  k\($0): v\n" }.joined()
    #expect(ProtocolDecoder.decode(wide, file: "w.yaml").guide == nil)
    let big = String(repeating: "# comment line\n", count: 80_000)
    #expect(ProtocolDecoder.decode(big, file: "b.yaml").diagnostics.first?.message.contains("at most 1048576 bytes") == true)
  }
}

struct FuzzRNG {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    return state >> 33
  }
}
