import Foundation  // tests only: JSONSerialization checks the JSON summary parses
import GuideEngine
import Testing

/// A small deterministic generator (SplitMix64), so a failing sequence can be replayed from its seed.
struct SeededGenerator: RandomNumberGenerator {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// Random but plausible user actions for a protocol: mostly valid ids, sometimes not.
struct ActionGenerator {
  let guide: GuideProtocol
  var rng: SeededGenerator

  mutating func pick<T>(_ items: [T]) -> T { items[Int(rng.next() % UInt64(items.count))] }
  mutating func chance(_ percent: UInt64) -> Bool { rng.next() % 100 < percent }

  mutating func text() -> String { pick(["", "  ", "note", "Referral 12-B", "line one\nline two", "ünïcødé ✓"]) }

  mutating func stepID() -> String {
    if chance(5) { return "no-such-step" }
    return pick(pick(guide.pathways).steps).id
  }

  mutating func next(at: Timestamp) -> CaseAction {
    switch rng.next() % 20 {
    case 0: return .opened(protocolID: chance(90) ? guide.id : "other", mode: pick([.real, .training]))
    case 1: return .referenceSet(text())
    case 2: return .screeningOpened
    case 3, 4:
      guard let screening = guide.screening, chance(95) else {
        return .screeningItemSet(criterion: "x", item: "y", present: true)
      }
      let criterion = pick(screening.criteria)
      return .screeningItemSet(criterion: criterion.id, item: pick(criterion.items).id, present: chance(70))
    case 5: return .screeningLeft
    case 6: return .screeningConcluded(note: chance(50) ? nil : text())
    case 7: return .situationChosen(pick(Situation.allCases))
    case 8: return .closestPathwayFollowed
    case 9: return .stepViewed(step: stepID())
    case 10, 11: return .stepDone(step: stepID(), note: chance(50) ? nil : text(), reference: chance(70) ? nil : text())
    case 12: return .stepNotApplicable(step: stepID(), reason: text(), confirmedNoReport: chance(50))
    case 13: return .stepReopened(step: stepID(), reason: chance(50) ? nil : text())
    case 14: return .stepNoteAdded(step: stepID(), text: text())
    case 15:
      let contact = guide.contacts.isEmpty || chance(10) ? "nobody" : pick(guide.contacts).id
      return .callRecorded(step: stepID(), call: CallRecord(
        contactID: contact, agency: pick(["", "County agency"]), referralNumber: chance(50) ? "R1" : nil,
        calledAt: at, outcome: pick(CallRecord.Outcome.allCases)))
    case 16:
      return .reportDecided(chance(50) ? .reporting : .notReporting(reason: text()))
    case 17:
      let field = guide.mandatedReport.map { pick($0.fields).id } ?? "reporter-name"
      return .reportFieldSet(field: field, value: chance(50) ? .unknown : .text(text()))
    case 18:
      if chance(50) { return .escalated(to: pick(Situation.allCases), reason: text()) }
      // Sent now, a little earlier, or (refused) later than now.
      let sentAt = Timestamp(secondsSinceEpoch: at.secondsSinceEpoch + pick([0, -7200, 600]), utcOffsetMinutes: at.utcOffsetMinutes)
      return .writtenReportSent(at: sentAt, reference: chance(50) ? nil : text())
    default:
      switch rng.next() % 10 {
      case 0: return .finished
      case 1:
        return .informationReceived(at: Timestamp(
          secondsSinceEpoch: at.secondsSinceEpoch + pick([0, -3600, -40 * 3600, 600]), utcOffsetMinutes: at.utcOffsetMinutes))
      case 2: return .caseClosed(reason: text())
      default: return .caseNoteAdded(text())
      }
    }
  }
}

@Suite struct CasePropertyTests {
  /// Thousands of random event sequences over every built-in protocol; after every event the
  /// case invariants hold, and the log replays to the same state.
  @Test(arguments: ["san-mateo", "orange-county", "sro-model", "us-ed-sample"])
  func invariantsHoldForAnySequenceOfEvents(protocolID: String) throws {
    let guide = try Fixtures.guide(protocolID)
    let reducer = CaseReducer(guide: guide)
    for seed in UInt64(1)...250 {
      var generator = ActionGenerator(guide: guide, rng: SeededGenerator(seed: seed &* 7919))
      var clock = Fixtures.Clock()
      var state = CaseState()
      var attempted: [CaseEvent] = []
      var accepted = 0
      // A model of each step's marks, kept from the accepted events alone: the reducer's records
      // must agree with it (how often done and reopened, and the status the last mark left).
      var model: [StepKey: (done: Int, reopened: Int, status: StepStatus)] = [:]
      // Most sequences start by opening the case, so that they get somewhere.
      var actions: [CaseAction] = generator.chance(90) ? [.opened(protocolID: guide.id, mode: .real)] : []
      for _ in 0..<80 { actions.append(generator.next(at: clock.next())) }
      for action in actions {
        let event = CaseEvent(at: clock.next(), action)
        attempted.append(event)
        let before = state
        var wasAccepted = true
        do throws(CaseError) {
          try reducer.reduce(&state, event)
        } catch {
          wasAccepted = false
          #expect(state == before, "seed \(seed): a refused event changed the state: \(action)")
        }
        if wasAccepted {
          accepted += 1
          if let pathway = before.activeRun?.pathway {
            switch action {
            case .stepDone(let step, _, _):
              let key = StepKey(pathway: pathway, step: step)
              let old = model[key] ?? (0, 0, .pending)
              model[key] = (old.done + 1, old.reopened, .done)
            case .stepNotApplicable(let step, let reason, _):
              let key = StepKey(pathway: pathway, step: step)
              let old = model[key] ?? (0, 0, .pending)
              model[key] = (old.done, old.reopened, .notApplicable(reason: reason.trimmingWhitespace()))
            case .stepReopened(let step, _):
              let key = StepKey(pathway: pathway, step: step)
              let old = model[key] ?? (0, 0, .pending)
              model[key] = (old.done, old.reopened + 1, .pending)
            default:
              break
            }
          }
          if before.isFinished {
            // A finished case takes only what completes its written report.
            var completes = false
            switch action {
            case .writtenReportSent, .caseClosed, .informationReceived: completes = true
            default: break
            }
            #expect(before.lifecycle == .writtenReportPending && completes, "seed \(seed): a finished case accepted \(action)")
          }
          // Escalation, or anything else, never drops or alters another step's record.
          for (key, record) in before.steps {
            let after = try #require(state.steps[key], "seed \(seed): \(action) dropped \(key)")
            if case .escalated = action { #expect(after == record, "seed \(seed)") }
          }
          #expect(state.timeline.count >= before.timeline.count)
          #expect(Array(state.timeline.prefix(before.timeline.count)) == before.timeline, "the timeline is append-only")
        }
        #expect(state.acceptedEvents == accepted)
        for (key, record) in state.steps {
          #expect(record.timesDone <= record.timesReopened + 1, "seed \(seed): \(key) done twice without a reopening")
          let expected = model[key] ?? (0, 0, .pending)
          #expect(record.timesDone == expected.done, "seed \(seed): \(key) times done")
          #expect(record.timesReopened == expected.reopened, "seed \(seed): \(key) times reopened")
          #expect(record.status == expected.status, "seed \(seed): \(key) status")
        }
        for (key, expected) in model {
          #expect(state.steps[key] != nil || (expected.done == 0 && expected.reopened == 0), "seed \(seed): \(key) has no record")
        }
        // The lifecycle follows the case: open until finished, then pending or closed.
        #expect(state.isFinished == (state.lifecycle != .open), "seed \(seed)")
        if state.isFinished, state.writtenReportSent != nil { #expect(state.lifecycle == .closed, "seed \(seed)") }
        // A report step on a suspected or confirmed pathway is skipped only on purpose.
        for (key, record) in state.steps where key.pathway != .atRisk {
          if case .notApplicable = record.status, guide.pathway(key.pathway)?.step(key.step)?.mandatedReport == true {
            #expect(record.confirmedNoReport, "seed \(seed): \(key) skipped without confirmation")
          }
        }
        if state.phase == .walkingPathway {
          let run = try #require(state.activeRun, "seed \(seed): walking without a pathway")
          let pathway = try #require(guide.pathway(run.pathway))
          #expect(pathway.steps.indices.contains(state.currentStepIndex), "seed \(seed)")
        }
      }
      // Replay is deterministic: the whole attempted log folds to the same state, twice.
      let first = reducer.replay(attempted)
      let second = reducer.replay(attempted)
      #expect(first.state == state, "seed \(seed): replay differs from the live state")
      #expect(second.state == first.state)
      #expect(first.refused.count == attempted.count - accepted)
      // The summary can always be written, whatever state the case is in, and it says what the
      // case holds: every step of every pathway followed, with the status its record has, and
      // every timeline entry; the JSON form parses.
      let summary = CaseSummary(guide: guide, state: state)
      let document = summary.document
      for run in summary.runs {
        let section = try #require(
          document.sections.first { $0.title == "Pathway: \(run.pathway.title)" }, "seed \(seed): \(run.pathway.id) missing")
        let items = section.blocks.compactMap { block -> String? in
          if case .item(let text, _) = block { return text }
          return nil
        }
        #expect(items.count == run.pathway.steps.count, "seed \(seed): \(run.pathway.id) step count")
        for (offset, step) in run.pathway.steps.enumerated() {
          let status: String
          switch state.record(pathway: run.pathway.id, step: step.id).status {
          case .pending where run.steps[offset].fulfilledBy != nil: status = "[DONE: made in"
          case .pending: status = "[PENDING]"
          case .done: status = "[DONE"
          case .notApplicable: status = "[NOT APPLICABLE"
          }
          #expect(items.contains { $0.hasPrefix("Step \(offset + 1): \(step.title) \(status)") }, "seed \(seed): \(step.id) \(status)")
        }
      }
      let text = summary.rendered(.text, width: 10_000)
      for entry in state.timeline { #expect(text.contains(entry.text.split(separator: "\n").first.map(String.init) ?? ""), "seed \(seed)") }
      let json = summary.rendered(.json)
      let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
      #expect(object != nil, "seed \(seed): the JSON summary does not parse")
    }
  }
}
