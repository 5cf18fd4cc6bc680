import Foundation  // tests only
import Testing

/// Every terminal, the same care, through the real binary in tmux: a window too small takes no
/// typing, and the lock screen names nothing.
@Suite(.serialized) struct TerminalCareEndToEndTests {
  let walk = EndToEndTests()


  @Test func typingWhileTheWindowIsTooSmallGoesNowhere() throws {
    let s = try TmuxSession(["--protocol", "san-mateo"])
    defer { s.close() }
    try walk.openAtFirstStep(s, id: "san-mateo", situation: 3)
    try s.send("d")
    try s.waitFor("Step 1 done:")
    try s.type("Met")
    try s.waitFor("Met")
    try s.resize(width: 50, height: 15)
    try s.waitFor("Please enlarge the window")
    try s.type("XYZ")
    try s.send("C-d")
    try s.resize(width: 80, height: 24)
    let screen = try s.waitUntil("the form back") { $0.contains("Step 1 done:") && !$0.contains("Please enlarge") }
    #expect(screen.contains("Met"))
    #expect(!screen.contains("XYZ"), "typing went into the hidden form:\n\(screen)")
  }

  /// Started with --protocol in a window too small, the guide opens that protocol's case once
  /// the window is enlarged (it showed the protocol list: the start's keys had been refused).
  @Test func aProtocolAskedForInATooSmallWindowOpensOnceEnlarged() throws {
    let s = try TmuxSession(["--protocol", "san-mateo"], width: 50, height: 15)
    defer { s.close() }
    try s.waitFor("Please enlarge the window")
    try s.resize(width: 80, height: 24)
    let screen = try s.waitUntil("the case's first screen") { titleBar($0).contains("san-mateo") }
    #expect(screen.contains("Set a passphrase for this case"), "\(screen)")
  }

  @Test func theLockScreenNamesNeitherTheProgramNorTheCase() throws {
    let s = try TmuxSession(["--protocol", "san-mateo"])
    defer { s.close() }
    try walk.openAtFirstStep(s, id: "san-mateo", situation: 3)
    try s.send("C-g")
    let screen = try s.waitFor("Type the passphrase and press Enter")
    #expect(titleBar(screen).trimmingCharacters(in: .whitespaces) == "Locked", "\(screen)")
    for revealing in ["csec-guide", "san-mateo", "San Mateo", "CSEC"] {
      #expect(!screen.contains(revealing), "the lock screen shows '\(revealing)'")
    }
  }

  /// F1 opens the help inside a form, where "?" is typed; Esc goes back to the form, text kept.
  /// "?" over the reference opens the help and returns to the reference.
  @Test func f1IsHelpInsideAForm() throws {
    let s = try TmuxSession(["--protocol", "san-mateo"])
    defer { s.close() }
    try walk.openAtFirstStep(s, id: "san-mateo", situation: 3)
    try s.send("d")
    try s.waitFor("F1 help")
    try s.type("Why?")
    try s.waitFor("Why?")
    try s.send("F1")
    try s.waitFor("Keys on every screen")
    try s.send("Escape")
    let back = try s.waitUntil("the form back") { $0.contains("Step 1 done:") && !$0.contains("Keys on every screen") }
    #expect(back.contains("Why?"))
    // Over the reference, "?" opens the help (it used to close the reference), and closing the
    // help goes back to the reference.
    try s.send("Escape")
    try s.waitFor("Discard what you typed?")
    try s.send("y")
    try s.waitUntil("the step") { titleBar($0).contains("Step 1 of") && !$0.contains("Step 1 done:") }
    try s.send("i")
    try s.waitFor("REFERENCE")
    try s.send("?")
    try s.waitFor("Keys on every screen")
    try s.send("Escape")
    try s.waitUntil("the reference back") { $0.contains("REFERENCE") && !$0.contains("Keys on every screen") }
  }

  /// The export names the file the user chose and says where it is in full.
  @Test func theExportTakesAFileNameAndShowsTheFullPath() throws {
    let s = try TmuxSession(["--protocol", "sro-model"])
    defer { s.close() }
    try walk.openAtFirstStep(s, id: "sro-model", situation: 2)
    try s.send("f")
    try s.waitUntil("the review screen") { titleBar($0).contains("Review the summary") }
    try s.send("s")
    try s.waitFor("File name (optional)")
    try s.send("Tab")
    try s.send("Tab")
    try s.type("meeting-notes")
    try s.waitFor("meeting-notes")
    try s.send("C-d")
    let screen = try s.waitFor("Saved to ")
    let expected = s.directory + "/meeting-notes.txt"
    #expect(loose(screen).contains("Saved to \(expected)"), "\(screen)")
    #expect(FileManager.default.fileExists(atPath: expected))
  }

  /// At 80x24 the footer is one line on the step and report screens, on vt100 in the C locale
  /// (where "←→" is drawn "<-->") as on xterm: it used to wrap onto a second line, and on vt100
  /// its end was cut ("m repo"). What gives way is named by the help key: "? all keys".
  @Test(arguments: [("vt100", "C"), ("xterm-256color", "C.UTF-8")])
  func theFooterIsOneLineAt80Columns(term: String, locale: String) throws {
    let s = try TmuxSession(["--protocol", "san-mateo"], term: term, locale: locale)
    defer { s.close() }
    try walk.openAtFirstStep(s, id: "san-mateo", situation: 3)
    for screen in ["step", "report"] {
      if screen == "report" {
        try s.send("m")
        try s.waitUntil("the report screen") { titleBar($0).contains("Mandated report") }
      }
      let rows = try s.screen.components(separatedBy: "\n")
      let footer = rows[23]
      #expect(footer.hasSuffix("? all keys  q quit"), "\(term) \(screen): the footer is not one whole line:\n\(rows.suffix(3).joined(separator: "\n"))")
      #expect(footer.hasPrefix(" ^G hide  "), "\(term) \(screen): \(footer)")
      #expect(!rows[22].contains("q quit") && !rows[22].contains("^G hide"), "\(term) \(screen): a second footer line: \(rows[22])")
      for word in screen == "step" ? ["d done", "step", "m report", "f finish"] : ["Enter edit", "y report made", "Esc back"] {
        #expect(footer.contains(word), "\(term) \(screen): '\(word)' is not in the footer: \(footer)")
      }
    }
  }

  /// Two cases opened without a reference are told apart in the resume list (each shows its id
  /// and when it was opened), and the chosen one's passphrase form says "[ Open ]", not "[ Save ]".
  @Test func draftsWithoutAReferenceAreToldApartAndOpenWithOpen() throws {
    let first = try TmuxSession(["--protocol", "sro-model"])
    defer { first.close() }
    var ids: [String] = []
    for n in 1...2 {
      let s = n == 1 ? first : try TmuxSession(["--protocol", "sro-model"], directory: first.directory)
      try walk.openAtFirstStep(s, id: "sro-model", situation: 2)
      try walk.markDone(s, step: 1, note: "case \(n)", reference: "R\(n)", done: 1)
      try s.send("q")
      try s.waitFor("y quits")
      try s.send("y")
      #expect(try s.waitForExit() == 0)
      let drafts = try FileManager.default.contentsOfDirectory(atPath: first.directory + "/state/csec-guide/drafts")
      ids = drafts.filter { $0.hasSuffix(".draft") }.map { String($0.dropLast(".draft".count)) }
      if n == 2 { s.close() }
    }
    try #require(ids.count == 2, "two drafts: \(ids)")
    let r = try TmuxSession(["resume"], directory: first.directory)
    defer { r.close() }
    let list = try r.waitUntil("both drafts listed") { screen in ids.allSatisfy { screen.contains("[\($0)]") } }
    let entries = list.components(separatedBy: "Case without a reference").dropFirst()
    #expect(entries.count == 2, "\(list)")
    #expect(entries.allSatisfy { $0.contains("opened ") }, "each draft says when it was opened:\n\(list)")
    try r.send("Enter")
    let form = try r.waitFor("Resume case")
    #expect(form.contains("[ Open ]") && !form.contains("[ Save ]"), "\(form)")
  }

  /// A note longer than its field wraps at a space, never inside a word ("boyfri" / "end").
  @Test func aTypedNoteWrapsAtSpaces() throws {
    let s = try TmuxSession(["--protocol", "sro-model"])
    defer { s.close() }
    try walk.openAtFirstStep(s, id: "sro-model", situation: 2)
    try s.send("d")
    try s.waitFor("Step 1 done:")
    // At 80 columns a field holds 74 cells; cut there, this note would split "boyfriend".
    let note = "She said that on most weekends her older boyfriend drives her to parties in other towns"
    let cells = Array(note)
    #expect(cells[73] != " " && cells[74] != " ", "the test's note must straddle the field's edge with a word")
    try s.type(note)
    let screen = try s.waitFor(note)
    let words = Set(screen.split(whereSeparator: \.isWhitespace).map(String.init))
    for word in note.split(separator: " ").map(String.init) {
      #expect(words.contains(word), "'\(word)' is cut by the wrap:\n\(screen)")
    }
  }

  /// Saving a report field moves the focus to the next field, as a form's Tab would.
  @Test func savingAReportFieldMovesToTheNextField() throws {
    let s = try TmuxSession(["--protocol", "orange-county"])
    defer { s.close() }
    try walk.openCase(s, id: "orange-county")
    try s.send("m")
    let report = try s.waitUntil("the report screen") { titleBar($0).contains("Mandated report") }
    let focused = { (screen: String) in screen.split(separator: "\n").first { $0.hasPrefix(" > ") }.map(String.init) ?? "" }
    let before = focused(report)
    try #require(!before.isEmpty, "no focused row:\n\(report)")
    try s.send("Enter")
    try s.waitFor("Ctrl-D save")
    try s.type("Ana Peña")
    try s.send("C-d")
    let after = try s.waitUntil("the report screen again") { !$0.contains("Ctrl-D save") && titleBar($0).contains("Mandated report") }
    #expect(after.contains("Ana Peña"), "\(after)")
    #expect(focused(after) != before && !focused(after).isEmpty, "the focus stayed on the field just saved:\n\(after)")
  }
}
