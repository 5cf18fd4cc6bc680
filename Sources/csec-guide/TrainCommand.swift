import ArgumentParser
import GuideEngine
import GuideProtocols
import GuideTUI

#if canImport(Glibc)
  import Glibc
#endif

/// `csec-guide train [SCENARIO]`: a training walkthrough with fictional cases.
struct TrainCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "train",
    abstract: "Walk a fictional training scenario with a real protocol, then see the score and debrief.",
    discussion: """
      Nothing is saved: no draft, no passphrase, no screen lock. Every screen says it is training. \
      --plain walks it as numbered questions on standard input and output (docs/accessibility.md). \
      A trainer's own scenarios (docs/scenario-format.md) are read from the protocol directories.
      """)

  @OptionGroup var source: ProtocolSourceOptions
  @OptionGroup var plainFlags: PlainFlags

  @Flag(help: "List the scenarios and exit.")
  var list = false

  @Argument(help: ArgumentHelp("Open this scenario at once (see 'csec-guide train --list').", valueName: "scenario"))
  var scenarioID: String?

  func run() throws {
    let catalog = source.catalog()
    let (scenarios, problems) = catalog.loadScenarios()
    StandardError.write(catalog.problems + problems)
    if list {
      let rows = scenarios.map { [$0.scenario.id, $0.scenario.protocolID, $0.scenario.title, $0.origin.description] }
      print(Table.render(header: ["ID", "PROTOCOL", "TITLE", "FROM"], rows: rows), terminator: "")
      return
    }
    if let id = scenarioID, !scenarios.contains(where: { $0.scenario.id == id }) {
      StandardError.write(["csec-guide: there is no scenario '\(id)'; the scenarios are: \(scenarios.map(\.scenario.id).joined(separator: ", "))"])
      throw ExitStatus.usage
    }
    // A fictional case still shows times as the trainees' clocks do (the zone database at that
    // date, or the administrator's time-zone): the 36 hours are taught in local time, not UTC.
    let zone = try DraftsCommand.zone()
    let (plain, notice) = plainFlags.request.selection()
    if plain {
      if let notice { StandardError.write([notice]) }
      try PlainLauncher.runTraining(
        catalog: catalog, scenarios: scenarios.map(\.scenario), scenarioID: scenarioID, request: plainFlags.request, zone: zone)
      return
    }
    var options = InteractiveOptions(
      protocols: catalog.protocols.map { ProtocolChoice(guide: $0.guide, origin: $0.origin.description) },
      lastProtocolID: nil, protocolID: nil, rememberProtocol: { _ in }, now: { zone.localize(Clock.now()) })
    options.zone = zone
    options.training = scenarios.map(\.scenario)
    options.trainingScenarioID = scenarioID
    options.idleLockSeconds = 0
    options.draftStore = nil
    options.exportDirectory = nil
    let result = runInteractive(options)
    if let message = result.message { StandardError.write([message]) }
    if result.status != 0 { throw ExitCode(result.status) }
  }
}
