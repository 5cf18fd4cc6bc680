import Foundation  // tests only: files, JSON
import Testing

/// Drafts that survive a dropped connection and a killed process, privacy on disk, and the
/// restricted kiosk mode, driven through the real binary in tmux.
@Suite(.serialized) struct DurabilityTests {
  let walk = EndToEndTests()
  static let passphrase = EndToEndTests.passphrase

  /// The one draft id in a session's state directory.
  func draftID(_ s: TmuxSession, directory: String? = nil) throws -> String {
    let dir = directory ?? s.directory + "/state/csec-guide/drafts"
    let drafts = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".draft") }
    try #require(drafts.count == 1, "expected one draft in \(dir): \(drafts)")
    return String(drafts[0].dropLast(".draft".count))
  }

  /// The draft's case as JSON, through `drafts summary` with the passphrase on stdin.
  func draftSummary(_ s: TmuxSession, _ id: String) throws -> [String: Any] {
    let result = try CLI.run(
      ["drafts", "summary", id, "--format", "json", "--passphrase-stdin"],
      environment: ["HOME": s.directory, "XDG_STATE_HOME": s.directory + "/state"], input: Self.passphrase + "\n")
    try #require(result.status == 0, "drafts summary failed: \(result.stderr)")
    return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
  }

  func stepStatuses(_ summary: [String: Any]) -> [String] {
    let pathways = summary["pathways"] as? [[String: Any]] ?? []
    return (pathways.last?["steps"] as? [[String: Any]] ?? []).map { $0["status"] as? String ?? "?" }
  }

  /// Kills the guide with `signal` after `steps` steps were recorded; the draft then holds
  /// exactly what the screen showed, and the terminal is restored for HUP and TERM.
  @Test(arguments: [(SIGHUP, 1), (SIGTERM, 3), (SIGKILL, 2), (SIGKILL, 5), (SIGHUP, 6), (SIGTERM, 0)])
  func aKilledCaseResumesFromItsLastSavedEvent(_ signal: Int32, _ steps: Int) throws {
    let s = try TmuxSession(["--protocol", "san-mateo"])
    defer { s.close() }
    try walk.openCase(s, id: "san-mateo")
    try walk.chooseSituation(s, 4)  // confirmed victim: 8 steps
    try s.waitUntil("step 1 of 8") { titleBar($0).contains("Step 1 of 8") }
    for n in 0..<steps {
      try walk.markDone(s, step: n + 1, note: "note \(n + 1)", reference: "R\(n + 1)", done: n + 1)
    }
    let pid = try s.programPID()
    kill(pid, signal)
    let status = try s.waitForExit()
    let settings = s.terminalSettings
    if signal != SIGKILL {
      #expect(status == 128 + signal)
      #expect(settings.before == settings.after, "terminal settings not restored after signal \(signal)")
    }
    let id = try draftID(s)
    let summary = try draftSummary(s, id)
    let expected = Array(repeating: "done", count: steps) + Array(repeating: "pending", count: 8 - steps)
    #expect(stepStatuses(summary) == expected, "signal \(signal) after \(steps) steps")
    let pathway = (summary["pathways"] as? [[String: Any]])?.last
    let notes = (pathway?["steps"] as? [[String: Any]] ?? []).compactMap { $0["note"] as? String }
    #expect(notes == (0..<steps).map { "note \($0 + 1)" })

    // Resuming in the guide continues exactly where the case stopped.
    let r = try TmuxSession(["resume", id], directory: s.directory)
    defer { r.close() }
    try r.waitFor("Resume case")
    try r.type(Self.passphrase)
    try r.send("C-d")
    // Wait for the whole resumed screen (the title and the progress line), not the first part
    // of it drawn: a capture can land while the frame is still being written.
    let screen = try r.waitUntil("the resumed step") {
      titleBar($0).contains("Step \(min(steps + 1, 8)) of 8") && loose($0).contains("\(steps) done")
        && !$0.contains("Opening the draft")
    }
    #expect(loose(screen).contains("\(steps) done"))
    try r.send("q")
    try r.waitFor("y quits")
    try r.send("y")
    #expect(try r.waitForExit() == 0)
  }

  /// Resuming from the list of drafts (no id) replays the case against its full protocol: the
  /// guide lists the built-ins by title before its first frame and decodes them just after.
  @Test func aCaseResumedFromTheListReplaysInFull() throws {
    let s = try TmuxSession(["--protocol", "orange-county"])
    defer { s.close() }
    try walk.openCase(s, id: "orange-county")
    try walk.chooseSituation(s, 3)  // suspected victim: Orange County's suspected pathway, 6 steps
    try s.waitUntil("step 1 of 6") { titleBar($0).contains("Step 1 of 6") }
    try walk.markDone(s, step: 1, note: "first", reference: "R1", done: 1)
    try s.send("q")
    try s.waitFor("y quits")
    try s.send("y")
    #expect(try s.waitForExit() == 0)

    let r = try TmuxSession(["resume"], directory: s.directory)
    defer { r.close() }
    try r.waitFor("Which case do you want to continue")
    try r.send("Enter")
    try r.waitFor("Resume case")
    try r.type(Self.passphrase)
    try r.send("C-d")
    let screen = try r.waitUntil("the resumed step") {
      (titleBar($0).contains("Step 2 of 6") && loose($0).contains("1 done")) || $0.contains("could not be replayed")
    }
    #expect(!screen.contains("could not be replayed"), "\(screen)")
    #expect(loose(screen).contains("1 done"))
    try r.send("q")
    try r.waitFor("y quits")
    try r.send("y")
    #expect(try r.waitForExit() == 0)
  }

  /// An older copy of a draft put back: resuming shows the warning and asks before anything is
  /// added to it; Esc leaves the file exactly as it is, and continuing resumes the older case.
  @Test func anOlderCopyPutBackIsContinuedOnlyOnPurpose() throws {
    let s = try TmuxSession(["--protocol", "sro-model"])
    defer { s.close() }
    try walk.openAtFirstStep(s, id: "sro-model", situation: 2)
    try walk.markDone(s, step: 1, note: "first", reference: "R1", done: 1)
    let id = try draftID(s)
    let path = s.directory + "/state/csec-guide/drafts/\(id).draft"
    let older = try Data(contentsOf: URL(fileURLWithPath: path))
    try walk.markDone(s, step: 2, note: "second", reference: "R2", done: 2)
    try s.send("q")
    try s.waitFor("y quits")
    try s.send("y")
    #expect(try s.waitForExit() == 0)
    try older.write(to: URL(fileURLWithPath: path))

    func resume() throws -> TmuxSession {
      let r = try TmuxSession(["resume", id], directory: s.directory)
      try r.waitFor("Resume case")
      try r.type(Self.passphrase)
      try r.send("C-d")
      try r.waitFor("This draft is an older copy")
      return r
    }
    let declined = try resume()
    let question = try declined.waitFor("[ Continue with this copy ]")
    #expect(loose(question).contains("saves are missing (this is save"), "\(question)")
    try declined.send("Escape")
    try declined.waitFor("The draft was left as it is.")
    declined.close()
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == older, "declining changed the draft")

    let continued = try resume()
    defer { continued.close() }
    try continued.send("Enter")
    let screen = try continued.waitUntil("the older case resumed") { titleBar($0).contains("Step 2 of") && loose($0).contains("1 done") }
    #expect(loose(screen).contains("Continuing with the older copy"), "\(screen)")
  }

  /// A crash (a hidden flag raises SIGSEGV after the first frame) restores the terminal at once:
  /// no 30-second interactive crash prompt, settings as before, a plain message.
  @Test func aCrashRestoresTheTerminalAtOnce() throws {
    let s = try TmuxSession(["--debug-crash"])
    defer { s.close() }
    let started = ContinuousClock.now
    let status = try s.waitForExit(timeout: .seconds(5))
    #expect(ContinuousClock.now - started < .seconds(3), "the crash took too long to end the process")
    #expect(status == 128 + SIGSEGV)
    let settings = s.terminalSettings
    #expect(settings.before == settings.after, "terminal settings not restored after a crash")
  }

  /// After the idle time the screen is locked, showing nothing of the case; three wrong
  /// passphrases close the guide and keep the case in its draft; the right one unlocks.
  @Test func idleTimeLocksTheScreen() throws {
    let s = try TmuxSession(["--protocol", "san-mateo", "--idle-lock-seconds", "2"])
    defer { s.close() }
    try walk.openCase(s, id: "san-mateo")
    try s.send("r")
    try s.waitFor("Case reference")
    try s.type("REF-IDLE")
    try s.send("C-d")
    try s.waitUntil("the situation screen again") { titleBar($0).hasSuffix("Situation") || titleBar($0).contains("· Situation ") }
    try walk.chooseSituation(s, 3)
    let locked = try s.waitFor("Locked after 2 seconds without a key", timeout: .seconds(6))
    for hidden in ["san-mateo", "REF-IDLE", "Suspected", "Step"] {
      #expect(!locked.contains(hidden), "\(hidden) is visible on the lock screen")
    }
    try s.type("wrong one")
    try s.send("Enter")
    try s.waitFor("1 of 3 tries")
    try s.type(Self.passphrase)
    try s.send("Enter")
    try s.waitUntil("the case back") { titleBar($0).contains("Step 1 of 7") }
    // Wait for the lock again, then fail three times: the guide closes, the case is kept.
    try s.waitFor("Locked after 2 seconds", timeout: .seconds(6))
    for n in 1...3 {
      try s.type("wrong \(n)")
      try s.send("Enter")
      if n < 3 { try s.waitFor("\(n) of 3 tries") }
    }
    #expect(try s.waitForExit() == 0)
    #expect(try FileManager.default.contentsOfDirectory(atPath: s.directory + "/state/csec-guide/drafts").contains { $0.hasSuffix(".draft") })
  }

  /// A hotline hold: the screen locks in the middle of the call form; one passphrase brings
  /// back the same form with everything typed in it.
  @Test func anIdleLockDuringACallLosesNothingTyped() throws {
    let s = try TmuxSession(["--protocol", "san-mateo", "--idle-lock-seconds", "2"])
    defer { s.close() }
    try walk.openAtFirstStep(s, id: "san-mateo", situation: 3)
    try s.send("c")
    try s.waitFor("Record a call")
    try s.send("Tab")
    try s.type("Officer Peña, on hold")
    try s.waitFor("Officer Peña, on hold")
    let locked = try s.waitFor("Locked after 2 seconds without a key", timeout: .seconds(6))
    #expect(!locked.contains("Officer"), "the call is visible on the lock screen")
    try s.type(Self.passphrase)
    try s.send("Enter")
    let back = try s.waitUntil("the call form back") { $0.contains("Record a call") && !$0.contains("Locked after") }
    #expect(back.contains("Officer Peña, on hold"), "the typed text was lost:\n\(back)")
    // Still the same field: more typing goes on after what was there.
    try s.type(" 10 min")
    try s.waitFor("Officer Peña, on hold 10 min")
  }

  @Test func aWrongPassphraseIsRefusedAndTheDraftKept() throws {
    let s = try TmuxSession(["--protocol", "orange-county"])
    defer { s.close() }
    try walk.openCase(s, id: "orange-county")
    try walk.chooseSituation(s, 1)
    try s.send("q")
    try s.waitFor("y quits")
    try s.send("y")
    _ = try s.waitForExit()
    let id = try draftID(s)
    let environment = ["HOME": s.directory, "XDG_STATE_HOME": s.directory + "/state"]
    let wrong = try CLI.run(["drafts", "verify", id, "--passphrase-stdin"], environment: environment, input: "not it\n")
    #expect(wrong.status == 65)
    #expect(wrong.stderr.contains("that passphrase does not open this draft"))
    let right = try CLI.run(["drafts", "verify", id, "--passphrase-stdin"], environment: environment, input: Self.passphrase + "\n")
    #expect(right.status == 0)
    #expect(right.stdout.contains("the log is whole"))
    let list = try CLI.run(["drafts", "list"], environment: environment)
    #expect(list.stdout.contains(id) && list.stdout.contains("orange-county"))
    #expect(!list.stdout.contains("At risk"), "the list shows no content")
  }

  /// A canary typed into a case is found in no file the program wrote, in the clear; and
  /// under umask 000 every file is 0600 and every directory 0700.
  @Test func theCanaryIsNowhereInTheClearAndModesArePrivate() throws {
    let canary = "CANARY" + UUID().uuidString.prefix(8).uppercased()
    let s = try TmuxSession(["--protocol", "san-mateo"], prelude: "umask 000; ")
    defer { s.close() }
    let started = Date()
    try walk.openCase(s, id: "san-mateo")
    try s.send("r")
    try s.waitFor("Case reference")
    try s.type("ref-\(canary.suffix(4))")
    try s.send("C-d")
    try s.waitUntil("the situation screen again") { titleBar($0).hasSuffix("Situation") || titleBar($0).contains("· Situation ") }
    try walk.chooseSituation(s, 3)
    try s.waitUntil("step 1") { titleBar($0).contains("Step 1 of 7") }
    try walk.markDone(s, step: 1, note: "student said \(canary)", reference: canary, done: 1)
    try s.send("c")
    try s.waitFor("Record a call")
    try s.send("Tab")
    try s.type("Officer \(canary)")
    try s.send("C-d")
    try s.waitForAbsence(of: "Record a call")
    try s.send("q")
    try s.waitFor("y quits")
    try s.send("y")
    _ = try s.waitForExit()

    // Every file the program could have written: its home (state, config, drafts), the working
    // directory, and /tmp.
    var scanned = 0
    for root in [s.directory, NSTemporaryDirectory(), "/tmp"] {
      guard let walker = FileManager.default.enumerator(atPath: root) else { continue }
      for case let relative as String in walker {
        let path = root + "/" + relative
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
          let attributes = try? FileManager.default.attributesOfItem(atPath: path),
          let modified = attributes[.modificationDate] as? Date, modified >= started.addingTimeInterval(-1),
          (attributes[.size] as? Int ?? 0) < 8 << 20, let data = FileManager.default.contents(atPath: path)
        else { continue }
        if path.hasSuffix(".stty-before") || path.hasSuffix(".stty-after") { continue }
        scanned += 1
        #expect(data.range(of: Data(canary.utf8)) == nil, "the canary is in the clear in \(path)")
      }
    }
    #expect(scanned > 0)
    let state = s.directory + "/state"
    let walker = try #require(FileManager.default.enumerator(atPath: state))
    for case let relative as String in walker {
      let attributes = try FileManager.default.attributesOfItem(atPath: state + "/" + relative)
      let mode = (attributes[.posixPermissions] as? Int ?? 0) & 0o777
      let isDirectory = attributes[.type] as? FileAttributeType == .typeDirectory
      #expect(mode == (isDirectory ? 0o700 : 0o600), "\(relative) has mode \(String(mode, radix: 8))")
    }
  }

  /// Restricted mode: EDITOR, VISUAL, PAGER and SHELL point at a canary script that must never
  /// run; a link planted in the export directory is never written through; Ctrl-Z does nothing.
  @Test func restrictedModeRunsNothingAndWritesOnlyToTheExportDirectory() throws {
    let dir = try TmuxSession.makeDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let exports = dir + "/exports"
    let drafts = dir + "/drafts"
    try FileManager.default.createDirectory(atPath: exports, withIntermediateDirectories: true)
    let ran = dir + "/canary-ran"
    let script = dir + "/canary.sh"
    try "#!/bin/sh\ntouch \(ran)\n".write(toFile: script, atomically: true, encoding: .utf8)
    chmod(script, 0o755)
    let config = dir + "/config"
    try "restricted = true\nexport-directory = \(exports)\ndraft-directory = \(drafts)\n".write(toFile: config, atomically: true, encoding: .utf8)
    // Plant links under the names the export will try this minute and the next.
    let outside = dir + "/outside.txt"
    for offset in [0.0, 60.0] {
      let formatter = DateFormatter()
      formatter.dateFormat = "yyyyMMdd-HHmm"
      let name = "csec-summary-\(formatter.string(from: Date().addingTimeInterval(offset))).txt"
      try? FileManager.default.createSymbolicLink(atPath: exports + "/" + name, withDestinationPath: outside)
    }
    let s = try TmuxSession(
      ["--config", config, "--protocol", "us-ed-sample"], directory: dir,
      environment: ["EDITOR": script, "VISUAL": script, "PAGER": script, "SHELL": script, "SSH_ORIGINAL_COMMAND": script])
    defer { s.close() }
    try walk.openCase(s, id: "us-ed-sample")
    try walk.chooseSituation(s, 3)
    try s.waitUntil("step 1") { titleBar($0).contains("Step 1 of 4") }
    // Ctrl-Z and Ctrl-\\ do nothing: the guide ignores SIGTSTP and SIGQUIT (bits 20 and 3 of
    // the ignored-signal mask the kernel reports).
    let status = try String(contentsOfFile: "/proc/\(try s.programPID())/status", encoding: .utf8)
    let ignored = try #require(status.split(separator: "\n").first { $0.hasPrefix("SigIgn:") }
      .flatMap { UInt64($0.dropFirst("SigIgn:".count).trimmingCharacters(in: .whitespaces), radix: 16) })
    #expect(ignored & (1 << (UInt64(SIGTSTP) - 1)) != 0, "SIGTSTP (Ctrl-Z) is not ignored in restricted mode")
    #expect(ignored & (1 << (UInt64(SIGQUIT) - 1)) != 0, "SIGQUIT (Ctrl-\\) is not ignored in restricted mode")
    try s.send("f")
    try s.waitFor("Review the summary")
    try s.send("s")
    try s.waitFor("Export the summary")
    try s.send("C-d")
    let screen = try s.waitFor("Saved to")
    #expect(loose(screen).contains(exports), "saved outside the export directory: \(screen)")
    try s.send("q")  // the summary is saved: nothing would be lost, so no question
    #expect(try s.waitForExit() == 0)
    #expect(!FileManager.default.fileExists(atPath: ran), "an outside program was started")
    #expect(!FileManager.default.fileExists(atPath: outside), "a file was written through a planted link")
    let written = try FileManager.default.contentsOfDirectory(atPath: exports).filter {
      (try? FileManager.default.destinationOfSymbolicLink(atPath: exports + "/" + $0)) == nil
    }
    #expect(written.count == 1 && written[0].hasPrefix("csec-summary-"), "\(written)")
    #expect(try FileManager.default.contentsOfDirectory(atPath: drafts).contains { $0.hasSuffix(".draft") })
  }
}
