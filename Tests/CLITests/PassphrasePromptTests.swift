import Foundation  // tests only
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// `drafts summary` and `drafts verify` ask for the passphrase with the terminal's echo off,
/// through plain mode's one prompt: Ctrl-C, SIGTERM or SIGHUP while it waits must put the echo
/// back (the shell after it shows what is typed again) and end with the signal's status.
@Suite(.serialized) struct PassphrasePromptTests {
  @Test(arguments: ["summary", "verify"])
  func ctrlCAtThePassphrasePutsTheEchoBack(_ command: String) throws {
    let s = try TmuxSession(["drafts", command, "abcd2345"])
    defer { s.close() }
    try s.waitFor("Passphrase for draft abcd2345:")
    try s.type("half typed")
    try s.send("C-c")
    #expect(try s.waitForExit() == 130)
    let stty = s.terminalSettings
    #expect(stty.before != nil && stty.before == stty.after, "before: \(stty.before ?? "none"), after: \(stty.after ?? "none")")
    #expect(!s.lastScreen.contains("half typed"), "the passphrase was shown")
  }

  @Test(arguments: [(SIGTERM, Int32(143)), (SIGHUP, Int32(129))])
  func aSignalAtThePassphrasePutsTheEchoBack(_ signal: Int32, _ status: Int32) throws {
    let s = try TmuxSession(["drafts", "summary", "abcd2345"])
    defer { s.close() }
    try s.waitFor("Passphrase for draft abcd2345:")
    #expect(kill(try s.programPID(), signal) == 0)
    #expect(try s.waitForExit() == status)
    let stty = s.terminalSettings
    #expect(stty.before != nil && stty.before == stty.after, "before: \(stty.before ?? "none"), after: \(stty.after ?? "none")")
  }
}
