import ArgumentParser
import GuideEngine
import GuideProtocols
import GuideTUI

#if canImport(Glibc)
  import Glibc
#endif

/// `csec-guide` (the default command): the full-screen walkthrough.
struct GuideCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "guide",
    abstract: "Walk through a case, from choosing the protocol to the reviewed summary (the default).")

  @OptionGroup var source: ProtocolSourceOptions

  @Option(
    name: .customLong("protocol"),
    help: ArgumentHelp("Start with this protocol instead of asking (see 'csec-guide protocol list').", valueName: "id"))
  var protocolID: String?

  func run() throws {
    let environment = ProcessEnvironment.variables()
    let catalog = source.catalog()
    if let id = protocolID, catalog.find(id) == nil {
      StandardError.write(catalog.problems)
      StandardError.write(["csec-guide: there is no protocol '\(id)'; the protocols are: \(catalog.protocols.map(\.guide.id).joined(separator: ", "))"])
      throw ExitStatus.usage
    }
    guard isatty(STDIN_FILENO) != 0, isatty(STDOUT_FILENO) != 0 else {
      StandardError.write(["csec-guide: the guide needs a terminal (standard input and output are not one). 'csec-guide protocol show ID' prints a protocol."])
      throw ExitCode(69)
    }
    // Problems with a district's files are shown before the screen takes over.
    StandardError.write(catalog.problems)
    let status = runInteractive(InteractiveOptions(
      protocols: catalog.protocols.map { ProtocolChoice(guide: $0.guide, origin: $0.origin.description) },
      lastProtocolID: LocalFiles.readLastProtocol(environment: environment),
      protocolID: protocolID,
      rememberProtocol: { LocalFiles.writeLastProtocol($0, environment: environment) },
      saveSummary: { LocalFiles.saveSummary($0, text: $1, at: $2) },
      now: Clock.now))
    if status != 0 { throw ExitCode(status) }
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
