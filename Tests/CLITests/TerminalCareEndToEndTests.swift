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
}
