import GuideEngine
import GuideProtocols
@testable import GuideTUI
import Testing

/// Nothing from a file, a name or a paste reaches the terminal raw: every string drawn passes
/// TerminalText where it enters the cell buffer, and a paste is only ever text.
@Suite struct OutputBoundaryTests {
  static let kinds: [Unicode.Scalar] = [
    "\u{1B}", "\u{07}", "\u{0D}", "\u{7F}", "\u{9B}", "\u{9D}", "\u{202E}", "\u{2066}", "\u{200F}", "\u{061C}",
    "\u{200B}", "\u{200D}", "\u{2060}", "\u{FEFF}",
  ]
  static let attack = "Evil\u{1B}]52;c;aGVsbG8=\u{07}\u{1B}]0;pwned\u{07}\u{1B}[2J\u{9B}1m\u{202E}gnp.exe\u{200B}"

  static func unsafeCells(_ buffer: CellBuffer) -> [String] {
    buffer.cells.map { String($0.character) }.filter { $0.unicodeScalars.contains(where: TerminalText.isUnsafe) }
  }

  @Test(arguments: kinds)
  func eachKindIsDrawnAsAVisibleEscape(_ scalar: Unicode.Scalar) {
    _ = localeReady
    var buffer = CellBuffer(width: 40, height: 2)
    buffer.put("a" + String(Character(scalar)) + "b", row: 0, column: 0)
    #expect(Self.unsafeCells(buffer).isEmpty)
    #expect(buffer.line(0) == "a\\u{\(String(scalar.value, radix: 16, uppercase: true))}b")
  }

  /// A district's protocol whose title and origin (a file name) hold an attack: the start
  /// screen shows it escaped, and no cell holds a control, bidirectional or zero-width character.
  @Test func aHostileProtocolIsDrawnEscaped() throws {
    _ = localeReady
    var guide = try #require(TUIFixtures.choices.first).guide
    guide.title = Self.attack
    guide.jurisdiction = Self.attack
    var d = Driver()
    d.app = AppState(protocols: [ProtocolChoice(guide: guide, origin: "/srv/p/\(Self.attack).yaml")] + TUIFixtures.choices)
    let frame = d.render(120, 30)
    #expect(Self.unsafeCells(frame).isEmpty)
    #expect(frame.lines.joined().contains("Evil\\u{1B}]52;c;"))
    d.press(.enter)
    let next = d.render(120, 30)
    #expect(Self.unsafeCells(next).isEmpty)
  }

  @Test func typedAndPastedTextKeepsOnlyPrintableCharacters() {
    var editor = TextEditor("", multiline: true)
    _ = editor.handle(.paste("one\u{1B}[2J\u{07}\u{9B}\u{200B}\u{FEFF}\u{202E}\r\ntwo\tthree"))
    // (A carriage return typed as a key is Enter.)
    for scalar in Self.kinds where scalar != "\u{0D}" { _ = editor.handle(.character(Character(scalar))) }
    // The controls go; the printable rest of a sequence ("[2J") is only text.
    #expect(editor.text == "one[2J\ntwo three")
    var line = TextEditor("", multiline: false)
    _ = line.handle(.paste("a\u{85}b\nc"))
    #expect(line.text == "ab c")
  }

  /// A BEL (Ctrl-G) or a `q` inside a paste is text: in a note it is dropped or typed, never a
  /// command; the form stays open and the rest of the paste is in the note.
  @Test func aPasteIsNeverACommand() throws {
    var d = Driver(protocolID: "orange-county")
    d.press(.character("1"), .enter, .character("a"))
    d.press(.paste("before\u{07}after q\n\u{1B}y"))
    guard case .form(let form)? = d.app.modal else {
      Issue.record("the paste closed the note form")
      return
    }
    #expect(form.fields.contains { $0.rawText == "beforeafter q\ny" })
    d.press(.control("d"))
    let session = try #require(d.app.session)
    let step = try #require(session.pathway?.steps.first)
    #expect(session.state.record(pathway: .atRisk, step: step.id).notes.first?.value == "beforeafter q\ny")
  }

  /// Outside a text field a paste is ignored: `q`, `y` and Enter in it do nothing.
  @Test func aPasteOutsideAFieldIsIgnored() {
    var d = Driver()
    let before = d.app
    d.press(.paste("q\ny\n"))
    #expect(d.effects.isEmpty)
    #expect(d.app.modal == before.modal)
    #expect(d.app.screen == before.screen)
    var walking = Driver(protocolID: "orange-county")
    walking.press(.character("1"), .enter)
    let screen = walking.app.screen
    walking.press(.paste("q\ny\nd\n"))
    #expect(walking.app.modal == nil)
    #expect(walking.app.screen == screen)
    #expect(!walking.effects.contains(.quit))
  }
}
