import GuideEngine
import GuideProtocols
import Testing

@testable import GuideSession

/// The finish question names what the case leaves open: the report's missing items, the
/// pending steps of the pathway followed now, and those left pending in pathways followed
/// before an escalation (they were left out, so finishing looked complete when it was not).
@Suite struct FinishWarningsTests {
  @Test func stepsLeftPendingBeforeAnEscalationAreNamed() throws {
    let catalog = ProtocolCatalog.load(protocolDir: nil, environment: [:], standard: false)
    let guide = try #require(catalog.protocols.first { $0.guide.id == "san-mateo" }?.guide)
    var t = Timestamp(secondsSinceEpoch: 1_764_090_000, utcOffsetMinutes: -480)
    func next() -> Timestamp {
      t = Timestamp(secondsSinceEpoch: t.secondsSinceEpoch + 60, utcOffsetMinutes: -480)
      return t
    }
    var session = CaseSession.opened(guide, mode: .real, at: t)
    #expect(session.send(.situationChosen(.atRisk), at: next()) == nil)
    let atRisk = try #require(session.pathway)
    #expect(session.send(.stepDone(step: atRisk.steps[0].id, note: nil, reference: nil), at: next()) == nil)
    #expect(session.send(.escalated(to: .suspectedVictim, reason: "A disclosure"), at: next()) == nil)
    let warnings = session.finishWarnings(now: next())
    let earlier = try #require(warnings.first { $0.hasPrefix("Left pending in '\(atRisk.title)' before the escalation: ") }, "\(warnings)")
    #expect(earlier.contains("2. \(atRisk.steps[1].title)"))
    #expect(!earlier.contains("1. \(atRisk.steps[0].title)"), "a done step is not pending")
  }
}
