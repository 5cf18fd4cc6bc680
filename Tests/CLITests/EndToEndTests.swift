import Foundation  // tests only: files, UUIDs and JSON; tmux runs through posix_spawn below
import Testing

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

// End-to-end tests: the real built binary runs in a detached tmux session (a private socket per
// test, in the test's own directory, so nothing touches the user's tmux), keys are sent with
// send-keys and the screen is read with capture-pane. Every wait polls the screen every 20 ms;
// nothing sleeps for a fixed time.
//
// tmux is required: when it is missing every test fails and says so (CI installs it).

/// A failure seen by an end-to-end test; the description carries the last screen.
struct EndToEndFailure: Error, CustomStringConvertible {
  var description: String
}

/// One run of `csec-guide` in its own tmux server, in its own working directory (which is also
/// HOME, with XDG_STATE_HOME below it).
///
/// The pane runs `trap : INT; cd DIR && stty -g > .stty-before; sh -c 'echo $$ > .pid; exec "$@"' sh env ...
/// csec-guide ARGS; then writes the exit status to `.exit-status` and `stty -g` to `.stty-after`.
final class TmuxSession {
  /// The tmux executable on PATH (or in the usual places), if there is one.
  static let executable: String? = {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
    let dirs = path.split(separator: ":").map(String.init) + ["/usr/bin", "/usr/local/bin", "/opt/homebrew/bin"]
    return dirs.map { $0 + "/tmux" }.first { FileManager.default.isExecutableFile(atPath: $0) }
  }()

  static func requireTmux() throws -> String {
    guard let executable else {
      throw EndToEndFailure(description: """
        tmux is not installed, so the end-to-end tests cannot run the guide in a terminal. \
        Install it (apt-get install tmux, or brew install tmux); CI installs it.
        """)
    }
    return executable
  }

  /// A new, short, private directory (short so "Saved to PATH" fits on the status line).
  static func makeDirectory() throws -> String {
    let base = FileManager.default.fileExists(atPath: "/tmp") ? "/tmp" : NSTemporaryDirectory()
    let path = base + "/cg-" + UUID().uuidString.prefix(8).lowercased()
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    // The program reports getcwd(), which has no symbolic links (/tmp is one on macOS).
    return URL(fileURLWithPath: path).resolvingSymlinksInPath().path
  }

  let tmuxPath: String
  let socket: String
  let directory: String
  private let ownsDirectory: Bool
  private(set) var width: Int
  private(set) var height: Int
  /// When set, every captured screen must be plain ASCII (checked on each capture).
  var requireASCII = false
  private var reportedNonASCII = false
  private var closed = false
  /// Set once the case's passphrase was typed (the guide keeps an encrypted draft).
  var passphraseSet = false
  /// The last screen captured, for failure messages.
  private(set) var lastScreen = ""

  init(
    _ arguments: [String] = [], term: String = "xterm-256color", locale: String = "C.UTF-8",
    width: Int = 80, height: Int = 24, directory: String? = nil, environment: [String: String] = [:],
    prelude: String = ""
  ) throws {
    tmuxPath = try Self.requireTmux()
    socket = "csec-e2e-" + UUID().uuidString.prefix(12).lowercased()
    if let directory {
      self.directory = directory
      ownsDirectory = false
    } else {
      self.directory = try Self.makeDirectory()
      ownsDirectory = true
    }
    self.width = width
    self.height = height
    for file in [".stty-before", ".stty-after", ".exit-status", ".pid"] {
      try? FileManager.default.removeItem(atPath: self.directory + "/" + file)
    }
    let dir = self.directory
    let program = ["env", "TERM=\(term)", "LANG=\(locale)", "LC_ALL=\(locale)", "HOME=\(dir)",
      "XDG_STATE_HOME=\(dir)/state", "XDG_DATA_DIRS=/nonexistent"]
      + environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" } + [CLI.binary.path] + arguments
    // Ctrl-C, Ctrl-\ and Ctrl-Z in the pane signal the whole foreground group, this shell
    // included: the trap keeps it alive to record the status (a trap, unlike ignoring, is reset
    // for the program).
    let command = "trap : INT QUIT TSTP; \(prelude)cd \(Self.quote(dir)) && stty -g > .stty-before; "
      + "sh -c 'echo $$ > .pid; exec \"$@\"' sh \(program.map(Self.quote).joined(separator: " ")); "
      + "status=$?; stty -g > .stty-after; echo $status > .exit-tmp && mv .exit-tmp .exit-status"
    try tmux(["new-session", "-d", "-s", "w", "-x", "\(width)", "-y", "\(height)", command])
  }

  deinit { close() }

  /// Ends the program if it still runs, then the tmux server, and removes the directory it made.
  func close() {
    guard !closed else { return }
    closed = true
    // A program still running (a failed test, or one left on a screen) is killed first, so it
    // cannot write anything (a draft) any more, and the pane's epilogue is let finish before
    // the directory goes; kill-server then ends whatever is left.
    if read(".exit-status") == nil, let text = read(".pid"), let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
      kill(pid, SIGKILL)
      _ = try? waitForExit(timeout: .seconds(2))
    }
    _ = try? tmux(["kill-server"], check: false)
    if ownsDirectory { try? FileManager.default.removeItem(atPath: directory) }
  }

  static func quote(_ s: String) -> String {
    "'" + s.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
  }

  /// Runs `tmux -L SOCKET ARGS` and returns its standard output.
  @discardableResult
  func tmux(_ arguments: [String], check: Bool = true) throws -> String {
    // A small, fixed environment: no TMUX (the tests may run inside tmux), the socket in the
    // test's directory (removed with it), a POSIX shell for the pane, and a UTF-8 locale for
    // tmux itself so captures are not mangled.
    let environment = [
      "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": directory,
      "TMUX_TMPDIR": directory, "SHELL": "/bin/sh", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
      "TERM": "xterm-256color",
    ]
    let result = try ChildProcess.run(tmuxPath, ["-L", socket] + arguments, environment: environment)
    if check && result.status != 0 {
      throw EndToEndFailure(description: "tmux \(arguments.joined(separator: " ")) failed (\(result.status)): "
        + result.errors + "\nLast screen:\n\(lastScreen)")
    }
    return result.output
  }

  /// Sends keys by tmux name: "Enter", "Escape", "Tab", "C-d", "Down", or single characters.
  func send(_ keys: String...) throws {
    try tmux(["send-keys", "-t", "w"] + keys)
  }

  /// Sends raw bytes, as a terminal set to another encoding would (e.g. 0xE9, Latin-1 "é").
  func sendBytes(_ bytes: [UInt8]) throws {
    try tmux(["send-keys", "-t", "w", "-H"] + bytes.map { String($0, radix: 16) })
  }

  /// Types text literally (no key names). Do not end it with ';' (tmux's command separator).
  func type(_ text: String) throws {
    try tmux(["send-keys", "-t", "w", "-l", text])
  }

  /// The screen now, one line per row (capture-pane -p).
  var screen: String {
    get throws {
      let text = try tmux(["capture-pane", "-p", "-t", "w"])
      lastScreen = text
      if requireASCII, !reportedNonASCII {
        for line in text.split(separator: "\n") where !line.unicodeScalars.allSatisfy(\.isASCII) {
          reportedNonASCII = true
          Issue.record("A line has non-ASCII characters in a non-UTF-8 locale: \(line)\nScreen:\n\(text)")
          break
        }
      }
      return text
    }
  }

  /// Polls the screen every 20 ms until `predicate` holds; fails with the last screen.
  @discardableResult
  func waitUntil(_ what: String, timeout: Duration = .seconds(10), _ predicate: (String) -> Bool) throws -> String {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    while true {
      let text = try screen
      // A capture can land while the program is still writing a frame: what it shows counts
      // only once a second capture, a poll later, shows the same screen.
      if predicate(text) {
        Thread.sleep(forTimeInterval: 0.02)
        if try screen == text { return text }
        continue
      }
      if clock.now >= deadline {
        throw EndToEndFailure(description: "Timed out after \(timeout) waiting for \(what). The screen:\n\(text)")
      }
      Thread.sleep(forTimeInterval: 0.02)
    }
  }

  /// Waits until the screen shows `text` (spaces and line breaks are compared loosely, so a
  /// wrapped sentence still matches).
  @discardableResult
  func waitFor(_ text: String, timeout: Duration = .seconds(10)) throws -> String {
    let wanted = loose(text)
    return try waitUntil("'\(text)'", timeout: timeout) { loose($0).contains(wanted) }
  }

  /// Waits until the screen no longer shows `text`.
  @discardableResult
  func waitForAbsence(of text: String, timeout: Duration = .seconds(10)) throws -> String {
    let unwanted = loose(text)
    return try waitUntil("'\(text)' to go away", timeout: timeout) { !loose($0).contains(unwanted) }
  }

  func resize(width: Int, height: Int) throws {
    try tmux(["resize-window", "-t", "w", "-x", "\(width)", "-y", "\(height)"])
    self.width = width
    self.height = height
  }

  private func read(_ name: String) -> String? {
    try? String(contentsOfFile: directory + "/" + name, encoding: .utf8)
  }

  /// Waits for the program (and the pane's epilogue) to end; returns its exit status.
  func waitForExit(timeout: Duration = .seconds(10)) throws -> Int32 {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    while clock.now < deadline {
      if let text = read(".exit-status"), let status = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
        return status
      }
      Thread.sleep(forTimeInterval: 0.02)
    }
    let last = (try? screen) ?? lastScreen
    throw EndToEndFailure(description: "The program did not exit within \(timeout). The screen:\n\(last)")
  }

  /// The program's process id, written by the wrapper before it execs the program.
  func programPID() throws -> pid_t {
    let clock = ContinuousClock()
    let deadline = clock.now + .seconds(5)
    while clock.now < deadline {
      if let text = read(".pid"), let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)) { return pid }
      Thread.sleep(forTimeInterval: 0.02)
    }
    throw EndToEndFailure(description: "The wrapper never wrote the program's pid.")
  }

  /// `stty -g` in the pane before the program started and after it ended.
  var terminalSettings: (before: String?, after: String?) {
    (read(".stty-before")?.trimmingCharacters(in: .whitespacesAndNewlines),
      read(".stty-after")?.trimmingCharacters(in: .whitespacesAndNewlines))
  }
}

/// Runs a program and collects its output, without Foundation's Process: `tmux new-session`
/// leaves a server behind that would inherit Process's exit-watching socket, so
/// `waitUntilExit` would wait for the server. Here the child gets no descriptor but 0, 1 and 2
/// (so the server holds none of this process's pipes or sockets either), starts with the
/// signal state of a shell's child, and is reaped with waitpid.
enum ChildProcess {
  struct Result {
    var status: Int32
    var output: String
    var errors: String
  }

  static func run(_ path: String, _ arguments: [String], environment: [String: String]) throws -> Result {
    var out: [Int32] = [-1, -1]
    var err: [Int32] = [-1, -1]
    guard pipe(&out) == 0, pipe(&err) == 0 else { throw EndToEndFailure(description: "pipe failed: errno \(errno)") }
    for fd in out + err { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
    defer { for fd in [out[0], err[0]] { close(fd) } }

    #if canImport(Darwin)
      var actions: posix_spawn_file_actions_t? = nil
      var attributes: posix_spawnattr_t? = nil
    #else
      var actions = posix_spawn_file_actions_t()
      var attributes = posix_spawnattr_t()
    #endif
    posix_spawn_file_actions_init(&actions)
    posix_spawnattr_init(&attributes)
    defer {
      posix_spawn_file_actions_destroy(&actions)
      posix_spawnattr_destroy(&attributes)
    }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_adddup2(&actions, out[1], 1)
    posix_spawn_file_actions_adddup2(&actions, err[1], 2)
    // The child starts with no signal blocked and every signal at its default, as from a
    // shell: this thread (a Dispatch worker) blocks SIGTERM, SIGHUP and others, and a tmux server
    // started with SIGTERM blocked ignores kill-server (and passes the mask on to the pane).
    var noSignals = sigset_t()
    var allSignals = sigset_t()
    sigemptyset(&noSignals)
    sigfillset(&allSignals)
    posix_spawnattr_setsigmask(&attributes, &noSignals)
    posix_spawnattr_setsigdefault(&attributes, &allSignals)
    var flags = Int32(POSIX_SPAWN_SETSIGMASK) | Int32(POSIX_SPAWN_SETSIGDEF)
    #if canImport(Darwin)
      flags |= Int32(POSIX_SPAWN_CLOEXEC_DEFAULT)
    #endif
    posix_spawnattr_setflags(&attributes, Int16(flags))
    #if !canImport(Darwin)
      // Close every other descriptor (glibc ignores closing one that is not open).
      let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd"))?.compactMap { Int32($0) } ?? []
      for fd in Set(open + Array(3..<256)) where fd > 2 { posix_spawn_file_actions_addclose(&actions, fd) }
    #endif

    let argv = ([path] + arguments).map { strdup($0) } + [nil]
    let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { for p in argv + envp { free(p) } }
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, path, &actions, &attributes, argv, envp)
    close(out[1])
    close(err[1])
    guard spawned == 0 else {
      throw EndToEndFailure(description: "cannot run \(path): \(String(cString: strerror(spawned)))")
    }
    let output = readAll(out[0])
    let errors = readAll(err[0])
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 {
      guard errno == EINTR else { throw EndToEndFailure(description: "waitpid failed: errno \(errno)") }
    }
    let exit = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    return Result(status: exit, output: output, errors: errors)
  }

  private static func readAll(_ fd: Int32) -> String {
    var data = [UInt8]()
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
      let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
      if n > 0 {
        data += buffer[0..<n]
      } else if n < 0 && errno == EINTR {
        continue
      } else {
        break
      }
    }
    return String(decoding: data, as: UTF8.self)
  }
}

/// Collapses every run of white space to one space, so wrapped text compares with its source.
func loose(_ text: String) -> String {
  text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
}

/// The first line of the screen (the title bar).
func titleBar(_ screen: String) -> String {
  String(screen.split(separator: "\n", omittingEmptySubsequences: false).first ?? "")
}

/// A situation as the situation screen lists it (digit = its number there).
enum SituationChoice: Int, CaseIterable, Sendable {
  case atRisk = 1, suspectedRecruitment, suspectedVictim, confirmedVictim

  var id: String { ["at-risk", "suspected-recruitment", "suspected-victim", "confirmed-victim"][rawValue - 1] }
  var title: String {
    ["At risk", "Suspected recruitment or exploitation by a student", "Suspected victim", "Confirmed victim"][rawValue - 1]
  }
}

/// One full case: a protocol, a situation, and the pathway the guide must walk for it.
struct PathwayCase: Sendable, CustomTestStringConvertible {
  var protocolID: String
  /// The protocol's number on the start screen.
  var protocolNumber: Int
  var situation: SituationChoice
  var pathwayID: String
  var stepCount: Int
  /// The protocol does not cover the situation: the case follows the closest pathway.
  var notCovered = false

  var testDescription: String {
    "\(protocolID): \(situation.id)" + (notCovered ? " (not covered; closest \(pathwayID))" : "")
  }

  static let all: [PathwayCase] = [
    .init(protocolID: "san-mateo", protocolNumber: 1, situation: .atRisk, pathwayID: "at-risk", stepCount: 4),
    .init(protocolID: "san-mateo", protocolNumber: 1, situation: .suspectedRecruitment, pathwayID: "suspected-recruitment", stepCount: 2),
    .init(protocolID: "san-mateo", protocolNumber: 1, situation: .suspectedVictim, pathwayID: "suspected-victim", stepCount: 7),
    .init(protocolID: "san-mateo", protocolNumber: 1, situation: .confirmedVictim, pathwayID: "confirmed-victim", stepCount: 8),
    .init(protocolID: "orange-county", protocolNumber: 2, situation: .atRisk, pathwayID: "at-risk", stepCount: 3),
    .init(protocolID: "orange-county", protocolNumber: 2, situation: .suspectedRecruitment, pathwayID: "suspected-recruitment", stepCount: 6),
    .init(protocolID: "orange-county", protocolNumber: 2, situation: .suspectedVictim, pathwayID: "suspected-recruitment", stepCount: 6),
    .init(protocolID: "orange-county", protocolNumber: 2, situation: .confirmedVictim, pathwayID: "suspected-recruitment", stepCount: 6, notCovered: true),
    .init(protocolID: "sro-model", protocolNumber: 3, situation: .atRisk, pathwayID: "suspected-victim", stepCount: 7, notCovered: true),
    .init(protocolID: "sro-model", protocolNumber: 3, situation: .suspectedRecruitment, pathwayID: "suspected-recruitment", stepCount: 5),
    .init(protocolID: "sro-model", protocolNumber: 3, situation: .suspectedVictim, pathwayID: "suspected-victim", stepCount: 7),
    .init(protocolID: "sro-model", protocolNumber: 3, situation: .confirmedVictim, pathwayID: "confirmed-victim", stepCount: 8),
    .init(protocolID: "us-ed-sample", protocolNumber: 4, situation: .atRisk, pathwayID: "suspected-victim", stepCount: 4, notCovered: true),
    .init(protocolID: "us-ed-sample", protocolNumber: 4, situation: .suspectedRecruitment, pathwayID: "confirmed-victim", stepCount: 4, notCovered: true),
    .init(protocolID: "us-ed-sample", protocolNumber: 4, situation: .suspectedVictim, pathwayID: "suspected-victim", stepCount: 4),
    .init(protocolID: "us-ed-sample", protocolNumber: 4, situation: .confirmedVictim, pathwayID: "confirmed-victim", stepCount: 4),
  ]
}

/// What `csec-guide protocol show ID --json` says about a protocol and one of its pathways.
struct ProtocolFacts {
  var title: String
  var pathwayTitle: String
  var stepTitles: [String]

  init(_ protocolID: String, pathway pathwayID: String) throws {
    let result = try CLI.run(["protocol", "show", protocolID, "--json"])
    guard result.status == 0,
      let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any],
      let title = object["title"] as? String,
      let pathways = object["pathways"] as? [[String: Any]],
      let pathway = pathways.first(where: { $0["id"] as? String == pathwayID }),
      let pathwayTitle = pathway["title"] as? String,
      let steps = pathway["steps"] as? [[String: Any]]
    else {
      throw EndToEndFailure(description: "protocol show \(protocolID) --json has no pathway \(pathwayID): \(result.stderr)")
    }
    self.title = title
    self.pathwayTitle = pathwayTitle
    stepTitles = steps.compactMap { $0["title"] as? String }
  }
}

@Suite(.serialized) struct EndToEndTests {
  // MARK: - Helpers that walk the screens

  /// From the start screen: picks the protocol by its number and starts the case.
  func chooseProtocol(_ s: TmuxSession, number: Int, id: String) throws {
    try s.waitFor("Which protocol does your school follow?")
    try s.send("\(number)")
    try s.waitUntil("'> \(number).' to mark protocol \(number)") { $0.contains("> \(number).") }
    try s.send("Enter")
    try openCase(s, id: id)
  }

  static let passphrase = "correct horse battery"

  /// A new case under `id` (its passphrase set), situation `number` chosen, on step 1.
  func openAtFirstStep(_ s: TmuxSession, id: String, situation number: Int) throws {
    try openCase(s, id: id)
    try chooseSituation(s, number)
    try s.waitUntil("step 1 of \(id)'s pathway") { titleBar($0).contains("Step 1 of") }
  }

  /// On the situation screen: picks option `number` by its digit, and chooses it with Enter if
  /// the digit only moved the focus there.
  func chooseSituation(_ s: TmuxSession, _ number: Int) throws {
    // The title bar names the screen ("csec-guide · ID · Situation"); the question itself may
    // scroll away when a lower option is focused.
    let onSituationScreen = { (screen: String) in titleBar(screen).contains("Situation") }
    try s.send("\(number)")
    let screen = try s.waitUntil("option \(number) chosen or focused") {
      !onSituationScreen($0) || $0.contains("> \(number).")
    }
    if onSituationScreen(screen) { try s.send("Enter") }
    let after = try s.waitUntil("the situation screen left") { !onSituationScreen($0) }
    try answerInformationReceivedNow(s, after)
  }

  /// A suspected or confirmed pathway asks when the information was received: now (Enter).
  func answerInformationReceivedNow(_ s: TmuxSession, _ screen: String) throws {
    guard titleBar(screen).contains("information received") else { return }
    try s.send("Enter")
    try s.waitUntil("the information's time recorded") { !titleBar($0).contains("information received") }
  }

  /// Once a protocol is chosen: sets the case's passphrase if the guide asks for one (the
  /// encrypted draft), then waits for the situation screen. Returns that screen.
  @discardableResult
  func openCase(_ s: TmuxSession, id: String) throws -> String {
    let first = try s.waitUntil("the situation screen (or the passphrase form) of \(id)") {
      titleBar($0).contains(id) && (loose($0).contains("What is the situation?") || $0.contains("Set a passphrase"))
    }
    if first.contains("Set a passphrase") {
      try s.type(Self.passphrase)
      try s.send("Tab")
      try s.type(Self.passphrase)
      try s.send("C-d")
      s.passphraseSet = true
    }
    return try s.waitUntil("the situation screen of \(id)") {
      titleBar($0).contains(id) && loose($0).contains("What is the situation?") && !$0.contains("Set a passphrase")
    }
  }

  /// Marks step `number` done with a note and a reference (d, note, Tab, reference, Ctrl-D);
  /// `done` is how many steps are done afterwards.
  func markDone(_ s: TmuxSession, step number: Int, note: String, reference: String, done: Int) throws {
    try s.send("d")
    try s.waitFor("Step \(number) done:")
    try s.type(note)
    try s.send("Tab")
    try s.type(reference)
    try s.waitFor(reference)
    try s.send("C-d")
    try s.waitUntil("step \(number) marked done (\(done) done)") {
      !$0.contains("Step \(number) done:") && $0.contains(" \(done) done,")
    }
  }

  /// Marks step `number` not applicable with a reason (x, reason, Ctrl-D); `notApplicable` is
  /// how many steps are not applicable afterwards.
  func markNotApplicable(_ s: TmuxSession, step number: Int, reason: String, notApplicable: Int) throws {
    try s.send("x")
    try s.waitFor("Step \(number) does not apply:")
    try s.type(reason)
    try s.waitFor(reason)
    try s.send("C-d")
    try s.waitUntil("step \(number) marked not applicable") {
      !$0.contains("Step \(number) does not apply:") && $0.contains(" \(notApplicable) n/a,")
    }
  }

  /// After a step is recorded: on to step `number` (the guide may already have moved there; if
  /// it stayed, `n` moves on).
  func goToStep(_ s: TmuxSession, _ number: Int, of count: Int) throws {
    let screen = try s.waitUntil("step \(number - 1) or \(number) of \(count)") {
      titleBar($0).contains("Step \(number - 1) of \(count)") || titleBar($0).contains("Step \(number) of \(count)")
    }
    if !titleBar(screen).contains("Step \(number) of \(count)") { try s.send("n") }
    try s.waitUntil("step \(number) of \(count)") { titleBar($0).contains("Step \(number) of \(count)") }
  }

  /// Reviews, finishes and saves the summary as plain text; returns the path the status line gave.
  func finishAndSave(_ s: TmuxSession) throws -> String {
    try s.send("f")
    try s.waitUntil("the review screen") { titleBar($0).contains("Review the summary") && $0.contains("CONFIDENTIAL") }
    try s.send("f")
    try s.waitFor("Finish the case")
    try s.send("y")
    try s.waitFor("The case is finished")
    try s.send("s")
    let dialog = try s.waitFor("Plain text (.txt)")
    // The format list saves with Enter; the export form (format and destination, plain text
    // and a new file preselected) saves with Ctrl-D, as every form does.
    try s.send(loose(dialog).contains("Ctrl-D export") ? "C-d" : "Enter")
    let screen = try s.waitFor("Saved to ")
    let text = loose(screen)
    guard let range = text.range(of: "Saved to ") else { throw EndToEndFailure(description: screen) }
    var path = String(text[range.upperBound...].prefix { !$0.isWhitespace })
    #expect(path.hasSuffix(".txt"), "status line: \(screen)")
    // A name alone is in the current directory.
    if !path.hasPrefix("/") { path = s.directory + "/" + path }
    return path
  }

  /// Walks a whole case from launch to the saved summary, then quits; checks the file.
  func walk(_ c: PathwayCase, in s: TmuxSession) throws {
    let facts = try ProtocolFacts(c.protocolID, pathway: c.pathwayID)
    try #require(facts.stepTitles.count == c.stepCount, "the \(c.pathwayID) pathway of \(c.protocolID) has \(facts.stepTitles.count) steps")
    let tag = "\(c.protocolID)/\(c.situation.id)"

    try chooseProtocol(s, number: c.protocolNumber, id: c.protocolID)
    try chooseSituation(s, c.situation.rawValue)
    if c.notCovered {
      try s.waitFor("This protocol does not cover: \(c.situation.title)")
      try s.waitUntil("the closest pathway offered and focused") {
        loose($0).contains("> 1. Follow the closest pathway this protocol has: \(facts.pathwayTitle)")
      }
      try s.send("Enter")
      try answerInformationReceivedNow(s, try s.waitUntil("the not-covered screen left") { !$0.contains("This protocol does not cover") })
    }
    try s.waitUntil("step 1 of \(c.stepCount)") {
      titleBar($0).contains("Step 1 of \(c.stepCount)") && loose($0).contains("Step 1: \(facts.stepTitles[0])")
    }

    // Not the report step (step 2 of some suspected and confirmed pathways): marking that one not
    // applicable needs a confirmation that no report is made (issue 12).
    let notApplicableStep = c.stepCount >= 3 ? 3 : 2
    var done = 0
    for (i, title) in facts.stepTitles.enumerated() {
      let number = i + 1
      if number > 1 { try goToStep(s, number, of: c.stepCount) }
      try s.waitUntil("step \(number): \(title), pending") {
        titleBar($0).contains("Step \(number) of \(c.stepCount)") && loose($0).contains("Step \(number): \(title) [PENDING]")
      }
      if number == notApplicableStep {
        try markNotApplicable(s, step: number, reason: "reason \(number) does not apply to \(tag)", notApplicable: 1)
      } else {
        done += 1
        try markDone(s, step: number, note: "note \(number) for \(tag)", reference: "REF-\(number)", done: done)
      }
    }
    try s.waitFor("\(c.stepCount - 1) done, 1 n/a, 0 pending")

    let path = try finishAndSave(s)
    try s.send("q")
    #expect(try s.waitForExit() == 0, "exit status after q")

    #expect(URL(fileURLWithPath: path).deletingLastPathComponent().path == s.directory, "saved to \(path), not in \(s.directory)")
    let attributes = try FileManager.default.attributesOfItem(atPath: path)
    #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600, "mode of \(path)")
    let saved = try String(contentsOfFile: path, encoding: .utf8)
    let text = loose(saved)
    #expect(text.contains("CONFIDENTIAL"))
    #expect(text.contains(loose(facts.title)), "protocol title missing")
    #expect(text.contains("Pathway: \(loose(facts.pathwayTitle))"))
    for (i, title) in facts.stepTitles.enumerated() {
      let number = i + 1
      #expect(text.contains("Step \(number): \(loose(title)) ["), "step \(number) '\(title)' missing")
      if number == notApplicableStep {
        #expect(text.contains("Reason: reason \(number) does not apply to \(tag)"))
      } else {
        #expect(text.contains("Note: note \(number) for \(tag)"), "note of step \(number) missing")
        #expect(text.contains("Reference: REF-\(number)"), "reference of step \(number) missing")
      }
    }
    #expect(saved.components(separatedBy: "NOT APPLICABLE").count - 1 == 1, "NOT APPLICABLE should appear once:\n\(saved)")
    if c.notCovered { #expect(text.contains("as the protocol's closest pathway"), "closest pathway not recorded") }
    let stty = s.terminalSettings
    #expect(stty.before != nil && stty.before == stty.after, "terminal settings changed: \(stty)")
  }

  // MARK: - 1. A full case for every pathway of every built-in protocol

  @Test(arguments: PathwayCase.all)
  func fullCaseFromLaunchToSavedSummary(_ c: PathwayCase) throws {
    let s = try TmuxSession()
    defer { s.close() }
    try walk(c, in: s)
  }

  // MARK: - 2. Screening

  @Test func screeningThatIsMetLeadsToTheAtRiskPathway() throws {
    let s = try TmuxSession(["--protocol", "san-mateo"])
    defer { s.close() }
    try openCase(s, id: "san-mateo")
    try s.waitFor("Not sure: screen the at-risk factors")
    try chooseSituation(s, 5)
    try s.waitUntil("the screening, first factor focused") {
      titleBar($0).contains("At-risk screening") && $0.contains("> [ ] 1.")
    }
    try s.waitFor("Determination: At-risk concern not met")
    try s.send("Space")
    try s.waitUntil("the first factor marked present") { $0.contains("> [x] 1.") }
    try s.waitFor("Determination: At-risk concern met")
    try s.send("c")
    // Wait for the whole frame: the title bar can arrive a moment before the body.
    let screen = try s.waitUntil("step 1 of the at-risk pathway") {
      titleBar($0).contains("Step 1 of 4") && loose($0).contains("Step 1: Make a Child Welfare report")
    }
    #expect(loose(screen).contains("\"At-Risk\" Factors"))
    #expect(loose(screen).contains("Step 1: Make a Child Welfare report"))
  }

  @Test func screeningThatIsNotMetAsksForTheReason() throws {
    let s = try TmuxSession(["--protocol", "orange-county"])
    defer { s.close() }
    try openCase(s, id: "orange-county")
    try chooseSituation(s, 5)
    try s.waitUntil("the screening") { titleBar($0).contains("At-risk screening") }
    // Criterion 1 has three factors: the fourth row is criterion 2's first.
    try s.send("Down", "Down", "Down")
    try s.waitUntil("criterion 2's first factor focused") { $0.contains("> [ ] 1.") && $0.contains("  [ ] 3.") }
    try s.send("Space")
    try s.waitUntil("criterion 2's first factor marked") { $0.contains("> [x] 1.") }
    try s.waitFor("Determination: At-risk concern not met")
    try s.send("c")
    try s.waitFor("At-risk criteria not met")
    try s.type("One indicator only, check in weekly")
    try s.send("C-d")
    // Back on the situation screen, scrolled so the recorded screening shows.
    let screen = try s.waitFor("Screening recorded")
    #expect(titleBar(screen).contains("Situation") && !screen.contains("At-risk criteria not met"), "\(screen)")
    #expect(loose(screen).contains("Screening recorded: At-risk concern not met"))
    #expect(loose(screen).contains("Note: One indicator only, check in weekly"))
  }

  // MARK: - 3. Resizing keeps the open form and what was typed

  @Test func resizeInTheMiddleOfACaseKeepsTheForm() throws {
    let s = try TmuxSession(["--protocol", "san-mateo"])
    defer { s.close() }
    try openCase(s, id: "san-mateo")
    try chooseSituation(s, 3)
    try s.waitUntil("step 1 of 7") { titleBar($0).contains("Step 1 of 7") }
    try s.send("n")
    try s.waitUntil("step 2 of 7") { titleBar($0).contains("Step 2 of 7") }
    try s.send("n")
    try s.waitUntil("step 3 of 7") { titleBar($0).contains("Step 3 of 7") }
    try s.send("d")
    try s.waitFor("Step 3 done:")
    let note = "Typed before the window changed size"
    try s.type(note)
    try s.waitFor(note)

    try s.resize(width: 100, height: 30)
    try s.waitUntil("the form redrawn at 100 columns") {
      titleBar($0).count > 90 && titleBar($0).hasSuffix("^R reference") && loose($0).contains(note) && $0.contains("Step 3 done:")
    }
    try s.resize(width: 50, height: 15)
    let small = try s.waitFor("Please enlarge the window")
    #expect(loose(small).contains("50 by 15"), "the message should give the current size:\n\(small)")
    try s.resize(width: 80, height: 24)
    try s.waitUntil("the form back at 80 columns") {
      !$0.contains("Please enlarge") && $0.contains("Step 3 done:") && loose($0).contains(note)
    }
    try s.send("C-d")
    let after = try s.waitUntil("the form saved") { !$0.contains("Step 3 done:") && $0.contains(" 1 done,") }
    if !titleBar(after).contains("Step 3 of 7") {
      try s.send("3")  // the guide moved on to the next step: back to step 3
    }
    try s.waitUntil("step 3 done") { titleBar($0).contains("Step 3 of 7") && $0.contains("[DONE") }
    // The report panel under the step leaves less room at 80x24: scroll down to the note.
    for _ in 0..<6 where !loose(try s.screen).contains("Note: \(note)") {
      let before = try s.screen
      try s.send("Down")
      _ = try? s.waitUntil("the step scrolled", timeout: .seconds(2)) { $0 != before }
    }
    try s.waitUntil("step 3 done with the note") {
      titleBar($0).contains("Step 3 of 7") && loose($0).contains("Note: \(note)")
    }
  }

  // MARK: - 4. Quitting

  @Test(arguments: ["q", "C-c"])
  func quitRightAfterLaunchExitsAtOnce(_ key: String) throws {
    let s = try TmuxSession()
    defer { s.close() }
    try s.waitFor("Which protocol does your school follow?")
    try s.send(key)
    #expect(try s.waitForExit() == 0)
  }

  @Test(arguments: ["q", "C-c"])
  func quitAfterRecordingAsksFirst(_ key: String) throws {
    let s = try TmuxSession(["--protocol", "san-mateo"])
    defer { s.close() }
    try openCase(s, id: "san-mateo")
    try chooseSituation(s, 2)
    try s.waitUntil("step 1 of 2") { titleBar($0).contains("Step 1 of 2") }
    try markDone(s, step: 1, note: "recorded", reference: "R1", done: 1)

    let confirmation = { (screen: String) in loose(screen).contains("Quit") && loose(screen).contains("y quits") }
    try s.send(key)
    try s.waitUntil("the quit confirmation", confirmation)
    try s.send("n")
    let stayed = try s.waitUntil("the confirmation gone") { !confirmation($0) }
    #expect(titleBar(stayed).contains("san-mateo") && stayed.contains(" 1 done,"), "n should stay in the case:\n\(stayed)")
    // Still running: the status file is not there.
    #expect(s.terminalSettings.after == nil, "the program exited after n")

    try s.send(key)
    try s.waitUntil("the quit confirmation again", confirmation)
    try s.send("y")
    #expect(try s.waitForExit() == 0)
  }

  /// With an encrypted draft the recorded work is kept ('csec-guide resume'): the quit
  /// confirmation must not say it will be lost.
  @Test func quitConfirmationIsTrueAboutTheDraft() throws {
    let s = try TmuxSession(["--protocol", "us-ed-sample"])
    defer { s.close() }
    try openCase(s, id: "us-ed-sample")
    try #require(s.passphraseSet, "this check is about cases kept in an encrypted draft")
    try chooseSituation(s, 4)
    try s.waitUntil("step 1 of 4") { titleBar($0).contains("Step 1 of 4") }
    try markDone(s, step: 1, note: "kept in the draft", reference: "D1", done: 1)
    try s.waitForAbsence(of: "Preparing the encrypted draft")
    try s.send("q")
    let confirmation = try s.waitUntil("the quit confirmation") { loose($0).contains("y quits") }
    try s.send("y")
    #expect(try s.waitForExit() == 0)
    let drafts = try CLI.run(["drafts", "list"], environment: ["HOME": s.directory, "XDG_STATE_HOME": s.directory + "/state"])
    #expect(drafts.status == 0 && drafts.stdout.contains("us-ed-sample"), "the case should be in a draft: \(drafts.stdout)\(drafts.stderr)")
    let claimsLoss = loose(confirmation).contains("will be lost")
    #expect(!claimsLoss, "The case is kept in its encrypted draft (csec-guide resume restores it), but the quit confirmation says it will be lost:\n\(confirmation)")
  }

  // MARK: - 5. A plain terminal in a non-UTF-8 locale

  @Test func vt100InTheCLocaleDrawsASCIIOnly() throws {
    let s = try TmuxSession(term: "vt100", locale: "C")
    defer { s.close() }
    s.requireASCII = true
    let start = try s.waitFor("Which protocol does your school follow?")
    #expect(start.contains("> 1."), "the focused protocol should be marked with '>':\n\(start)")
    try s.send("Down")
    try s.waitUntil("'>' moved to protocol 2") { $0.contains("> 2.") && !$0.contains("> 1.") }
    try s.send("Up")
    try s.waitUntil("'>' back on protocol 1") { $0.contains("> 1.") }
    // The title bar's separators fold to ASCII instead of disappearing.
    #expect(titleBar(try s.screen).contains("csec-guide * Choose the protocol"), "title bar: \(titleBar(s.lastScreen))")
    try walk(PathwayCase.all.first { $0.protocolID == "us-ed-sample" && $0.situation == .confirmedVictim }!, in: s)
  }

  // MARK: - 6. The terminal is restored

  @Test func quittingRestoresTheTerminalSettings() throws {
    let s = try TmuxSession(["--protocol", "sro-model"])
    defer { s.close() }
    try openCase(s, id: "sro-model")
    try s.send("q")
    #expect(try s.waitForExit() == 0)
    let stty = s.terminalSettings
    #expect(stty.before != nil && stty.before == stty.after, "before: \(stty.before ?? "none"), after: \(stty.after ?? "none")")
  }

  @Test(arguments: [(SIGTERM, Int32(143)), (SIGHUP, Int32(129))])
  func aSignalRestoresTheTerminalAndReportsIt(_ signal: Int32, _ status: Int32) throws {
    let s = try TmuxSession(["--protocol", "san-mateo"])
    defer { s.close() }
    try openCase(s, id: "san-mateo")
    try chooseSituation(s, 3)
    try s.waitUntil("step 1 of 7") { titleBar($0).contains("Step 1 of 7") }
    // In the middle of typing a note: the terminal is in curses' mode.
    try s.send("d")
    try s.waitFor("Step 1 done:")
    try s.type("half typed")
    try s.waitFor("half typed")
    let pid = try s.programPID()
    #expect(kill(pid, signal) == 0)
    #expect(try s.waitForExit() == status)
    let stty = s.terminalSettings
    #expect(stty.before != nil && stty.before == stty.after, "before: \(stty.before ?? "none"), after: \(stty.after ?? "none")")
  }

  // MARK: - 7. Esc acts at once

  @Test func escapeClosesAnEmptyFormAtOnce() throws {
    let s = try TmuxSession(["--protocol", "us-ed-sample"])
    defer { s.close() }
    try openCase(s, id: "us-ed-sample")
    try chooseSituation(s, 4)
    try s.waitUntil("step 1 of 4") { titleBar($0).contains("Step 1 of 4") }
    try s.send("d")
    try s.waitFor("Step 1 done:")
    // A lone Esc, with no key after it, closes the form (how fast is a figure of
    // scripts/benchmark.py, never a test's pass or fail).
    try s.send("Escape")
    let after = try s.waitUntil("the form closed by Esc alone") { !$0.contains("Step 1 done:") }
    #expect(titleBar(after).contains("Step 1 of 4") && after.contains("[PENDING]"), "Esc should cancel:\n\(after)")

    // With text typed, Esc asks first; any key but y keeps the text.
    try s.send("d")
    try s.waitFor("Step 1 done:")
    try s.type("keep me")
    try s.waitFor("keep me")
    try s.send("Escape")
    try s.waitFor("Discard what you typed?")
    try s.send("n")
    try s.waitUntil("the text kept") { !$0.contains("Discard what you typed?") && $0.contains("keep me") && $0.contains("Step 1 done:") }
    try s.send("Escape")
    try s.waitFor("Discard what you typed?")
    try s.send("y")
    try s.waitUntil("the form discarded") { !$0.contains("Step 1 done:") && $0.contains("[PENDING]") }
  }

  // MARK: - 8. Choosing the protocol

  @Test func protocolOptionSkipsTheProtocolScreen() throws {
    let s = try TmuxSession(["--protocol", "orange-county"])
    defer { s.close() }
    let first = try s.waitUntil("the first screen") { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
    #expect(!first.contains("Which protocol does your school follow?"), "the protocol question was asked:\n\(first)")
    let screen = try openCase(s, id: "orange-county")
    #expect(titleBar(screen).contains("orange-county"))
    #expect(loose(screen).contains("Commercial Sexual Exploitation of Children (CSEC) Protocol for Orange County Educators"))
    // Nothing recorded yet: Esc goes back to the protocol list, with this protocol focused.
    try s.send("Escape")
    let list = try s.waitFor("Which protocol does your school follow?")
    #expect(list.contains("> 2."), "orange-county should be focused:\n\(list)")
  }

  @Test func theLastProtocolChosenIsRemembered() throws {
    let directory = try TmuxSession.makeDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }

    let first = try TmuxSession(directory: directory)
    defer { first.close() }
    let fresh = try first.waitFor("Which protocol does your school follow?")
    #expect(fresh.contains("> 1."), "with nothing remembered the first protocol is focused:\n\(fresh)")
    try first.send("Down", "Down")
    try first.waitUntil("protocol 3 focused") { $0.contains("> 3.") }
    try first.send("Enter")
    try openCase(first, id: "sro-model")
    try first.send("q")
    #expect(try first.waitForExit() == 0)
    let remembered = try? String(contentsOfFile: directory + "/state/csec-guide/last-protocol", encoding: .utf8)
    #expect(remembered?.trimmingCharacters(in: .whitespacesAndNewlines) == "sro-model")

    let second = try TmuxSession(directory: directory)
    defer { second.close() }
    let list = try second.waitFor("Which protocol does your school follow?")
    #expect(list.contains("> 3."), "sro-model should be pre-selected:\n\(list)")
    #expect(!list.contains("> 1."), "only one protocol is focused:\n\(list)")
    try second.send("Enter")
    try openCase(second, id: "sro-model")
    try second.send("q")
    #expect(try second.waitForExit() == 0)
  }
}
