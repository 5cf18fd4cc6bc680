import ArgumentParser
import GuideEngine
import GuidePlain
import GuideProtocols
import GuideSession
import GuideStore
import GuideTUI

#if canImport(Glibc)
  import Glibc
#endif

/// `csec-guide drafts ...`: list, delete and verify the encrypted drafts of this account.
struct DraftsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "drafts",
    abstract: "List, delete and verify the encrypted drafts of unfinished cases.",
    subcommands: [List.self, Delete.self, Verify.self, Summary.self])

  static func store() throws -> DraftStore {
    var configured: String?
    do throws(ConfigError) { configured = try AdminConfig.load(path: nil).draftDirectory } catch {
      StandardError.write(["csec-guide: \(error)"])
      throw ExitCode(78)
    }
    guard let store = StateDirectory.draftStore(configured: configured, environment: ProcessEnvironment.variables()) else {
      StandardError.write(["csec-guide: no state directory (HOME is not set)"])
      throw ExitStatus.noInput
    }
    return store
  }

  /// The zone the summary's times are shown in: the administrator's `time-zone`, else the system's.
  static func zone() throws -> CaseZone {
    do throws(ConfigError) { return CaseZone.system(configured: try AdminConfig.load(path: nil).timeZone) } catch {
      StandardError.write(["csec-guide: \(error)"])
      throw ExitCode(78)
    }
  }

  /// A draft id is checked for form before anything else (no path is built from `../x`).
  static func checkID(_ id: String) throws {
    guard DraftStore.isValidID(id) else {
      StandardError.write(["csec-guide: \(DraftError.invalidID(id))"])
      throw ExitStatus.usage
    }
  }

  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "list",
      abstract: "List drafts by id, case reference, protocol, state and written report due (never their content).",
      discussion: "Read from each draft's clear header, without its passphrase. STATE is open, written report pending or closed; OVERDUE says how long ago the written report fell due while it is still outstanding.")

    func run() throws {
      let drafts = try DraftsCommand.store().list()
      if drafts.isEmpty {
        print("No drafts.")
        return
      }
      let now = Clock.now()
      let zone = try DraftsCommand.zone()
      let rows = drafts.map { listing -> [String] in
        let d = DraftLine(listing, now: now, zone: zone)
        if let problem = d.problem { return [d.id, "-", "-", "-", "-", "-", "cannot be read: \(problem)"] }
        return [d.id, d.reference, d.protocolID, d.opened, d.state, d.due, d.overdue]
      }
      print(Table.render(header: ["ID", "REFERENCE", "PROTOCOL", "OPENED", "STATE", "WRITTEN REPORT DUE", "OVERDUE"], rows: rows), terminator: "")
    }
  }

  struct Delete: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "delete", abstract: "Delete a draft (it cannot be undone).")

    @Argument(help: ArgumentHelp("The draft's id.", valueName: "id"))
    var id: String

    func run() throws {
      let store = try DraftsCommand.store()
      do throws(DraftError) {
        try store.delete(id)
        print("Draft \(id) deleted.")
      } catch {
        StandardError.write(["csec-guide: draft \(id): \(error)"])
        if case .invalidID = error { throw ExitStatus.usage }
        throw error == .locked ? ExitCode(75) : ExitStatus.noInput
      }
    }
  }

  struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "verify",
      abstract: "Check that a draft's log is whole: every entry present and unchanged, and the draft not older than the last one this account saved.",
      discussion: "Asks for the passphrase on the terminal, or reads one line from standard input with --passphrase-stdin. Exit status 0 when the log is whole, 65 when it was altered or damaged, or when the draft is older than the last save this account saw (an older copy was put back).")

    @Argument(help: ArgumentHelp("The draft's id.", valueName: "id"))
    var id: String

    @Flag(help: "Read the passphrase from the first line of standard input.")
    var passphraseStdin = false

    func run() throws {
      disableCoreDumps()
      try DraftsCommand.checkID(id)
      let store = try DraftsCommand.store()
      let passphrase = try Passphrase.read(id: id, fromStandardInput: passphraseStdin)
      let checked: (log: CaseLog, rollback: RollbackWarning?)
      do throws(DraftError) {
        checked = try store.check(id, passphrase: passphrase)
      } catch {
        StandardError.write(["csec-guide: draft \(id): \(error)"])
        throw Self.status(error)
      }
      let log = checked.log
      if let rollback = checked.rollback {
        print("Draft \(id): the log is whole (\(log.entries.count) entries), but the draft is not the last one saved.")
        StandardError.write(["csec-guide: \(rollback)"])
        throw ExitStatus.dataError
      }
      print("Draft \(id): the log is whole: \(log.entries.count) entries, every one present and unchanged (head \(log.head.prefix(16))).")
    }

    /// 64 for an id that is not one (a usage error), 65 for a draft altered or damaged.
    static func status(_ error: DraftError) -> ExitCode {
      if case .invalidID = error { return ExitStatus.usage }
      return ExitStatus.dataError
    }
  }
}

extension DraftsCommand {
  struct Summary: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "summary",
      abstract: "Print the summary of a draft's case to standard output (only when asked).",
      discussion: "Asks for the passphrase on the terminal, or reads one line from standard input with --passphrase-stdin. Use it to get a case's record when the full-screen guide cannot be used.")

    @OptionGroup var source: ProtocolSourceOptions

    @Argument(help: ArgumentHelp("The draft's id.", valueName: "id"))
    var id: String

    @Option(help: "text, markdown or json.")
    var format: String = "text"

    @Flag(help: "Read the passphrase from the first line of standard input.")
    var passphraseStdin = false

    func run() throws {
      guard let format = SummaryFormat(rawValue: format) else {
        StandardError.write(["csec-guide: --format must be text, markdown or json"])
        throw ExitStatus.usage
      }
      disableCoreDumps()
      try DraftsCommand.checkID(id)
      let store = try DraftsCommand.store()
      let passphrase = try Passphrase.read(id: id, fromStandardInput: passphraseStdin)
      let log: CaseLog
      do throws(DraftError) {
        let checked = try store.check(id, passphrase: passphrase)
        log = checked.log
        if let rollback = checked.rollback { StandardError.write(["csec-guide: \(rollback)"]) }
      } catch {
        StandardError.write(["csec-guide: draft \(id): \(error)"])
        throw Verify.status(error)
      }
      guard case .opened(let protocolID, _)? = log.events.first?.action,
        let guide = source.catalog().find(protocolID)?.guide
      else {
        StandardError.write(["csec-guide: draft \(id): its protocol is not available here"])
        throw ExitStatus.dataError
      }
      let (state, refused) = CaseReducer(guide: guide).replay(log.events)
      if !refused.isEmpty {
        StandardError.write(["csec-guide: draft \(id): \(refused.count) entries could not be replayed"])
      }
      print(CaseSummary(guide: guide, state: state, zone: try DraftsCommand.zone().rules).rendered(format), terminator: "")
    }
  }
}

/// The passphrase of a draft: typed at the terminal (plain mode's prompt: echo off, and back on
/// after Ctrl-C, SIGHUP or SIGTERM), or one line of standard input.
enum Passphrase {
  static func read(id: String, fromStandardInput: Bool) throws -> String {
    if fromStandardInput {
      guard let line = readLine() else {
        StandardError.write(["csec-guide: no passphrase given"])
        throw ExitStatus.usage
      }
      return line
    }
    switch PassphrasePrompt.atTerminal("Passphrase for draft \(id):") {
    case .success(let passphrase): return passphrase
    case .failure(let notRead):
      switch notRead {
      case .interrupted: StandardError.write(["csec-guide: interrupted; nothing was read"])
      case .signal: break
      case .noTerminal, .empty: StandardError.write(["csec-guide: no passphrase given"])
      }
      throw ExitCode(notRead.exitStatus)
    }
  }

  /// One line of standard input (--passphrase-stdin).
  static func readLine() -> String? {
    var bytes: [UInt8] = []
    var byte: UInt8 = 0
    while Glibc.read(STDIN_FILENO, &byte, 1) == 1 {
      if byte == 10 { break }
      bytes.append(byte)
      if bytes.count > 4096 { return nil }
    }
    if bytes.last == 13 { bytes.removeLast() }
    return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self)
  }
}
