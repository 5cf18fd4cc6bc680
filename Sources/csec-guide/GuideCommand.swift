import ArgumentParser
import GuideEngine
import GuideProtocols
import GuideSession
import GuideStore
import GuideTUI

#if canImport(Glibc)
  import Glibc
#endif

/// Options of the interactive commands.
struct SessionOptions: ParsableArguments {
  @Flag(help: "Kiosk mode for an sshd ForceCommand account: no suspending, files only to the configured export directory, protocols only from the configuration. See docs/deploy-ssh.md.")
  var restricted = false

  @Option(name: .customLong("config"), help: ArgumentHelp("The administrator's settings file (default /etc/csec-guide/config).", valueName: "file"))
  var configPath: String?

  @Option(help: ArgumentHelp("Delete drafts not changed for this many days (default 14).", valueName: "days"))
  var draftDays: Int?

  @Option(help: ArgumentHelp("Lock the screen after this many minutes without a key; 0 never (default 5).", valueName: "minutes"))
  var idleLockMinutes: Int?

  /// Tests only: the idle lock in seconds, so a test need not wait minutes.
  @Option(help: .hidden)
  var idleLockSeconds: Int?

  @OptionGroup var plainFlags: PlainFlags
}

/// The options of the full-screen guide as plain values: from swift-argument-parser's
/// `GuideCommand` and `ResumeCommand`, or read directly by `GuideArguments.quick`.
struct GuideArguments: Equatable {
  var protocolDir: String?
  var restricted = false
  var configPath: String?
  var draftDays: Int?
  var idleLockMinutes: Int?
  var idleLockSeconds: Int?
  var protocolID: String?
  var debugCrash = false
  var benchmarkScreening: String?
  var plain = PlainRequest()

  init() {}

  init(source: ProtocolSourceOptions, session: SessionOptions) {
    protocolDir = source.protocolDir
    restricted = session.restricted
    configPath = session.configPath
    draftDays = session.draftDays
    idleLockMinutes = session.idleLockMinutes
    idleLockSeconds = session.idleLockSeconds
    plain = session.plainFlags.request
  }

  /// Settings from the config file, then the command line (`SessionPolicy` decides what
  /// restricted mode allows).
  func policy() throws -> SessionPolicy {
    let config: AdminConfig
    do throws(ConfigError) { config = try AdminConfig.load(path: configPath) } catch {
      StandardError.write(["csec-guide: \(error)"])
      throw ExitCode(78)
    }
    return SessionPolicy(
      config: config, restrictedFlag: restricted, draftDays: draftDays, idleLockMinutes: idleLockMinutes,
      environment: ProcessEnvironment.variables(), passwordDatabaseHome: passwordDatabaseHome)
  }

  /// The default command's arguments when they are nothing but the guide's own options, each
  /// once, in the form `--name value` with an ordinary value; nil for anything else (help,
  /// version, a subcommand, `--name=value`, a repeated or unknown option, a value that looks
  /// like an option or is not a plain whole number), which swift-argument-parser then parses.
  /// Building its command tree by reflection is a third of the guide's start-up (callgrind),
  /// and this is how the guide is almost always started. A test checks that both agree.
  static func quick(_ arguments: [String]) -> GuideArguments? {
    var result = GuideArguments()
    var seen = Set<String>()
    var index = 0
    func text() -> String? {
      guard index + 1 < arguments.count else { return nil }
      let value = arguments[index + 1]
      guard !value.isEmpty, !value.hasPrefix("-") else { return nil }
      index += 1
      return value
    }
    func number() -> Int? {
      guard let value = text(), value.count <= 9, value.utf8.allSatisfy({ (48...57).contains($0) }) else { return nil }
      return Int(value)
    }
    while index < arguments.count {
      let name = arguments[index]
      guard seen.insert(name).inserted else { return nil }
      switch name {
      case "--restricted": result.restricted = true
      case "--debug-crash": result.debugCrash = true
      case "--plain": result.plain.plain = true
      case "--answers": guard let v = text() else { return nil }; result.plain.answers = v
      case "--fixed-time": guard let v = text() else { return nil }; result.plain.fixedTime = v
      case "--protocol": guard let v = text() else { return nil }; result.protocolID = v
      case "--protocol-dir": guard let v = text() else { return nil }; result.protocolDir = v
      case "--config": guard let v = text() else { return nil }; result.configPath = v
      case "--benchmark-screening": guard let v = text() else { return nil }; result.benchmarkScreening = v
      case "--draft-days": guard let v = number() else { return nil }; result.draftDays = v
      case "--idle-lock-minutes": guard let v = number() else { return nil }; result.idleLockMinutes = v
      case "--idle-lock-seconds": guard let v = number() else { return nil }; result.idleLockSeconds = v
      default: return nil
      }
      index += 1
    }
    return result
  }
}

/// Builds what the full-screen guide needs from the options, and runs it.
enum GuideLauncher {
  static func run(_ arguments: GuideArguments, resume: Bool = false, resumeID: String? = nil) throws {
    let protocolID = arguments.protocolID
    let benchmarkScreening = arguments.benchmarkScreening
    let policy = try arguments.policy()
    let config = policy.config
    let environment = policy.environment
    let (plain, notice) = arguments.plain.selection()
    if resume, plain, arguments.plain.answers != nil || isatty(STDIN_FILENO) == 0 {
      // The passphrase is typed at a terminal, never read from a script.
      StandardError.write([
        "csec-guide: resuming a draft needs a terminal to type its passphrase at, and standard input is not one; 'csec-guide drafts summary ID --passphrase-stdin' prints a draft's summary."
      ])
      // Chosen automatically: neither the full screen nor plain mode can resume here.
      if notice != nil { throw ExitCode(69) }
      throw ExitStatus.usage
    }
    // Only the protocol the first frame shows is decoded before it; the other built-ins are
    // listed by title and decoded right after that frame, before any key is read. Opening a
    // draft by id needs its protocol at once, and plain mode lists every protocol in full, so
    // then everything is decoded first.
    let catalog = ProtocolCatalog.load(
      protocolDir: policy.protocolDirectory(requested: arguments.protocolDir), environment: policy.protocolEnvironment,
      standard: !policy.restricted,
      deferBuiltins: resumeID == nil && !plain, keep: benchmarkScreening ?? protocolID)
    if let id = protocolID, catalog.find(id) == nil {
      StandardError.write(catalog.problems)
      StandardError.write(["csec-guide: there is no protocol '\(id)'; the protocols are: \(catalog.protocols.map(\.guide.id).joined(separator: ", "))"])
      throw ExitStatus.usage
    }
    let store = policy.draftStore
    if plain {
      if let notice { StandardError.write([notice]) }
      StandardError.write(catalog.problems)
      // Plain mode keeps drafts only for a case typed at a terminal.
      let typed = arguments.plain.answers == nil && isatty(STDIN_FILENO) != 0
      if typed { expireDrafts(store, config: config) }
      try PlainLauncher.runCase(
        catalog: catalog, protocolID: protocolID, policy: policy, request: arguments.plain, draftStore: typed ? store : nil,
        profileStore: typed ? policy.reporterProfileStore : nil,
        resume: resume, resumeID: resumeID)
      return
    }
    guard isatty(STDIN_FILENO) != 0, isatty(STDOUT_FILENO) != 0 else {
      StandardError.write(["csec-guide: the guide needs a terminal (standard input and output are not one). 'csec-guide protocol show ID' prints a protocol."])
      throw ExitCode(69)
    }
    StandardError.write(catalog.problems)
    expireDrafts(store, config: config)
    var options = InteractiveOptions(
      protocols: catalog.protocols.map { ProtocolChoice(guide: $0.guide, origin: $0.origin.description) },
      lastProtocolID: StateDirectory.readLastProtocol(environment: environment),
      protocolID: protocolID,
      rememberProtocol: { StateDirectory.writeLastProtocol($0, environment: environment) },
      now: { [zone = policy.zone] in zone.localize(Clock.now()) })
    options.zone = policy.zone
    options.resume = resume
    options.resumeID = resumeID
    options.draftStore = store
    options.reporterProfileStore = policy.reporterProfileStore
    options.idleLockSeconds = policy.idleLockSeconds(requestedSeconds: arguments.idleLockSeconds)
    options.restricted = policy.restricted
    options.exportDirectory = policy.exportDirectory
    options.crashAfterFirstFrame = arguments.debugCrash
    options.benchmarkScreening = policy.allowsHiddenOptions ? benchmarkScreening : nil
    if !catalog.deferred.isEmpty {
      options.completeProtocols = {
        var complete = catalog
        complete.completeDeferred()
        return (
          complete.protocols.map { ProtocolChoice(guide: $0.guide, origin: $0.origin.description) },
          Array(complete.problems.dropFirst(catalog.problems.count))
        )
      }
    }
    let result = runInteractive(options)
    if let message = result.message { StandardError.write([message]) }
    if let text = result.printAfterExit { print(text, terminator: "") }
    if result.status != 0 { throw ExitCode(result.status) }
  }

  /// Deletes drafts not changed for the configured number of days (a pending written report's
  /// draft is kept), and says so.
  static func expireDrafts(_ store: DraftStore?, config: AdminConfig) {
    guard let store else { return }
    StandardError.write(DraftKeeper.expireOldDrafts(in: store, days: config.draftDays, now: Clock.now()))
  }
}

/// `csec-guide` (the default command): the full-screen walkthrough.
struct GuideCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "guide",
    abstract: "Walk through a case, from choosing the protocol to the reviewed summary (the default).")

  @OptionGroup var source: ProtocolSourceOptions
  @OptionGroup var session: SessionOptions

  @Option(
    name: .customLong("protocol"),
    help: ArgumentHelp("Start with this protocol instead of asking (see 'csec-guide protocol list').", valueName: "id"))
  var protocolID: String?

  @Flag(name: .customLong("debug-crash"), help: .hidden)
  var debugCrash = false

  /// scripts/benchmark.py only: start on a protocol's screening checklist, with no draft.
  @Option(name: .customLong("benchmark-screening"), help: .hidden)
  var benchmarkScreening: String?

  var arguments: GuideArguments {
    var arguments = GuideArguments(source: source, session: session)
    arguments.protocolID = protocolID
    arguments.debugCrash = debugCrash
    arguments.benchmarkScreening = benchmarkScreening
    return arguments
  }

  func run() throws {
    try GuideLauncher.run(arguments)
  }
}

/// `csec-guide resume [ID]`: continue a case from its encrypted draft.
struct ResumeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "resume",
    abstract: "Continue a case from its encrypted draft, exactly where it stopped.")

  @OptionGroup var source: ProtocolSourceOptions
  @OptionGroup var session: SessionOptions

  @Argument(help: ArgumentHelp("The draft's id (see 'csec-guide drafts list'); without it, choose from a list.", valueName: "id"))
  var id: String?

  func run() throws {
    try GuideLauncher.run(GuideArguments(source: source, session: session), resume: true, resumeID: id)
  }
}

/// The wall clock, read only here: the engine receives time in its events.
enum Clock {
  static func now() -> Timestamp {
    var seconds = time(nil)
    var parts = tm()
    localtime_r(&seconds, &parts)
    return Timestamp(secondsSinceEpoch: Int64(seconds), utcOffsetMinutes: Int(parts.tm_gmtoff / 60))
  }
}
