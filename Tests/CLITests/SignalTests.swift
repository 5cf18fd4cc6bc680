import Foundation  // tests only: files
import Testing

/// Every signal that would end the guide restores the terminal: the real binary in tmux, exec'd
/// by a shell-less wrapper (`sh -c 'exec csec-guide …'`), with `stty -g` read before the launch
/// and after the exit, and tmux asked whether the pane is still on the alternate screen.
@Suite(.serialized) struct SignalTests {
  let walk = EndToEndTests()

  /// A case with its draft and one step done, on san-mateo's confirmed-victim pathway.
  func caseWithOneStep() throws -> TmuxSession {
    let s = try TmuxSession(["--protocol", "san-mateo"])
    // The pane stays after the program ends, so its screen and mode can be read then.
    _ = try s.tmux(["set-option", "-w", "-t", "w", "remain-on-exit", "on"])
    try walk.openCase(s, id: "san-mateo")
    try walk.chooseSituation(s, 4)
    try s.waitUntil("step 1 of 8") { titleBar($0).contains("Step 1 of 8") }
    try walk.markDone(s, step: 1, note: "first note", reference: "R1", done: 1)
    return s
  }

  func alternateScreenIsOn(_ s: TmuxSession) throws -> Bool {
    try s.tmux(["display-message", "-p", "-t", "w", "#{alternate_on}"]).trimmingCharacters(in: .whitespacesAndNewlines) == "1"
  }

  func expectRestored(_ s: TmuxSession, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let settings = s.terminalSettings
    #expect(settings.before != nil, sourceLocation: sourceLocation)
    #expect(settings.before == settings.after, "\(what): terminal settings not restored", sourceLocation: sourceLocation)
    #expect(try !alternateScreenIsOn(s), "\(what): left on the alternate screen", sourceLocation: sourceLocation)
    let history = try s.tmux(["capture-pane", "-p", "-S", "-200", "-t", "w"])
    #expect(!history.contains("first note"), "\(what): the case is still on the screen or in its history", sourceLocation: sourceLocation)
  }

  @Test(arguments: [SIGUSR1, SIGUSR2, SIGALRM, SIGVTALRM, SIGXCPU, SIGPWR, SIGQUIT])
  func aSignalThatWouldEndTheGuideRestoresTheTerminalFirst(_ signal: Int32) throws {
    let s = try caseWithOneStep()
    defer { s.close() }
    #expect(try alternateScreenIsOn(s))
    kill(try s.programPID(), signal)
    #expect(try s.waitForExit() == 128 + signal)
    try expectRestored(s, "signal \(signal)")
  }

  /// SIGPIPE is ignored: the guide goes on, and quitting restores the terminal.
  @Test func sigpipeIsIgnored() throws {
    let s = try caseWithOneStep()
    defer { s.close() }
    kill(try s.programPID(), SIGPIPE)
    try walk.markDone(s, step: 2, note: "second note", reference: "R2", done: 2)
    try s.send("q")
    try s.waitFor("y quits")
    try s.send("y")
    #expect(try s.waitForExit() == 0)
    try expectRestored(s, "SIGPIPE, then quitting")
  }

  /// HUP then TERM at once: the second arrives while the first is being handled, and still
  /// restores the terminal (from the handler) before the process ends.
  @Test func hangUpThenTerminateStillRestoresTheTerminal() throws {
    let s = try caseWithOneStep()
    defer { s.close() }
    let pid = try s.programPID()
    kill(pid, SIGHUP)
    kill(pid, SIGTERM)
    let status = try s.waitForExit()
    #expect(status == 128 + SIGHUP || status == 128 + SIGTERM)
    try expectRestored(s, "HUP then TERM")
  }

  /// When the draft cannot be written, a signal tries one last save; it fails, so the message
  /// after the restored terminal says how many records were lost and the status is 74.
  @Test func aSignalWithUnsavedRecordsSaysHowManyWereLost() throws {
    let s = try caseWithOneStep()
    defer { s.close() }
    let drafts = s.directory + "/state/csec-guide/drafts"
    try FileManager.default.moveItem(atPath: drafts, toPath: drafts + "-moved")
    try Data("x".utf8).write(to: URL(fileURLWithPath: drafts))
    try walk.markDone(s, step: 2, note: "second note", reference: "R2", done: 2)
    try s.waitFor("could not be saved")
    kill(try s.programPID(), SIGTERM)
    #expect(try s.waitForExit() == 74)
    try expectRestored(s, "TERM with a failing save")
    _ = try s.waitFor("lost.")
    // With the pane's history: the message may have scrolled up past the top.
    let screen = loose(try s.tmux(["capture-pane", "-p", "-J", "-S", "-100", "-t", "w"]))
    #expect(screen.contains("ended by signal 15; the last save failed, so"), "\(screen)")
    #expect(screen.contains("not saved to the draft"), "\(screen)")
  }
}

/// Bracketed paste in a real terminal: tmux pastes with the markers the guide asked for, and
/// the paste is text in the note, never Ctrl-G (BEL), Esc or `q`.
@Suite(.serialized) struct PasteTests {
  let walk = EndToEndTests()

  @Test func aPasteWithABellAndAnEscapeIsOnlyText() throws {
    let s = try TmuxSession(["--protocol", "san-mateo"])
    defer { s.close() }
    try walk.openCase(s, id: "san-mateo")
    try walk.chooseSituation(s, 4)
    try s.waitUntil("step 1 of 8") { titleBar($0).contains("Step 1 of 8") }
    try s.send("a")
    try s.waitFor("Note on step 1")
    _ = try s.tmux(["set-buffer", "-b", "p", "pasted\u{07}note\u{1B} q then y"])
    _ = try s.tmux(["paste-buffer", "-p", "-b", "p", "-t", "w"])
    let screen = try s.waitFor("pastednote q then y")
    #expect(screen.contains("Note on step 1"), "the form is still open")
    #expect(!screen.contains("Locked"), "the BEL acted as Ctrl-G")
    try s.send("C-d")
    try s.waitForAbsence(of: "Note on step 1")
    try s.send("q")
    try s.waitFor("y quits")
    try s.send("y")
    #expect(try s.waitForExit() == 0)
  }
}
