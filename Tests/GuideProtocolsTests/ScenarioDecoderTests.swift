import GuideEngine
import GuideProtocols
import Testing

/// The scenario checker: every reference is checked against the protocol the scenario walks,
/// and each problem is reported at its line with words a trainer understands.
@Suite struct ScenarioDecoderTests {
  static let protocols = ProtocolCatalog.load(protocolDir: nil, environment: [:], standard: false).protocols.map(\.guide)

  static let valid = """
    format: csec-guide-scenario/1
    id: test-scenario
    title: A test
    protocol: san-mateo
    summary: Two indicators.
    documents:
      - id: smcoe
        title: The protocol
        publisher: SMCOE
    vignette: |-
      Jo (a fictional student) misses school.

      Second paragraph.
    notice:
      - Missed days.
    expected:
      screening:
        determination: met
        answers:
          - {criterion: criterion-2, item: truancy, present: true, why: Misses school.}
          - {criterion: criterion-2, item: runaway-homeless, present: true, why: Couch surfing.}
      situation: at-risk
      pathway: at-risk
      why: Two indicators.
    new-information:
      after-step: ar-step-1
      text: She tells you more.
      escalate-to: suspected-victim
      why: A disclosure.
    debrief:
      - text: Two indicators meet criterion 2.
        source: {document: smcoe, location: "Criterion 2"}
    """

  func decode(_ text: String) -> ScenarioDecoder.Outcome {
    ScenarioDecoder.decode(text, file: "s.yaml", protocols: Self.protocols)
  }

  /// The valid text with `old` replaced, so each case shows exactly what is wrong.
  func messages(replacing old: String, with new: String) -> [String] {
    #expect(Self.validText.contains(old), "the base text has no '\(old)'")
    return decode(Self.validText.replacingFirst(old, with: new)).diagnostics.map(\.description)
  }

  /// The base text with real item and step ids of the built-in San Mateo protocol.
  static let validText: String = {
    let guide = protocols.first { $0.id == "san-mateo" }!
    let c2 = guide.screening!.criterion("criterion-2")!
    let step = guide.pathway(.atRisk)!.steps[0].id
    return valid
      .replacingFirst("item: truancy", with: "item: \(c2.items[0].id)")
      .replacingFirst("item: runaway-homeless", with: "item: \(c2.items[1].id)")
      .replacingFirst("after-step: ar-step-1", with: "after-step: \(step)")
  }()

  @Test func theBaseScenarioIsValid() throws {
    let outcome = decode(Self.validText)
    #expect(outcome.diagnostics.isEmpty, "\(outcome.diagnostics)")
    let scenario = try #require(outcome.scenario)
    #expect(scenario.expected.screening?.answers.count == 2)
    #expect(scenario.newInformation?.escalateTo == .suspectedVictim)
    #expect(DataFileKind.of(bytes: Array(Self.validText.utf8)) == .scenario)
  }

  @Test func referencesAreCheckedAgainstTheProtocol() {
    #expect(messages(replacing: "protocol: san-mateo", with: "protocol: nowhere")
      == ["s.yaml:4:11: the scenario walks the protocol 'nowhere', but the program knows no protocol with that id; 'csec-guide protocol list' shows them"])
    let item = messages(replacing: "criterion: criterion-2, item: ", with: "criterion: criterion-2, item: no-such-")
    #expect(item.count == 1 && item.first?.hasPrefix("s.yaml:20:40:") == true && item.first?.contains("has no item 'no-such-") == true, "\(item)")
    let step = messages(replacing: "after-step: ", with: "after-step: x")
    #expect(step.count == 1 && step[0].contains("has no step 'x"))
    #expect(messages(replacing: "pathway: at-risk", with: "pathway: confirmed-victim")
      == ["s.yaml:23:12: in 'san-mateo' the pathway for 'at-risk' is 'at-risk', not 'confirmed-victim'"])
    #expect(messages(replacing: "escalate-to: suspected-victim", with: "escalate-to: at-risk")
      == ["s.yaml:28:16: 'at-risk' is not more serious than 'at-risk'; a case escalates from at-risk to suspected to confirmed"])
    #expect(messages(replacing: "{document: smcoe,", with: "{document: smco,")
      == ["s.yaml:32:24: the source names the document 'smco', but no document of the scenario has that id (documents are: smcoe)"])
  }

  /// Step expectations name steps of the expected pathways (the first one, or with `pathway:` the
  /// one followed after the new information); a reporting step is "not applicable" only for
  /// reasons the scenario lists (issue 14, item 7).
  @Test func stepExpectationsNameExpectedPathwaysAndAcceptedReasons() throws {
    let steps = { (yaml: String) in
      self.messages(replacing: "  why: Two indicators.\n", with: "  why: Two indicators.\n  steps:\n" + yaml)
    }
    // The at-risk report step (a reporting step) waved away without accepted reasons.
    let bare = steps("    - {step: child-welfare-report, status: addressed, why: W.}\n")
    #expect(bare.count == 1 && bare[0].contains("so 'not applicable' is right only for reasons the scenario names"), "\(bare)")
    #expect(steps("    - {step: child-welfare-report, status: addressed, why: W., accepted-not-applicable: [already reported]}\n").isEmpty)
    let done = steps("    - {step: child-welfare-report, status: done, why: W., accepted-not-applicable: [x]}\n")
    #expect(done.count == 1 && done[0].contains("is expected done"), "\(done)")
    // A step of the pathway followed after the new information, and one of a pathway never expected.
    let later = "    - {step: involve-law-enforcement, pathway: suspected-victim, status: done, why: W.}\n"
    #expect(steps(later).isEmpty)
    let never = steps("    - {step: involve-law-enforcement, pathway: confirmed-victim, status: done, why: W.}\n")
    #expect(never.count == 1 && never[0].contains("does not expect the pathway 'confirmed-victim'"), "\(never)")
    let outcome = decode(Self.validText.replacingFirst("  why: Two indicators.\n", with: "  why: Two indicators.\n  steps:\n" + later))
    #expect(try #require(outcome.scenario).expected.steps.first?.pathway == .suspectedVictim)
  }

  @Test func theSituationNeedsItsReasonFromTheStory() {
    #expect(messages(replacing: "  why: Two indicators.\n", with: "")
      == ["s.yaml:17:3: 'expected' has no 'why'; add it"])
  }

  @Test func theDeterminationMustFollowTheProtocolsRule() {
    #expect(messages(replacing: "determination: met", with: "determination: not-met")
      == ["s.yaml:18:20: with the answers marked present, the protocol's rule gives 'met', not 'not-met'"])
    let one = messages(replacing: "present: true, why: Couch surfing.", with: "present: false, why: Couch surfing.")
    #expect(one.contains("s.yaml:18:20: with the answers marked present, the protocol's rule gives 'not-met', not 'met'"))
    #expect(one.contains("s.yaml:22:14: the screening's criteria are not met, so no pathway follows: write 'situation: none'"))
  }

  @Test func fieldsAreCheckedLikeAProtocols() {
    #expect(messages(replacing: "summary:", with: "sumary:")
      == ["s.yaml:5:1: unknown field 'sumary' in the scenario; did you mean 'summary'?"])
    #expect(messages(replacing: "format: csec-guide-scenario/1", with: "format: csec-guide-scenario/9")
      == ["s.yaml:1:9: this file is written for scenario format version 9, but this program reads version 1; use a newer csec-guide"])
    #expect(messages(replacing: "notice:\n  - Missed days.", with: "notice: []")
      == ["s.yaml:14:9: 'notice' in the scenario is empty; it needs at least one entry"])
  }

  @Test func aReportCannotBeExpectedWhereTheProtocolHasNoReportSection() {
    let guide = Self.protocols.first { $0.id == "us-ed-sample" }!
    let text = """
      format: csec-guide-scenario/1
      id: t
      title: T
      protocol: us-ed-sample
      summary: S.
      documents: [{id: d, title: D, publisher: P}]
      vignette: V.
      notice: [N.]
      expected:
        situation: suspected-victim
        pathway: \(guide.coverage(of: .suspectedVictim).followedPathway!.id.rawValue)
        why: W.
        report: {decision: reporting, why: W.}
      debrief: [{text: T., source: {document: d, location: L}}]
      """
    #expect(decode(text).diagnostics.map(\.description)
      == ["s.yaml:13:11: the protocol 'us-ed-sample' has no mandated-report section, so the scenario cannot expect a report decision"])
  }

  /// `information-received` of `report`: the story's clock time, checked as HH:MM, only with a
  /// report made, under a protocol whose written report counts from that time.
  @Test func theInformationsTimeIsAClockTimeOfAReport() throws {
    let base = "  why: Two indicators.\nnew-information:"
    func with(_ report: String) -> [String] {
      messages(replacing: base, with: "  why: Two indicators.\n  report:\n\(report)\nnew-information:")
    }
    let good = "    decision: reporting\n    why: W.\n    information-received: {at: \"07:50\", why: The note.}"
    #expect(with(good) == [])
    let decoded = try #require(decode(Self.validText.replacingFirst(base, with: "  why: Two indicators.\n  report:\n\(good)\nnew-information:")).scenario)
    #expect(decoded.expected.report?.informationReceived == .init(clock: "07:50", why: "The note."))
    #expect(with(good.replacingOccurrences(of: "07:50", with: "7:50")) == [
      "s.yaml:28:32: '7:50' is not a clock time; write it as HH:MM, 24-hour, in quotes (\"07:50\")"
    ])
    #expect(with(good.replacingOccurrences(of: "07:50", with: "24:00")).first?.contains("'24:00' is not a clock time") == true)
    #expect(with(good.replacingOccurrences(of: "decision: reporting", with: "decision: not-reporting")) == [
      "s.yaml:28:27: 'information-received' is checked only when a report is made; remove it or expect 'decision: reporting'"
    ])
  }
}

extension String {
  func replacingFirst(_ old: String, with new: String) -> String {
    guard let range = range(of: old) else { return self }
    return replacingCharacters(in: range, with: new)
  }
}
