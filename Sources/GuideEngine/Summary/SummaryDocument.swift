/// The summary as headed sections of paragraphs, fields and items: what the text and Markdown
/// renderers (and the review screen) print, so they cannot disagree on content.
public struct SummaryDocument: Equatable, Sendable {
  public enum Block: Equatable, Sendable {
    case paragraph(String)
    /// Label and value pairs.
    case fields([Field])
    /// A list item with indented detail lines.
    case item(String, details: [String])
  }
  public struct Field: Equatable, Sendable {
    public var label: String
    public var value: String
    public init(_ label: String, _ value: String) {
      self.label = label
      self.value = value
    }
  }
  public struct Section: Equatable, Sendable {
    public var title: String
    public var blocks: [Block]
  }

  public var title: String
  public var notices: [String]
  public var sections: [Section]
}

extension CaseSummary {
  /// Builds the summary's sections from the case.
  public var document: SummaryDocument {
    var sections: [SummaryDocument.Section] = []
    let s = state

    var caseFields = [
      SummaryDocument.Field("Case reference", s.reference ?? "none given"),
      SummaryDocument.Field("Opened", s.openedAt.map(show) ?? "not opened"),
      SummaryDocument.Field("Finished", s.finishedAt.map(show) ?? "not finished (case still open)"),
    ]
    if s.lifecycle != .open || guide.mandatedReport != nil {
      caseFields.append(.init("Status", s.lifecycle.description))
    }
    if let closed = s.closed {
      caseFields.append(.init("Closed", "\(show(closed.at)); reason: \(closed.value)"))
    }
    if s.mode == .training { caseFields.append(.init("Mode", "training walkthrough (fictional case)")) }
    sections.append(.init(title: "Case", blocks: [.fields(caseFields)]))

    var protocolFields = [
      SummaryDocument.Field("Protocol", "\(guide.title) [\(guide.id)]"),
      SummaryDocument.Field("Jurisdiction", guide.jurisdiction),
    ]
    if let date = guide.date { protocolFields.append(.init("Date", date)) }
    for document in guide.documents {
      protocolFields.append(.init("Source", "\(document.title), \(document.publisher)"
        + (document.date.map { ", \($0)" } ?? "")))
    }
    sections.append(.init(title: "Protocol", blocks: [.fields(protocolFields)]))

    var situation: [SummaryDocument.Block] = [
      .fields([
        .init("Situation", s.situation?.title ?? "not yet determined"),
        .init("How determined", situationBasis),
      ])
    ]
    if let notice = coverageNotice { situation.append(.paragraph(notice)) }
    sections.append(.init(title: "Situation", blocks: situation))

    if let screening = guide.screening {
      var blocks: [SummaryDocument.Block] = []
      if let conclusion = s.screeningConclusion {
        blocks.append(.paragraph("Concluded \(show(conclusion.at)). \(conclusion.result.reason)"))
        for result in conclusion.result.criteria {
          guard let criterion = screening.criterion(result.criterionID) else { continue }
          blocks.append(.item(criterion.title, details: [result.reason]
            + result.presentItems.map { "present: \($0.text)" }))
        }
        if let note = conclusion.note { blocks.append(.fields([.init("Note", note)])) }
      } else if !s.screeningAnswers.isEmpty {
        let result = screening.evaluate(s.screeningAnswers)
        blocks.append(.paragraph("Not concluded. So far: \(result.reason)"))
      } else {
        blocks.append(.paragraph("The at-risk screening was not used."))
      }
      sections.append(.init(title: "Screening: \(screening.title)", blocks: blocks))
    }

    for run in runs {
      var blocks: [SummaryDocument.Block] = []
      var header = "Followed from \(show(run.run.startedAt)) for '\(run.run.situation.title)'"
      if run.run.followedAsClosest { header += ", as the protocol's closest pathway" }
      if !run.isActive { header += "; the case later escalated" }
      blocks.append(.paragraph(header + "."))
      for line in run.steps { blocks.append(stepItem(line)) }
      sections.append(.init(title: "Pathway: \(run.pathway.title)", blocks: blocks))
    }

    let pending = pendingSteps
    if !runs.isEmpty {
      sections.append(.init(
        title: "Still pending",
        blocks: pending.isEmpty
          ? [.paragraph("No step of the current pathway is pending.")]
          : pending.map { .item("Step \($0.number): \($0.step.title)", details: []) }))
    }

    let earlier = leftPendingEarlier
    if !earlier.isEmpty {
      sections.append(.init(
        title: "Left pending in earlier pathways",
        blocks: earlier.map { .item("\($0.pathway.title), step \($0.step.number): \($0.step.step.title)", details: []) }))
    }

    let contacts = contactsUsed
    if !contacts.isEmpty {
      sections.append(.init(title: "Contacts", blocks: contacts.map { contact in
        let phone = contact.isDistricts
          ? (contact.phone.map { "district's number \($0)" } ?? "no number given by the district")
          : (contact.phone ?? "no phone number in the protocol's source")
        return .item("\(contact.name): \(phone)" + (contact.isDistricts ? " (the district's contact, not from the protocol's sources)" : ""),
          details: ["When: \(contact.when)"])
      }))
    }

    // The report section appears once there is something to report on: a pathway followed,
    // or a decision, report field or the information received recorded.
    let reportStarted = !runs.isEmpty || s.reportDecision != nil || !s.reportFields.isEmpty
      || s.informationReceived != nil
    if let report = guide.mandatedReport, reportStarted {
      sections.append(.init(title: "Mandated report (\(report.law))", blocks: reportBlocks(report)))
    } else if let decision = s.reportDecision {
      sections.append(.init(title: "Report decision", blocks: [decisionBlock(decision)]))
    }

    if !s.caseNotes.isEmpty {
      sections.append(.init(title: "Case notes", blocks: s.caseNotes.map {
        .item(show($0.at), details: [$0.value])
      }))
    }

    sections.append(.init(title: "Timeline", blocks: timeline.map { entry in
      .item("\(show(entry.time))  \(entry.text)"
        + (entry.occurredAt.map { $0 == entry.at ? "" : " (recorded \(show(entry.at)))" } ?? ""), details: [])
    }))

    var notices = [confidentialityNotice]
    if s.mode == .training { notices.insert("TRAINING: fictional case, not a record.", at: 0) }
    return SummaryDocument(title: "CSEC case summary", notices: notices, sections: sections)
  }

  private func stepItem(_ line: StepLine) -> SummaryDocument.Block {
    let r = line.record
    var status: String
    switch r.status {
    case .pending: status = "PENDING"
    case .done: status = "DONE"
    case .notApplicable: status = "NOT APPLICABLE"
    }
    if let at = r.statusAt, r.status != .pending { status += " \(show(at))" }
    if let made = line.fulfilledBy {
      let at = state.record(pathway: made.pathway.id, step: made.step.id).statusAt
      status = "DONE: made in \(made.pathway.title), step \(made.number)" + (at.map { " \(show($0))" } ?? "")
    }
    var details: [String] = []
    if let condition = line.step.condition { details.append("Condition: \(condition)") }
    if case .notApplicable(let reason) = r.status {
      details.append((r.confirmedNoReport ? "Confirmed that no mandated report is made. " : "") + "Reason: \(reason)")
    }
    if let note = r.note { details.append("Note: \(note)") }
    if let reference = r.reference { details.append("Reference: \(reference)") }
    for call in r.calls { details.append("Call: " + describe(call)) }
    for note in r.notes { details.append("Note (\(show(note.at))): \(note.value)") }
    if r.timesReopened > 0 {
      details.append("History: " + r.history.map { "\($0.value) \(show($0.at))" }.joined(separator: "; "))
    }
    return .item("Step \(line.number): \(line.step.title) [\(status)]", details: details)
  }

  /// The timeline in the order things happened: a call at the time of the call, the
  /// information at the time it was received (each says when it was recorded).
  public var timeline: [TimelineEntry] {
    state.timeline.enumerated().sorted { a, b in
      a.element.time == b.element.time ? a.offset < b.offset : a.element.time < b.element.time
    }.map(\.element)
  }

  /// A call in one line: agency, time, outcome, who and numbers.
  public func describe(_ call: CallRecord) -> String {
    var parts = ["\(call.agency), \(show(call.calledAt)): \(call.outcome.description)"]
    if let person = call.personSpoken { parts.append("spoke with \(person)") }
    if let badge = call.badgeOrID { parts.append("ID/badge \(badge)") }
    if let referral = call.referralNumber { parts.append("referral number \(referral)") }
    if let details = call.details { parts.append(details) }
    return parts.joined(separator: "; ")
  }

  private func decisionBlock(_ decision: Timed<ReportDecision>) -> SummaryDocument.Block {
    switch decision.value {
    case .reporting:
      return .fields([.init("Decision", "a mandated report is being made (\(show(decision.at)))")])
    case .notReporting(let reason):
      return .fields([
        .init("Decision", "no report is made (\(show(decision.at)))"), .init("Reason", reason),
      ])
    }
  }

  private func reportBlocks(_ report: MandatedReport) -> [SummaryDocument.Block] {
    var blocks: [SummaryDocument.Block] = []
    if let decision = state.reportDecision { blocks.append(decisionBlock(decision)) }
    var timing = [SummaryDocument.Field("Phone report", report.phoneReport)]
    if report.writtenReportFrom == .informationReceived {
      timing.append(.init("Information received", informationReceived.map(show) ?? "not recorded"))
    }
    if let phone = phoneReport {
      timing.append(.init("Phone report made", "\(show(phone.calledAt)) to \(phone.agency)"
        + (phone.referralNumber.map { ", referral number \($0)" } ?? "")))
    } else {
      timing.append(.init("Phone report made", "not recorded (no call to a reporting agency in which the agency took the report)"))
    }
    if let hours = report.writtenReportHours {
      // The validator requires the basis with the hours; PC 11166(a) counts from receiving
      // the information, never from the call.
      let basis = report.writtenReportFrom?.description ?? "after the information was received"
      timing.append(.init("Written report due",
        writtenReportDue.map { "\(show($0)) (\(hours) hours \(basis))" }
          ?? "\(hours) hours \(basis); that time is not recorded"))
    }
    if let sent = state.writtenReportSent {
      var text = show(sent.at) + (sent.value.map { ", reference \($0)" } ?? "")
      if let recorded = state.writtenReportRecordedAt, recorded != sent.at { text += " (recorded \(show(recorded)))" }
      if let late = overdueBy(now: sent.at) { text += "; \(DurationText.describe(seconds: late)) after the deadline" }
      timing.append(.init("Written report sent", text))
    } else if report.writtenReportHours != nil {
      timing.append(.init("Written report sent", "not marked sent"))
    }
    blocks.append(.fields(timing))
    for declined in calls where declined.call.outcome == .declined {
      blocks.append(.fields([.init("Declined", "\(declined.call.agency) declined to take the report at \(show(declined.call.calledAt))")]))
    }
    blocks.append(.fields(reportFields.map { entry in
      let value: String
      switch entry.value {
      case .text(let text): value = text
      case .unknown: value = entry.entered ? "unknown" : "unknown (not entered)"
      }
      let needed = entry.field.needed == .ifKnown ? " (if known)" : ""
      return .init(entry.field.label + needed, value)
    }))
    if let written = report.writtenReport { blocks.append(.paragraph(written)) }
    if let agencies = report.agencies { blocks.append(.paragraph(agencies)) }
    if let note = report.note { blocks.append(.paragraph(note)) }
    blocks.append(.paragraph("Source: \(guide.describe(report.source))."))
    return blocks
  }
}
