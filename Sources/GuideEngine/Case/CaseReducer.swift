/// Why an event was refused. A refused event changes nothing.
public struct CaseError: Error, Equatable, Sendable, CustomStringConvertible {
  public var message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}

/// Steps a case: one event in, the next state out. The only place case rules live.
///
/// It is a reducer in the sense of the Composable Architecture and Bubble Tea's Update: pure,
/// no clock (the time is in the event), no I/O, so a saved event log replays to the same state.
public struct CaseReducer: Sendable {
  public let guide: GuideProtocol

  public init(guide: GuideProtocol) { self.guide = guide }

  /// Applies `event` to `state`, or throws and leaves `state` untouched.
  ///
  /// The state is changed in place: every rule of `apply` makes all its checks before its first
  /// change (the property tests check that a refused event changes nothing). Applying to a copy
  /// and assigning it back made every event copy the whole timeline (copy-on-write), so
  /// replaying a log took time quadratic in its length (scripts/benchmark.py's engine figures).
  public func reduce(_ state: inout CaseState, _ event: CaseEvent) throws(CaseError) {
    try apply(event, to: &state)
    state.acceptedEvents += 1
  }

  /// Folds a log from a new case. Refused events are reported with their index and skipped.
  public func replay(_ events: [CaseEvent]) -> (state: CaseState, refused: [(index: Int, error: CaseError)]) {
    var state = CaseState()
    var refused: [(index: Int, error: CaseError)] = []
    for (index, event) in events.enumerated() {
      do throws(CaseError) {
        try reduce(&state, event)
      } catch {
        refused.append((index, error))
      }
    }
    return (state, refused)
  }

  // MARK: - Rules

  private func apply(_ event: CaseEvent, to s: inout CaseState) throws(CaseError) {
    let at = event.at
    if case .opened(let protocolID, let mode) = event.action {
      guard s.phase == .notOpened else { throw CaseError("The case is already open.") }
      guard protocolID == guide.id else {
        throw CaseError("This case belongs to protocol '\(protocolID)', not '\(guide.id)'.")
      }
      s.protocolID = protocolID
      s.mode = mode
      s.openedAt = at
      s.phase = .choosingSituation
      log(&s, at, "Case opened under \(guide.title) (\(guide.jurisdiction))"
        + (mode == .training ? ", training walkthrough" : ""))
      return
    }
    guard s.phase != .notOpened else { throw CaseError("The case has not been opened yet.") }
    if s.phase == .finished {
      // A finished case lives on until its written report is sent or it is closed.
      guard s.lifecycle == .writtenReportPending else {
        throw CaseError("The case is \(s.closed != nil ? "closed" : "finished") and cannot change.")
      }
      switch event.action {
      case .writtenReportSent, .caseClosed, .informationReceived: break
      default:
        throw CaseError("The case is finished with its written report pending: mark the written report sent, or close the case with a reason.")
      }
    }

    switch event.action {
    case .opened:
      break  // handled above

    case .referenceSet(let reference):
      let trimmed = try required(reference, "A case reference cannot be empty.")
      s.reference = trimmed
      log(&s, at, "Case reference set")

    case .screeningOpened:
      guard guide.screening != nil else {
        throw CaseError("The protocol '\(guide.id)' has no at-risk screening.")
      }
      guard s.phase == .choosingSituation || isNotCovered(s.phase) else {
        throw CaseError("The screening can be opened only before a pathway is followed.")
      }
      s.phase = .screening
      log(&s, at, "Screening opened")

    case .screeningItemSet(let criterionID, let itemID, let present):
      guard s.phase == .screening, let screening = guide.screening else {
        throw CaseError("The screening is not open.")
      }
      guard let criterion = screening.criterion(criterionID) else {
        throw CaseError("The screening has no criterion '\(criterionID)'.")
      }
      guard let item = criterion.item(itemID) else {
        throw CaseError("\(criterion.short) has no item '\(itemID)'.")
      }
      guard s.screeningAnswers.isPresent(criterion: criterionID, item: itemID) != present else {
        throw CaseError("'\(item.short)' is already marked \(present ? "present" : "absent").")
      }
      s.screeningAnswers.set(criterion: criterionID, item: itemID, present: present)
      log(&s, at, "\(criterion.short): '\(item.short)' marked \(present ? "present" : "absent")")

    case .screeningLeft:
      guard s.phase == .screening else { throw CaseError("The screening is not open.") }
      s.phase = .choosingSituation
      log(&s, at, "Screening left without a conclusion")

    case .screeningConcluded(let note):
      guard s.phase == .screening, let screening = guide.screening else {
        throw CaseError("The screening is not open.")
      }
      let result = screening.evaluate(s.screeningAnswers)
      let note = trimmedOrNil(note)
      if result.determination == .notMet, note == nil {
        throw CaseError(
          "The at-risk criteria are not met: record the reason and what was decided.")
      }
      s.screeningConclusion = ScreeningConclusion(at: at, result: result, note: note)
      log(&s, at, "Screening concluded: \(result.reason)" + (note.map { " Note: \($0)" } ?? ""))
      if result.determination == .met, let target = result.leadsTo {
        enter(target, basis: .screening, at: at, state: &s)
      } else {
        s.phase = .choosingSituation
      }

    case .situationChosen(let situation):
      switch s.phase {
      case .choosingSituation, .notCovered:
        break
      case .walkingPathway:
        guard let run = s.activeRun, !hasRecords(run.pathway, s), s.runs.count == 1 else {
          throw CaseError(
            "Steps have been recorded on this pathway: escalate the case instead of choosing again.")
        }
        s.runs.removeLast()
      default:
        throw CaseError("A situation can be chosen only at the start of a case.")
      }
      enter(situation, basis: .chosen, at: at, state: &s)

    case .closestPathwayFollowed:
      guard case .notCovered(let situation) = s.phase else {
        throw CaseError("There is no uncovered situation to follow a closest pathway for.")
      }
      guard case .notCovered(_, let closest?) = guide.coverage(of: situation) else {
        throw CaseError("This protocol names no pathway close to '\(situation.title)'.")
      }
      start(closest, for: situation, asClosest: true, at: at, state: &s)
      log(&s, at, "Following '\(closest.title)', the protocol's closest pathway to "
        + "'\(situation.title)' (the district decides)")

    case .stepViewed(let stepID):
      let (pathway, _) = try activeStep(stepID, s)
      s.currentStepIndex = pathway.index(of: stepID) ?? s.currentStepIndex

    case .stepDone(let stepID, let note, let reference):
      let (pathway, step) = try activeStep(stepID, s)
      let status = s.record(pathway: pathway.id, step: stepID).status
      guard status == .pending else {
        throw CaseError("'\(step.title)' is already marked \(describe(status)): reopen it first.")
      }
      let note = trimmedOrNil(note)
      let reference = trimmedOrNil(reference)
      var change = "done"
      if let note { change += "; note: \(note)" }
      if let reference { change += "; reference: \(reference)" }
      updateRecord(&s, pathway.id, stepID) { record in
        record.status = .done
        record.statusAt = at
        record.note = note
        record.reference = reference
        record.timesDone += 1
        record.history.append(Timed(at: at, change))
      }
      log(&s, at, "\(label(step, in: pathway)) marked done"
        + (reference.map { " (reference \($0))" } ?? ""))

    case .stepNotApplicable(let stepID, let reason, let confirmed):
      let (pathway, step) = try activeStep(stepID, s)
      let reason = try required(reason, "Say why '\(step.title)' does not apply.")
      let status = s.record(pathway: pathway.id, step: stepID).status
      guard status == .pending else {
        throw CaseError("'\(step.title)' is already marked \(describe(status)): reopen it first.")
      }
      let needsConfirmation = needsConfirmationToSkip(step, in: pathway)
      if needsConfirmation, !confirmed {
        let notes = guide.legalNotes(for: step).map { "\($0.text) (\($0.citation))" }
        throw CaseError(
          "'\(step.title)' makes the mandated report on a \(pathway.id == .confirmedVictim ? "confirmed" : "suspected") pathway. "
            + notes.map { $0 + " " }.joined()
            + "Marking it not applicable needs your confirmation that no report is made, with the reason.")
      }
      let change = needsConfirmation
        ? "not applicable, confirmed that no mandated report is made: \(reason)" : "not applicable: \(reason)"
      updateRecord(&s, pathway.id, stepID) { record in
        record.status = .notApplicable(reason: reason)
        record.statusAt = at
        record.confirmedNoReport = needsConfirmation
        record.history.append(Timed(at: at, change))
      }
      log(&s, at, "\(label(step, in: pathway)) marked \(change)")

    case .stepReopened(let stepID, let reason):
      let (pathway, step) = try activeStep(stepID, s)
      guard s.record(pathway: pathway.id, step: stepID).status != .pending else {
        throw CaseError("'\(step.title)' is still pending.")
      }
      let reason = trimmedOrNil(reason)
      updateRecord(&s, pathway.id, stepID) { record in
        record.history.append(Timed(at: at, "reopened" + (reason.map { ": \($0)" } ?? "")))
        record.status = .pending
        record.statusAt = at
        // The earlier note and reference stay in the history, not on the reopened step.
        record.note = nil
        record.reference = nil
        record.confirmedNoReport = false
        record.timesReopened += 1
      }
      log(&s, at, "\(label(step, in: pathway)) reopened" + (reason.map { ": \($0)" } ?? ""))

    case .stepNoteAdded(let stepID, let text):
      let (pathway, step) = try activeStep(stepID, s)
      let text = try required(text, "A note cannot be empty.")
      s.steps[StepKey(pathway: pathway.id, step: stepID), default: StepRecord()].notes.append(
        Timed(at: at, text))
      log(&s, at, "Note added to \(label(step, in: pathway))")

    case .callRecorded(let stepID, let call):
      let (pathway, step) = try activeStep(stepID, s)
      if let contactID = call.contactID, guide.contact(contactID) == nil {
        throw CaseError("The protocol has no contact '\(contactID)'.")
      }
      var call = call
      call.agency = try required(call.agency, "Name the agency that was called.")
      call.personSpoken = trimmedOrNil(call.personSpoken)
      call.badgeOrID = trimmedOrNil(call.badgeOrID)
      call.referralNumber = trimmedOrNil(call.referralNumber)
      call.details = trimmedOrNil(call.details)
      s.steps[StepKey(pathway: pathway.id, step: stepID), default: StepRecord()].calls.append(call)
      s.timeline.append(TimelineEntry(
        at: at,
        text: "Call to \(call.agency) on \(label(step, in: pathway)): " + call.outcome.description
          + (guide.isPhoneReport(call) ? " (the phone report)" : ""),
        occurredAt: call.calledAt == at ? nil : call.calledAt))

    case .reportDecided(let decision):
      switch decision {
      case .reporting:
        s.reportDecision = Timed(at: at, .reporting)
        log(&s, at, "Decision recorded: a mandated report is being made")
      case .notReporting(let reason):
        let reason = try required(reason, "Record the reason for not making a report.")
        s.reportDecision = Timed(at: at, .notReporting(reason: reason))
        log(&s, at, "Decision recorded: no report is made. Reason: \(reason)")
      }

    case .reportFieldSet(let fieldID, let value):
      guard let report = guide.mandatedReport else {
        throw CaseError("The protocol '\(guide.id)' has no mandated-report fields.")
      }
      guard let field = report.fields.first(where: { $0.id == fieldID }) else {
        throw CaseError("The mandated report has no field '\(fieldID)'.")
      }
      switch value {
      case .unknown:
        s.reportFields[fieldID] = .unknown
        log(&s, at, "Report field '\(field.label)' marked unknown")
      case .text(let text):
        let value = try required(text, "Type a value or mark it unknown.")
        s.reportFields[fieldID] = .text(value)
        log(&s, at, "Report field '\(field.label)' filled in")
      }

    case .informationReceived(let when):
      guard guide.mandatedReport != nil else {
        throw CaseError("The protocol '\(guide.id)' has no mandated-report rule.")
      }
      guard when <= at else {
        throw CaseError("The information cannot have been received later than now: give the time it was received.")
      }
      let changed = s.informationReceived != nil
      s.informationReceived = Timed(at: at, when)
      s.timeline.append(TimelineEntry(
        at: at,
        text: changed
          ? "Information received (this time replaces the one recorded earlier)"
          : "Information received (the written report's hours count from here)",
        occurredAt: when))

    case .writtenReportSent(let sentAt, let reference):
      guard guide.mandatedReport != nil else {
        throw CaseError("The protocol '\(guide.id)' has no written-report rule.")
      }
      guard s.writtenReportSent == nil else {
        throw CaseError("The written report is already marked sent.")
      }
      if case .notReporting? = s.reportDecision?.value {
        throw CaseError("The case records a decision not to report: record that a report is being made first.")
      }
      guard sentAt <= at else {
        throw CaseError("The written report cannot have been sent later than now: give the time it was sent.")
      }
      if let phone = s.phoneReport(in: guide), sentAt < phone.calledAt {
        throw CaseError("The written report cannot have been sent before the phone report (\(phone.calledAt.display)).")
      }
      let reference = trimmedOrNil(reference)
      s.writtenReportSent = Timed(at: sentAt, reference)
      s.writtenReportRecordedAt = at
      if s.lifecycle == .writtenReportPending { s.lifecycle = .closed }
      s.timeline.append(TimelineEntry(
        at: at, text: "Written report sent" + (reference.map { " (reference \($0))" } ?? ""),
        occurredAt: sentAt == at ? nil : sentAt))

    case .caseClosed(let reason):
      guard s.lifecycle == .writtenReportPending else {
        throw CaseError("Only a finished case whose written report is pending is closed with a reason; finish the case instead.")
      }
      let reason = try required(reason, "Say why the case is closed without the written report marked sent.")
      s.closed = Timed(at: at, reason)
      s.lifecycle = .closed
      log(&s, at, "Case closed with the written report not marked sent: \(reason)")

    case .escalated(let target, let reason):
      guard let current = s.situation else {
        throw CaseError("Choose a situation before escalating.")
      }
      guard target.rank > current.rank else {
        throw CaseError(
          "A case escalates from at risk to suspected to confirmed; '\(target.title)' is not a step up from '\(current.title)'.")
      }
      let reason = try required(reason, "Say what changed.")
      log(&s, at, "Escalated from '\(current.title)' to '\(target.title)': \(reason)")
      enter(target, basis: .escalation(reason: reason), at: at, state: &s)

    case .caseNoteAdded(let text):
      let text = try required(text, "A note cannot be empty.")
      s.caseNotes.append(Timed(at: at, text))
      log(&s, at, "Case note added")

    case .finished:
      s.phase = .finished
      s.finishedAt = at
      s.lifecycle = writtenReportOutstanding(s) ? .writtenReportPending : .closed
      log(&s, at, "Case finished" + (s.lifecycle == .writtenReportPending ? "; the written report is pending" : ""))
    }
  }

  // MARK: - Helpers

  /// A mandated-report step on a suspected or confirmed pathway is skipped only on purpose.
  public func needsConfirmationToSkip(_ step: Step, in pathway: Pathway) -> Bool {
    step.mandatedReport && pathway.id.rank > Situation.atRisk.rank
  }

  /// Whether a written report is still to be sent: the protocol has a written-report rule, no
  /// decision not to report, nothing sent, and the report concerns the case (decided, the
  /// information or the phone report recorded, or a pathway followed has a report step that
  /// is not marked not applicable).
  public func writtenReportOutstanding(_ s: CaseState) -> Bool {
    guard guide.mandatedReport?.writtenReportHours != nil, s.writtenReportSent == nil else { return false }
    switch s.reportDecision?.value {
    case .notReporting?: return false
    case .reporting?: return true
    case nil: break
    }
    if s.informationReceived != nil || s.phoneReport(in: guide) != nil { return true }
    for run in s.runs {
      guard let pathway = guide.pathway(run.pathway) else { continue }
      // A step whose deadline waits for the decision (San Mateo's at-risk Child Welfare Report)
      // starts none by itself: the decision to report (handled above) does.
      for step in pathway.steps where step.mandatedReport && !step.deadlineOnlyWhenReporting {
        if case .notApplicable = s.record(pathway: pathway.id, step: step.id).status { continue }
        return true
      }
    }
    return false
  }

  /// Sets the situation and follows the pathway that serves it, or stops at the not-covered
  /// notice when the protocol has none.
  private func enter(
    _ situation: Situation, basis: CaseState.SituationBasis, at: Timestamp, state s: inout CaseState
  ) {
    s.situation = situation
    s.situationBasis = basis
    switch guide.coverage(of: situation) {
    case .pathway(let pathway):
      if s.activeRun?.pathway == pathway.id {
        // The same pathway serves the new situation (Orange County's suspected pathway):
        // keep walking it where the user was.
        s.runs[s.runs.count - 1].situation = situation
        s.phase = .walkingPathway
        log(&s, at, "Situation: \(situation.title); continuing '\(pathway.title)'")
      } else {
        start(pathway, for: situation, asClosest: false, at: at, state: &s)
        log(&s, at, "Situation: \(situation.title); following '\(pathway.title)'")
      }
    case .notCovered:
      s.phase = .notCovered(situation)
      log(&s, at, "Situation: \(situation.title); not covered by this protocol")
    }
  }

  private func start(
    _ pathway: Pathway, for situation: Situation, asClosest: Bool, at: Timestamp,
    state s: inout CaseState
  ) {
    s.runs.append(
      PathwayRun(pathway: pathway.id, situation: situation, startedAt: at, followedAsClosest: asClosest))
    s.phase = .walkingPathway
    // Start at the first step still pending (a pathway followed before keeps its records).
    s.currentStepIndex =
      pathway.steps.firstIndex { s.record(pathway: pathway.id, step: $0.id).status == .pending } ?? 0
  }

  /// Changes a step's record where it is stored: a copy taken out and put back would share
  /// its history with the stored one, and the first append would copy the whole history.
  private func updateRecord(
    _ s: inout CaseState, _ pathway: Situation, _ step: String, _ change: (inout StepRecord) -> Void
  ) {
    change(&s.steps[StepKey(pathway: pathway, step: step), default: StepRecord()])
  }

  private func activeStep(_ stepID: String, _ s: CaseState) throws(CaseError) -> (Pathway, Step) {
    guard s.phase == .walkingPathway, let run = s.activeRun, let pathway = guide.pathway(run.pathway)
    else { throw CaseError("No pathway is being followed.") }
    guard let step = pathway.step(stepID) else {
      throw CaseError("'\(pathway.title)' has no step '\(stepID)'.")
    }
    return (pathway, step)
  }

  private func hasRecords(_ pathway: Situation, _ s: CaseState) -> Bool {
    s.steps.contains { $0.key.pathway == pathway && !$0.value.isEmpty }
  }

  private func isNotCovered(_ phase: CaseState.Phase) -> Bool {
    if case .notCovered = phase { return true }
    return false
  }

  private func label(_ step: Step, in pathway: Pathway) -> String {
    let number = (pathway.index(of: step.id) ?? 0) + 1
    return "Step \(number) '\(step.title)'"
  }

  private func describe(_ status: StepStatus) -> String {
    switch status {
    case .pending: return "pending"
    case .done: return "done"
    case .notApplicable: return "not applicable"
    }
  }

  private func log(_ s: inout CaseState, _ at: Timestamp, _ text: String) {
    s.timeline.append(TimelineEntry(at: at, text: text))
  }

  private func required(_ text: String, _ message: String) throws(CaseError) -> String {
    guard let trimmed = trimmedOrNil(text) else { throw CaseError(message) }
    return trimmed
  }
}
