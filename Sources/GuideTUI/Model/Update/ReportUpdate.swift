import GuideEngine

extension AppState {
  /// Rows of the report screen: each field, then the decision and the written report.
  public enum ReportRow: Equatable, Sendable {
    case field(ReportField)
    case decision
    case writtenReport
  }

  public func reportRows() -> [ReportRow] {
    guard let guide = session?.guide else { return [] }
    var rows = (guide.mandatedReport?.fields ?? []).map(ReportRow.field)
    rows.append(.decision)
    if guide.mandatedReport?.writtenReportHours != nil { rows.append(.writtenReport) }
    return rows
  }

  // MARK: Report: its fields, the decision, the written report

  mutating func updateReport(_ action: KeyAction, _ key: Key, now: Timestamp) -> [Effect] {
    guard let session else { return [] }
    let rows = reportRows()
    if action == .move {
      _ = Self.move(&reportScreen.index, count: rows.count, key: key)
      return []
    }
    guard rows.indices.contains(reportScreen.index) else { return [] }
    // A finished case: Enter only on the written report's row (the table offers nothing else).
    if session.state.isFinished, action == .choose, rows[reportScreen.index] != .writtenReport {
      status = "The case is finished: its report's fields and decision cannot change."
      return []
    }
    switch (action, rows[reportScreen.index]) {
    case (.choose, .field(let field)):
      // What the case has, else the reporter profile's value (a training case has no profile).
      let current = ReporterProfile.prefill(training == nil ? reporterProfile : nil, field: field.id, state: session.state)
      var fields: [FormField] = []
      if !field.choices.isEmpty {
        fields.append(.choice("Choose", field.choices + ["Type my own answer"], selected: field.choices.firstIndex(of: current) ?? field.choices.count))
        fields.append(.text("Your own answer", field.choices.contains(current) ? "" : current))
      } else {
        // Several lines where the protocol says the answer is long (`multiline: true`).
        fields.append(.text(field.label, current, multiline: field.multiline))
      }
      modal = .form(Form(
        title: field.label, intro: ["Type what you know. Press u on the list to mark it unknown instead."],
        fields: fields, purpose: .reportField(id: field.id)))
    case (.markUnknown, .field(let field)):
      _ = send(.reportFieldSet(field: field.id, value: .unknown), now: now)
    case (.choose, .decision):
      var reason = ""
      if case .notReporting(let r)? = session.state.reportDecision?.value { reason = r }
      modal = .form(Form(
        title: "Decision on the report",
        intro: ["Record whether a report is being made. A decision not to report needs its reason; both go in the record with the time."],
        fields: [
          .choice("Decision", ["A report is being made", "No report is made"], selected: reason.isEmpty ? 0 : 1),
          .text("Reason (needed when no report is made)", reason, multiline: true),
        ], purpose: .reportDecision))
    case (.notReporting, _):
      modal = .form(Form(
        title: "Decision not to make a report",
        intro: ["Record why no report is made. It goes in the record with the time."],
        fields: [.text("Reason", multiline: true, required: true)], purpose: .notReporting))
    case (.reportMade, _):
      // The decision row may be below the fold: say what was recorded.
      if send(.reportDecided(.reporting), now: now) { status = "Recorded: a report is being made." }
    case (.choose, .writtenReport), (.writtenReportSent, _):
      guard session.guide.mandatedReport?.writtenReportHours != nil else { return [] }
      if case .notReporting? = session.state.reportDecision?.value {
        status = "The case records a decision not to report: record that a report is being made first (Enter on Decision)."
        return []
      }
      modal = .form(Form(
        title: "Written report sent at",
        intro: ["When was the written follow-up report sent? Type the time it was sent, or leave it empty to record it as sent now. It cannot be in the future nor before the phone report."],
        fields: [.text(PendingReport.sentAtLabel), .text("Reference (optional)")], purpose: .writtenReportSent))
    case (.closeCase, _):
      guard PendingReport.isPending(session) else { return [] }
      modal = .form(Form(
        title: "Close the case",
        intro: ["The written report is not marked sent. Record why the case is closed without it; the reason goes in the record with the time."],
        fields: [.text("Reason", multiline: true, required: true)], purpose: .closeCase))
    case (.informationReceived, _):
      askInformationReceived(now: now)
    case (.back, _):
      route = .casePhase
    case (.review, _):
      return openReview()
    default:
      break
    }
    return []
  }

  /// The report screen on the written report's row (a pending case, resumed or just finished).
  /// Nothing is asked here (resuming asks nothing): `t` records when the information was received.
  mutating func openPendingReport(now: Timestamp) {
    route = .report
    reportScreen.index = 0
    if let row = reportRows().firstIndex(of: .writtenReport) { reportScreen.index = row }
  }

  // MARK: Review: the summary as it will be saved

  mutating func updateReview(_ action: KeyAction, _ key: Key, now: Timestamp) -> [Effect] {
    switch action {
    case .scroll:
      _ = Self.scroll(&reviewPage.scroll, key: key)
    case .export where training != nil:
      status = "Training: a fictional case is never saved. f finishes and shows the debrief."
    case .export:
      modal = .form(Form(
        title: "Export the summary",
        intro: ["Only what you entered is in it. It is marked confidential."]
          + (exportFolder.map { ["A file is saved in \($0), readable only by you."] } ?? []),
        fields: [
          .choice("Format", SummaryFormat.allCases.map(SummaryExport.title)),
          .choice("Where", ExportDestination.allCases.map(\.title)),
          .text("File name (optional)", hint: "For a file: empty gives csec-summary-DATE-TIME; the extension is added."),
        ], purpose: .export))
    case .finish:
      if let session, PendingReport.isPending(session) {
        status = "The case is finished; its written report is pending. Press m to mark it sent or close the case."
      } else if session?.state.isFinished == true {
        status = "The case is finished. Press s to save the summary, or q to quit."
      } else {
        modal = .confirmFinish
      }
    case .openReport:
      openPendingReport(now: now)
    case .back:
      if session?.state.isFinished == true {
        status = "The case is finished and cannot change. Press s to save the summary, or q to quit."
      } else {
        route = .casePhase
      }
    default:
      break
    }
    return []
  }
}
