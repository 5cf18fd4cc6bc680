/// What is missing or late in the mandated report when the counselor finishes: said before the
/// case is finished, which is still allowed on purpose.
public enum FinishItem: Equatable, Sendable {
  case noInformationReceived
  case noPhoneReport
  case fieldsNotEntered([ReportField])
  case writtenReportNotSent(due: Timestamp?)
  case deadlinePassed(due: Timestamp, bySeconds: Int64)
}

extension CaseSummary {
  /// What is missing or late, for protocols with a mandated-report block whose written report
  /// the case still expects (nothing when the case records a decision not to report, or follows
  /// no pathway with a report step). Pure: `now` is given.
  public func finishChecklist(now: Timestamp) -> [FinishItem] {
    guard let report = guide.mandatedReport else { return [] }
    if case .notReporting? = state.reportDecision?.value { return [] }
    let concerned = writtenReportOutstanding || writtenReportIsSent
    guard concerned else { return [] }
    var items: [FinishItem] = []
    if report.writtenReportFrom == .informationReceived, informationReceived == nil {
      items.append(.noInformationReceived)
    }
    if phoneReport == nil { items.append(.noPhoneReport) }
    let missing = neededFieldsNotEntered
    if !missing.isEmpty { items.append(.fieldsNotEntered(missing)) }
    if report.writtenReportHours != nil, !writtenReportIsSent {
      items.append(.writtenReportNotSent(due: writtenReportDue))
      if let due = writtenReportDue, let late = overdueBy(now: now) {
        items.append(.deadlinePassed(due: due, bySeconds: late))
      }
    }
    return items
  }

  /// One line for a finish item, times in the summary's zone.
  public func describe(_ item: FinishItem) -> String {
    switch item {
    case .noInformationReceived:
      return "When the information was received is not recorded: the written report's deadline cannot be worked out."
    case .noPhoneReport:
      return "No phone report is recorded (a call to a reporting agency in which the agency took the report)."
    case .fieldsNotEntered(let fields):
      return "Report fields not entered: " + fields.map(\.label).joined(separator: "; ") + "."
    case .writtenReportNotSent(let due):
      return "The written report is not marked sent" + (due.map { " (due \(show($0)))" } ?? "") + "."
    case .deadlinePassed(let due, let late):
      return "The written report's deadline, \(show(due)), passed \(DurationText.describe(seconds: late)) ago."
    }
  }
}
