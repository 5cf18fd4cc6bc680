import Foundation  // tests only: searching the output
import GuideEngine
@testable import GuidePlain
import GuideProtocols
import Testing

/// The built-in protocols and scenarios, and a fixed clock, for every plain-mode test.
enum PlainFixtures {
  static let catalog = ProtocolCatalog.load(protocolDir: nil, environment: [:], standard: false)
  static let now = Timestamp(iso8601: "2026-01-15T09:00:00-08:00")!

  static func guide(_ id: String) throws -> GuideProtocol {
    try #require(catalog.find(id)?.guide, "no built-in protocol \(id)")
  }

  static var scenarios: [TrainingScenario] {
    let (loaded, problems) = catalog.loadScenarios()
    #expect(problems.isEmpty, "\(problems)")
    return loaded.map(\.scenario)
  }

  /// Plays `lines` through plain mode for a real case, as a script gives them (an answer that
  /// does not fit stops the run), or as typed at a terminal (`terminal`: it is asked again).
  static func run(_ lines: [String], protocolID: String? = nil, exportDirectory: String? = nil, terminal: Bool = false) -> Played {
    play(ScriptedIO(lines, inputIsTerminal: terminal), protocolID: protocolID, exportDirectory: exportDirectory)
  }

  /// Plays lines, Ctrl-C and Ctrl-D as typed at a terminal.
  static func type(_ inputs: [PlainInput], protocolID: String? = nil) -> Played {
    play(ScriptedIO(inputs: inputs, inputIsTerminal: true), protocolID: protocolID, exportDirectory: nil)
  }

  static func play(_ io: ScriptedIO, protocolID: String?, exportDirectory: String?) -> Played {
    var guide = PlainGuide(
      io: io,
      options: PlainOptions(
        protocols: catalog.protocols, protocolID: protocolID, exportDirectory: exportDirectory, now: { now }))
    let outcome = guide.run()
    return Played(outcome: outcome, guide: guide)
  }

  /// Plays `lines` through a training walkthrough of `scenario`.
  static func train(_ lines: [String], scenario: String?, terminal: Bool = false) -> Played {
    var guide = PlainGuide(
      io: ScriptedIO(lines, inputIsTerminal: terminal), options: PlainOptions(protocols: catalog.protocols, now: { now }))
    let outcome = guide.runTraining(scenarios, scenarioID: scenario)
    return Played(outcome: outcome, guide: guide)
  }
}

/// What a played conversation left: how it ended, what it wrote, and the case.
struct Played {
  var outcome: PlainOutcome
  var guide: PlainGuide<ScriptedIO>

  var output: String { guide.io.output }
  var state: CaseState? { guide.current?.state }
  /// Every line of the script was read (none left over, so none was skipped by mistake).
  var readEverything: Bool { guide.io.consumed == guide.io.inputs.count }

  /// The last summary printed with the export's "print it here", exactly as printed.
  func printedSummary(_ format: SummaryFormat = .text) -> String? {
    let begin = "BEGIN SUMMARY (\(format.rawValue))\n"
    guard let start = output.range(of: begin, options: .backwards)?.upperBound,
      let end = output[start...].range(of: "END SUMMARY\n")?.lowerBound
    else { return nil }
    return String(output[start..<end])
  }

  /// No escape character (and no other control character than line breaks) anywhere.
  var hasNoControlCharacters: Bool {
    !output.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" || (0x7F...0x9F).contains($0.value) }
  }
}

/// The answers a person types, built together with the engine events they must send: the test
/// then compares the summary plain mode printed with the one the engine builds from the events.
struct Script {
  let guide: GuideProtocol
  var lines: [String] = []
  var actions: [CaseAction]

  init(_ guide: GuideProtocol, mode: CaseMode = .real) {
    self.guide = guide
    actions = [.opened(protocolID: guide.id, mode: mode)]
  }

  mutating func type(_ answers: String...) { lines += answers }
  mutating func expect(_ action: CaseAction) { actions.append(action) }

  mutating func done(_ step: String, note: String = "", reference: String = "") {
    type("d", note, reference)
    expect(.stepDone(step: step, note: note.isEmpty ? nil : note, reference: reference.isEmpty ? nil : reference))
  }

  mutating func notApplicable(_ step: String, reason: String) {
    type("x", reason)
    expect(.stepNotApplicable(step: step, reason: reason))
  }

  /// A call on `step`: Enter keeps the contact's name as the agency when `agency` is nil; `time`
  /// empty keeps the time now.
  mutating func call(
    _ step: String, agency: String? = nil, person: String = "", badge: String = "", referral: String = "",
    time: String = "", outcome: CallRecord.Outcome, details: String = ""
  ) throws {
    let contact = try #require(guide.pathways.lazy.compactMap { $0.step(step) }.first).contact.flatMap(guide.contact)
    type("c", agency ?? "", person, badge, referral, time, "\(CallRecord.Outcome.allCases.firstIndex(of: outcome)! + 1)", details)
    let calledAt = time.isEmpty ? PlainFixtures.now : try #require(Timestamp(clockText: time, near: PlainFixtures.now))
    let name = agency ?? contact?.name ?? ""
    expect(.callRecorded(step: step, call: CallRecord(
      contactID: contact?.name == name ? contact?.id : nil, agency: name,
      personSpoken: person.isEmpty ? nil : person, badgeOrID: badge.isEmpty ? nil : badge,
      referralNumber: referral.isEmpty ? nil : referral, calledAt: calledAt, outcome: outcome,
      details: details.isEmpty ? nil : details)))
  }

  /// Finish (confirmed), then print the summary in `format`.
  mutating func finishAndPrint(_ format: SummaryFormat = .text) {
    type("f", "y")
    expect(.finished)
    type("e", "\(SummaryFormat.allCases.firstIndex(of: format)! + 1)", "2")
  }

  /// The state the expected events fold to; every event must be accepted.
  var expectedState: CaseState {
    let (state, refused) = CaseReducer(guide: guide).replay(actions.map { CaseEvent(at: PlainFixtures.now, $0) })
    #expect(refused.isEmpty, "the expected events were refused: \(refused)")
    return state
  }

  func expectedSummary(_ format: SummaryFormat = .text) -> String {
    CaseSummary(guide: guide, state: expectedState).rendered(format)
  }
}
