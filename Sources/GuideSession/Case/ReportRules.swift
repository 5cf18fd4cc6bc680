import GuideEngine

/// The mandated report's rules that both front ends follow, written once: when to ask when the
/// information was received, the report panel's lines, the decision not to report made on
/// purpose, and what the finish question lists.
///
/// **When the information was received is asked** (PC 11166(a): the written report is due the
/// protocol's hours after it, not after the phone call) on a protocol whose written report counts
/// from it (`written-report-from: information-received`), in a real case, while it is not
/// recorded:
/// 1. when the case enters a pathway that has a mandated-report step;
/// 2. before the first action on a mandated-report step (marking it done, recording a call);
/// 3. when the report screen (or plain mode's report questions) is opened.
/// The counselor answers "now" (Enter) or a typed time, or skips it; the finish question then
/// says it is missing. A key on the step and report screens (`t`) records or changes it at any
/// time, in training too. A training case is never asked unprompted: the scenario's walkthrough
/// stays as its author wrote it.
extension CaseSession {
  /// Whether the protocol's written report counts from when the information was received.
  public var countsFromInformationReceived: Bool {
    guide.mandatedReport?.writtenReportFrom == .informationReceived
  }

  /// Whether the active pathway has a step that makes the mandated report.
  public var pathwayMakesReport: Bool { pathway?.steps.contains(where: \.mandatedReport) ?? false }

  /// Whether to ask when the information was received now, unprompted (see the rule above).
  /// A training case is asked too: the question is part of what it teaches.
  public var shouldAskInformationReceived: Bool {
    countsFromInformationReceived && state.informationReceived == nil
      && state.lifecycle == .open && !state.isFinished && reportIsMandated
  }

  /// The case follows a suspected or confirmed pathway, or records that a report is being made.
  public var reportIsMandated: Bool {
    if case .reporting? = state.reportDecision?.value { return true }
    return (pathway?.id.rank ?? 0) > Situation.atRisk.rank
  }

  /// Rule 1: a pathway was entered (the runs went from `runsBefore` to more) that makes the report.
  public func enteredReportPathway(runsBefore: Int) -> Bool {
    shouldAskInformationReceived && state.runs.count > runsBefore && pathwayMakesReport
  }

  /// Rule 2: the counselor is about to act on a mandated-report step.
  public func asksBeforeActing(on step: Step) -> Bool { shouldAskInformationReceived && step.mandatedReport }

  /// The question, as both front ends put it.
  public var informationReceivedQuestion: [String] {
    let hours = guide.mandatedReport?.writtenReportHours
    return [
      "When did you receive the information (learn of or observe what gives rise to the suspicion: a disclosure, an observation, a report from another person)?",
      hours.map { "The written report is due \($0) hours after it (PC 11166(a)), not after the phone call." }
        ?? "The report's timing counts from it (PC 11166(a)).",
    ]
  }

  /// The event for when the information was received, from what was typed ("" is now), with
  /// the note on the time taken (the hour the clocks go back); or why the time was refused.
  public func informationReceivedAction(_ typed: String, now: Timestamp) throws(CallTime.Refusal) -> (action: CaseAction, note: String?) {
    let time = try readTime(typed.isEmpty ? clockNow(now) : typed, now: now)
    // A time typed as HH:MM is at the minute; never later than now for the engine.
    let at = time.at.secondsSinceEpoch > now.secondsSinceEpoch ? zone.localize(now) : time.at
    return (.informationReceived(at: at), time.note)
  }

  /// Said once the time is recorded: the time and the written report's deadline.
  public var informationReceivedRecorded: String {
    let s = summary
    return "Recorded: information received \(s.informationReceived.map(s.show) ?? "")"
      + (s.writtenReportDue.map { "; written report due \(s.show($0))." } ?? ".")
  }

  /// Said at a mandated-report step: what to record, and what the deadline counts from.
  public var reportStepHint: String? {
    guard let report = guide.mandatedReport, let hours = report.writtenReportHours else { return nil }
    if countsFromInformationReceived {
      return "Record the call (c) with its time: a call to a reporting agency that took the report is the phone report. The written report is due \(hours) hours after the information was received (t records when), not after the call. m shows the report's contents."
    }
    return "Record the call (c) with its time. m shows the report's contents."
  }

  // MARK: - The report panel

  /// Whether the report panel is shown: the protocol has a written-report rule and the report
  /// concerns the case (a report step on a pathway followed, a decision to report, the
  /// information or a phone report recorded, or the report sent).
  public var showsReportPanel: Bool {
    guard guide.mandatedReport?.writtenReportHours != nil else { return false }
    if case .notReporting? = state.reportDecision?.value { return false }
    let s = summary
    return s.writtenReportOutstanding || s.writtenReportIsSent
  }

  /// The report panel: the deadline and time left (or overdue by), the phone report, the needed
  /// fields missing. Short lines, for the panel under a step and plain mode's step text.
  public func reportPanel(now: Timestamp) -> [String] {
    guard showsReportPanel, let report = guide.mandatedReport else { return [] }
    let s = summary
    var lines: [String] = []
    if let received = s.informationReceived {
      var line = "Information received \(zone.show(received))."
      if s.writtenReportIsSent, let sent = state.writtenReportSent {
        line += " Written report sent \(zone.show(sent.at))."
      } else if let due = s.writtenReportDue, let left = s.timeLeft(now: now) {
        line += left >= 0
          ? " Written report due \(zone.show(due)): \(DurationText.describe(seconds: left)) left."
          : " Written report due \(zone.show(due)): OVERDUE by \(DurationText.describe(seconds: -left))."
      }
      lines.append(line)
    } else if countsFromInformationReceived {
      lines.append("When the information was received: not recorded (t records it). The written report is due \(report.writtenReportHours ?? 0) hours after it.")
    }
    if let phone = s.phoneReport {
      lines.append("Phone report made \(zone.show(phone.calledAt)) to \(phone.agency).")
    } else if let since = s.sinceInformationReceived(now: now) {
      lines.append("Phone report: not made. Information received \(DurationText.describe(seconds: since)) ago: report by phone immediately or as soon as practicably possible.")
    } else {
      lines.append("Phone report: not made (record the call with c: the agency took the report).")
    }
    let missing = s.neededFieldsNotEntered
    if !missing.isEmpty {
      lines.append("Needed report fields missing: \(missing.count) of \(report.fields.filter { $0.needed == .always }.count) (m).")
    }
    return lines
  }

  /// The report panel in one sentence, for a window too small to give it its lines and still
  /// show the step: the same facts, fewer words.
  public func reportPanelShort(now: Timestamp) -> [String] {
    guard showsReportPanel, guide.mandatedReport != nil else { return [] }
    let s = summary
    var parts: [String] = []
    if s.informationReceived != nil {
      if s.writtenReportIsSent {
        parts.append("written report sent")
      } else if let due = s.writtenReportDue, let left = s.timeLeft(now: now) {
        parts.append(left >= 0
          ? "written report due \(zone.show(due)), \(DurationText.describe(seconds: left)) left"
          : "written report OVERDUE by \(DurationText.describe(seconds: -left))")
      }
    } else if countsFromInformationReceived {
      parts.append("information received: not recorded (t)")
    }
    parts.append(s.phoneReport == nil ? "phone report not made" : "phone report made")
    let missing = s.neededFieldsNotEntered
    if !missing.isEmpty { parts.append("\(missing.count) needed fields missing (m)") }
    return ["Report: " + parts.joined(separator: "; ") + "."]
  }

  // MARK: - The decision not to report, made on purpose

  /// Whether marking `step` not applicable records that no mandated report is made: a report
  /// step on a suspected or confirmed pathway. The front end asks for confirmation, shows the
  /// step's legal notes, and sends `confirmedNoReport: true` with the reason.
  public func needsNoReportConfirmation(_ step: Step) -> Bool {
    guard let pathway else { return false }
    return reducer.needsConfirmationToSkip(step, in: pathway)
  }

  /// The legal notes shown at a step, as lines ("PC 11165.1: …").
  public func legalNoteLines(_ step: Step) -> [String] {
    guide.legalNotes(for: step).map { "\($0.citation): \($0.text)" }
  }

  /// What the confirmation says before a report step is marked not applicable.
  public func noReportQuestion(_ step: Step) -> [String] {
    ["This step makes the mandated report. Marking it not applicable records that no mandated report is made on this \(pathway?.id == .confirmedVictim ? "confirmed" : "suspected") pathway."]
      + legalNoteLines(step)
      + ["Confirm only if no report is made, and give the reason: it goes in the record with the time."]
  }

  // MARK: - Finishing that checks

  /// What the finish question lists: what is missing or late in the mandated report, then the
  /// steps still pending. The counselor may still finish, on purpose.
  public func finishWarnings(now: Timestamp) -> [String] {
    let s = summary
    var lines = s.finishChecklist(now: now).map(s.describe)
    let pending = s.pendingSteps
    if !pending.isEmpty {
      lines.append("\(pending.count) step\(pending.count == 1 ? " is" : "s are") still pending: "
        + pending.map { "\($0.number). \($0.step.title)" }.joined(separator: "; ") + ".")
    }
    // Steps of pathways followed before an escalation, left open: named too, by pathway.
    let earlier = s.leftPendingEarlier
    for pathway in earlier.map(\.pathway.title).reduce(into: [String](), { if !$0.contains($1) { $0.append($1) } }) {
      let steps = earlier.filter { $0.pathway.title == pathway }.map(\.step)
      lines.append("Left pending in '\(pathway)' before the escalation: "
        + steps.map { "\($0.number). \($0.step.title)" }.joined(separator: "; ") + ".")
    }
    return lines
  }
}
