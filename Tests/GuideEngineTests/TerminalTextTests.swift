import Foundation  // tests only: JSONSerialization reads the JSON back
import GuideEngine
import Testing

/// The one output boundary (TerminalText): each kind of character a terminal obeys or hides,
/// through the sanitiser itself and through every renderer built on it.
@Suite struct TerminalTextTests {
  /// One of each kind: C0 (ESC, BEL, CR, NUL), DEL, C1 (8-bit CSI, OSC, NEL), bidirectional
  /// (override, isolate, marks, Arabic letter mark), zero-width (space, joiner, word joiner, BOM).
  static let hostile: [Unicode.Scalar] = [
    "\u{1B}", "\u{07}", "\u{0D}", "\u{00}", "\u{08}", "\u{7F}", "\u{9B}", "\u{9D}", "\u{85}", "\u{80}", "\u{9F}",
    "\u{202A}", "\u{202E}", "\u{2066}", "\u{2069}", "\u{200E}", "\u{200F}", "\u{061C}",
    "\u{200B}", "\u{200C}", "\u{200D}", "\u{2060}", "\u{FEFF}",
  ]
  /// An OSC 52 clipboard write, an OSC 0 retitle and a CSI 2J clear, as a hostile file holds them.
  static let attack = "Title\u{1B}]52;c;aGVsbG8=\u{07}\u{1B}]0;pwned\u{07}\u{1B}[2J\u{202E}gnp.exe\u{200B}end"

  static func hasUnsafe(_ text: String) -> Bool { text.unicodeScalars.contains(where: TerminalText.isUnsafe) }

  @Test(arguments: hostile)
  func eachKindIsShownAsAVisibleEscape(_ scalar: Unicode.Scalar) {
    let text = "a" + String(Character(scalar)) + "b"
    let safe = TerminalText.safe(text)
    #expect(!Self.hasUnsafe(safe))
    let hex = String(scalar.value, radix: 16, uppercase: true)
    #expect(safe == "a\\u{\(hex)}b")
    #expect(TerminalText.kind(of: scalar) != nil)
  }

  @Test func lineFeedsTabsAndOrdinaryTextAreKept() {
    let text = "Line one\n\tcafé — 中文 עברית 👩‍⚕️?"
    // The emoji's zero-width joiner is an invisible character under the rule.
    #expect(TerminalText.safe("Line one\n\tcafé — 中文 עברית") == "Line one\n\tcafé — 中文 עברית")
    #expect(TerminalText.safe(text).contains("\\u{200D}"))
    #expect(TerminalText.safeLine("a\nb\tc") == "a\\u{A}b\\u{9}c")
  }

  @Test func theEscapeIsIdempotent() {
    let once = TerminalText.safe(Self.attack)
    #expect(TerminalText.safe(once) == once)
    #expect(once == "Title\\u{1B}]52;c;aGVsbG8=\\u{7}\\u{1B}]0;pwned\\u{7}\\u{1B}[2J\\u{202E}gnp.exe\\u{200B}end")
  }

  @Test func typedTextKeepsOnlyPrintableCharactersLineFeedsAndTabs() {
    for scalar in Self.hostile where scalar != "\u{0D}" {
      let (text, removed) = TerminalText.typed("a" + String(Character(scalar)) + "b")
      #expect(text == "ab", "U+\(String(scalar.value, radix: 16))")
      #expect(removed)
    }
    #expect(TerminalText.typed("one\r\ntwo\rthree\tfour") == ("one\ntwo\nthree\tfour", false))
    #expect(TerminalText.typed("plain café") == ("plain café", false))
  }

  @Test func jsonEscapesEveryKindAndReadsBackTheSame() throws {
    let text = String(String.UnicodeScalarView(Self.hostile)) + "\u{2028}\u{2029}ok"
    let json = JSONValue.object([("title", .string(text))]).rendered()
    #expect(!Self.hasUnsafe(json.replacingOccurrences(of: "\n", with: "")))
    #expect(!json.unicodeScalars.contains { $0.value == 0x2028 || $0.value == 0x2029 })
    #expect(json.contains("\\u202e") && json.contains("\\u200b") && json.contains("\\u001b") && json.contains("\\u009b"))
    let back = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: String])
    #expect(back["title"] == text)
  }

  /// A protocol whose every text holds the attack: what `protocol show` prints, and a case's
  /// summary in text and Markdown (the exported files), carry none of it raw.
  @Test func protocolDescriptionsAndSummariesPassTheBoundary() throws {
    var guide = try Fixtures.guide("san-mateo")
    guide.title = Self.attack
    guide.jurisdiction = Self.attack
    for i in guide.contacts.indices { guide.contacts[i].name = Self.attack }
    for p in guide.pathways.indices {
      guide.pathways[p].title = Self.attack
      for s in guide.pathways[p].steps.indices { guide.pathways[p].steps[s].title = Self.attack }
    }
    let description = guide.describedAsText(width: 80)
    #expect(!Self.hasUnsafe(description))
    #expect(description.contains("\\u{1B}]52;c;"))

    var d = try CaseDriver(guide)
    try d.send(.referenceSet("ref\u{1B}[2J\u{9B}1m"))
    try d.send(.situationChosen(.suspectedVictim))
    let step = try #require(d.activePathway?.steps.first)
    try d.send(.stepDone(step: step.id, note: "note \(Self.attack)\u{85}\u{2066}", reference: nil))
    let summary = CaseSummary(guide: guide, state: d.state)
    for format in [SummaryFormat.text, .markdown] {
      let text = summary.rendered(format)
      #expect(!Self.hasUnsafe(text), "\(format)")
      #expect(text.contains("\\u{1B}"), "\(format): the tampering is shown, not hidden")
    }
    let json = summary.rendered(.json)
    #expect(!Self.hasUnsafe(json.replacingOccurrences(of: "\n", with: "")))
  }
}
