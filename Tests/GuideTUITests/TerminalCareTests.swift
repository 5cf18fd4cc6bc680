import GuideEngine
@testable import GuideTUI
import Testing

/// What the full screen does for every terminal: a window too small to show anything takes no
/// typing, and the lock screen tells a passer-by nothing.
@Suite struct TerminalCareTests {
  /// A case on step 1 with the "done" form open and a few letters typed in its note.
  static func formOpen() -> Driver {
    var d = Driver(protocolID: "san-mateo")
    d.press(.character("3"), .enter, .control("d"), .character("d"))
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
    // Every message sets the clock the report panel counts from; nothing else may change.
    var expected = hidden
    expected.clock = d.app.clock
    #expect(d.app == expected, "a key changed the case or the form behind the too-small message")
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

  /// Ctrl-C in a form asks the quit question over the form, which stays in view (the screen
  /// behind it was shown, so the counselor lost sight of what was typed).
  @Test func theQuitQuestionIsAskedOverTheForm() {
    var d = Self.formOpen()
    d.press(.control("c"))
    #expect(d.app.modal == .confirmQuit)
    let text = d.screenText
    #expect(text.contains("Step 1 done:") && text.contains("Met"), "\(text)")
    #expect(text.contains("Quit now?"), "\(text)")
    d.press(.character("n"))
    guard case .form? = d.app.modal else {
      Issue.record("the form did not come back")
      return
    }
  }

  /// A letter the terminal sends that is not UTF-8 is not typed, the form says why (and keeps
  /// saying it while typing goes on), and the keys after it work.
  @Test func aLetterThatIsNotUTF8IsRefusedAndSaid() {
    var d = Self.formOpen()
    d.press(.notUTF8)
    d.type(" ok")
    #expect(Self.noteText(d.app) == "Met ok")
    #expect(d.screenText.split(whereSeparator: \.isWhitespace).joined(separator: " ").contains("A letter the terminal sent is not UTF-8, so it was not taken"), "\(d.screenText)")
    var screen = Driver(protocolID: "san-mateo")
    screen.press(.notUTF8)
    #expect(screen.app.status == AppState.notUTF8Message && screen.app.modal == nil)
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

  /// On an ASCII terminal (vt100, LANG=C) the footer is one line at 80 columns and what it shows
  /// is whole: it used to be measured before "←→" was folded to "<-->", and its end was cut.
  @Test func theFooterIsWholeOnAnASCIITerminal() {
    var d = Driver(protocolID: "san-mateo")
    d.press(.character("3"), .enter, .control("d"))  // the information received now
    for screen in ["step", "report"] {
      if screen == "report" { d.press(.character("m")) }
      let frame = d.render(80, 24, charset: .ascii)
      let footer = frame.lines[23]
      #expect(!frame.lines[22].contains("^G hide"), "\(screen): the footer takes two lines:\n\(frame.lines[22])")
      #expect(footer.hasSuffix("? all keys  q quit"), "\(screen): \(footer)")
      for word in KeyBindings.footerItems(d.app).filter({ $0.rank <= 1 }).map(\.text) where word != "? help" {
        let folded = word.map(ASCIIText.fold).joined()
        #expect(footer.contains(folded), "\(screen): '\(folded)' is not whole in the footer:\n\(footer)")
      }
    }
  }

  /// Typed notes wrap at spaces, measured in display cells: "boyfri" / "end" no more.
  @Test func typedTextWrapsAtSpacesInDisplayCells() throws {
    _ = localeReady  // display widths come from wcwidth, which needs the UTF-8 locale
    let words = "She said her boyfriend drives her to parties on weekends"
    let segments = Screens.fieldSegments(Array(words), width: 20).map { String(Array(words)[$0]) }
    #expect(segments == ["She said her ", "boyfriend drives ", "her to parties on ", "weekends"])
    // Wide characters take two cells: four of them fill eight.
    let wide = Screens.fieldSegments(Array("中文中文 ok"), width: 8).map { String(Array("中文中文 ok")[$0]) }
    #expect(wide == ["中文中文", " ok"])
    // A word longer than the line is cut only because it must be.
    #expect(Screens.fieldSegments(Array("abcdefghij"), width: 4).count == 3)

    var d = Driver(protocolID: "san-mateo")
    d.press(.character("3"), .enter, .control("d"), .character("d"))
    d.type(words + " and she is afraid of him")
    let frame = d.render(60, 18)
    // The note's lines on screen, from its first words to the blank line after the field.
    let start = try #require(frame.lines.firstIndex { $0.contains("She said") }, "\(frame.lines.joined(separator: "\n"))")
    let noteLines = frame.lines[start...].prefix { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
    #expect(noteLines.count >= 2, "the note should wrap at 60 columns")
    let typedWords = Set((words + " and she is afraid of him").split(separator: " ").map(String.init))
    for line in noteLines {
      for word in line.split(separator: " ") { #expect(typedWords.contains(String(word)), "'\(word)' is a cut word:\n\(noteLines.joined(separator: "\n"))") }
    }
  }

  /// Small things: the resume passphrase form opens (no "Save"); a saved report field moves the
  /// cursor on to the next row.
  @Test func buttonsSayWhatTheyDoAndTheReportListMovesOn() {
    var d = Driver(drafts: true)
    d.send(.draftsListed([DraftChoice(id: "abcd2345", protocolID: "san-mateo", reference: nil, opened: nil, updated: nil, problem: nil)], open: "abcd2345"))
    let text = d.render().lines.joined(separator: "\n")
    #expect(text.contains("[ Open ]") && !text.contains("[ Save ]"), "\(text)")

    var r = Driver(protocolID: "orange-county")
    r.press(.character("1"), .enter, .character("m"))
    #expect(r.app.reportScreen.index == 0)
    r.press(.enter)
    r.type("Ana Peña")
    r.press(.control("d"))
    #expect(r.app.modal == nil)
    #expect(r.app.reportScreen.index == 1, "the cursor stayed on the field just saved")
  }

  /// Help everywhere: F1 in a form (where "?" is typed) and "?" over the reference; closing the
  /// help goes back to what it was opened over, text and all.
  @Test func helpOpensFromFormsAndTheReferenceAndReturnsThere() {
    var d = Self.formOpen()
    d.type("?")
    #expect(Self.noteText(d.app) == "Met?", "? is typed in a form")
    d.press(.f1)
    #expect(d.app.modal == .help)
    let help = d.render().lines.joined(separator: " ").split(whereSeparator: \.isWhitespace).joined(separator: " ")
    #expect(help.contains("? or F1 (F1 also in a form"), "\(help)")
    d.press(.escape)
    #expect(Self.noteText(d.app) == "Met?", "closing the help returns to the form with its text")
    #expect(d.render().lines.last?.contains("F1 help") == true, "the form's footer names the help key")

    var r = Driver(protocolID: "san-mateo")
    r.press(.character("i"))
    guard case .reference? = r.app.modal else {
      Issue.record("no reference")
      return
    }
    r.press(.character("?"))
    #expect(r.app.modal == .help)
    r.press(.enter)
    guard case .reference? = r.app.modal else {
      Issue.record("closing the help did not return to the reference")
      return
    }
  }
}

/// What a walk through every terminal found (issue 15, second review): each checked here on the
/// update and render level; the terminal's own reading of bytes is checked in tmux (LocaleTests).
@Suite struct ReviewFindingsTests {
  /// Ctrl-C with text typed in a form asks first, even when the case has recorded nothing yet
  /// (the guide quit at once and the text was lost).
  @Test func ctrlCAsksWhenAFormHoldsTypedText() {
    var d = Driver(protocolID: "orange-county")
    d.press(.character("m"), .enter)
    d.type("Jos")
    d.press(.control("c"))
    #expect(!d.effects.contains(.quit), "quit at once")
    #expect(d.app.modal == .confirmQuit)
    #expect(d.screenText.split(whereSeparator: \.isWhitespace).joined(separator: " ").contains("What you typed in the form is lost."))
    // The same question in a window too small.
    d.send(.resize(width: 50, height: 15))
    #expect(d.screenText.split(whereSeparator: \.isWhitespace).joined(separator: " ").contains("What you typed in the form is lost. y quits"))
  }

  /// Esc closes a form that still holds only what it opened with (the time now, the agency):
  /// nothing was typed, so nothing is asked.
  @Test func escClosesAFormLeftAsItOpened() {
    var d = Driver(protocolID: "san-mateo")
    d.press(.character("3"), .enter, .control("d"), .character("c"))
    guard case .form? = d.app.modal else {
      Issue.record("no call form")
      return
    }
    d.press(.escape)
    #expect(d.app.modal == nil, "Esc asked to discard text nobody typed")
    // Typed text still asks, and the footer then names the question's keys.
    d.press(.character("c"))
    d.type("x")
    d.press(.escape)
    guard case .form(let form)? = d.app.modal, form.confirmingDiscard else {
      Issue.record("typed text was dropped without a question")
      return
    }
    #expect(d.render().lines.last?.contains("y discard  any other key: keep") == true, "\(d.render().lines.last ?? "")")
  }

  /// Before the passphrase is set, Ctrl-G does not show a lock that any Enter opens, and the
  /// footer does not offer it.
  @Test func noShamLockBeforeThePassphrase() {
    var d = Driver(protocolID: "san-mateo", drafts: true)
    guard case .form(let form)? = d.app.modal, form.purpose == .setPassphrase else {
      Issue.record("no passphrase form")
      return
    }
    #expect(!(d.render().lines.last ?? "").contains("^G"))
    d.press(AppState.panicKey)
    #expect(d.app.lock == nil)
  }

  /// The help, the reference and the story are not covered by the last status line.
  @Test func aStatusDoesNotCoverTheHelp() {
    var d = Driver(protocolID: "san-mateo")
    d.press(.character("3"), .enter, .control("d"))
    let status = d.app.status ?? ""
    #expect(!status.isEmpty)
    d.press(.character("?"))
    let words = d.screenText.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    #expect(!words.contains(status), "the status covers the help")
  }

  /// Ctrl-D says what the form's first button does.
  @Test func ctrlDIsNamedAfterTheButton() {
    let d = Driver(protocolID: "san-mateo", drafts: true)
    #expect(d.render().lines.last?.contains("Ctrl-D continue") == true, "\(d.render().lines.last ?? "")")
  }

  /// The export form says where a file goes before it is written.
  @Test func theExportSaysItsFolderFirst() {
    var d = Driver(protocolID: "sro-model")
    d.app.exportFolder = "/home/counselor/summaries"
    d.press(.character("2"), .enter, .character("f"), .character("s"))
    #expect(d.screenText.split(whereSeparator: \.isWhitespace).joined(separator: " ").contains("A file is saved in /home/counselor/summaries, readable only by you."))
  }
}
