import GuideEngine
@testable import GuideTUI
import Testing

/// What the full screen does for every terminal: a window too small to show anything takes no
/// typing, and the lock screen tells a passer-by nothing.
@Suite struct TerminalCareTests {
  /// A case on step 1 with the "done" form open and a few letters typed in its note.
  static func formOpen() -> Driver {
    var d = Driver(protocolID: "san-mateo")
    d.press(.character("3"), .enter, .character("d"))
    d.type("Met")
    return d
  }

  static func noteText(_ app: AppState) -> String? {
    guard case .form(let form)? = app.modal else { return nil }
    return form.fields.first?.rawText
  }

  @Test func typingIntoAWindowTooSmallGoesNowhere() {
    var d = Self.formOpen()
    #expect(Self.noteText(d.app) == "Met")
    d.send(.resize(width: 50, height: 15))
    #expect(d.app.windowTooSmall)
    let hidden = d.app
    d.effects = []
    // Letters, Enter, Esc, Tab, the save key and a paste: none reach the hidden form.
    d.type(" with the student")
    d.press(.enter, .escape, .tab, .control("d"), .paste("pasted"), .character("q"), .character("?"))
    #expect(d.app == hidden, "a key changed the case or the form behind the too-small message")
    #expect(d.effects.isEmpty)
    d.send(.resize(width: 80, height: 24))
    #expect(!d.app.windowTooSmall)
    #expect(Self.noteText(d.app) == "Met")
  }

  @Test func aWindowTooSmallStillQuitsAndHides() {
    var d = Self.formOpen()
    d.send(.resize(width: 50, height: 15))
    d.press(.control("c"))
    // Something would be lost (the draft is off in these tests): the question is asked, and
    // shown on the too-small screen itself.
    #expect(d.app.modal == .confirmQuit)
    let small = d.render(50, 15).lines.joined(separator: " ").split(whereSeparator: \.isWhitespace).joined(separator: " ")
    #expect(small.contains("y quits"), "\(small)")
    d.press(.character("n"))
    #expect(Self.noteText(d.app) == "Met", "declining returns to the form")
    d.press(.control("c"), .character("y"))
    #expect(d.effects.last == .quit)

    var h = Self.formOpen()
    h.send(.resize(width: 50, height: 15))
    h.press(AppState.panicKey)
    #expect(h.app.lock != nil)
  }

  @Test func theLockScreenNamesNothing() {
    var d = Self.formOpen()
    d.press(AppState.panicKey)
    let text = d.render().lines.joined(separator: "\n")
    #expect(text.hasPrefix(" Locked"))
    for revealing in ["csec-guide", "CSEC", "San Mateo", "san-mateo", "case", "Met"] {
      #expect(!text.contains(revealing), "the lock screen shows '\(revealing)':\n\(text)")
    }
  }

  /// On an ASCII terminal (vt100, LANG=C) every footer key is shown whole at 80 columns: the
  /// footer used to be measured before "←→" was folded to "<-->", and its end was cut.
  @Test func theFooterIsWholeOnAnASCIITerminal() {
    var d = Driver(protocolID: "san-mateo")
    d.press(.character("3"), .enter)
    for screen in ["step", "report"] {
      if screen == "report" { d.press(.character("m")) }
      let frame = d.render(80, 24, charset: .ascii)
      let footer = frame.lines.suffix(3).joined(separator: " ")
      for word in KeyBindings.footer(d.app) {
        let folded = word.map(ASCIIText.fold).joined()
        #expect(footer.contains(folded), "\(screen): '\(folded)' is not whole in the footer:\n\(frame.lines.suffix(3).joined(separator: "\n"))")
      }
    }
  }
}
