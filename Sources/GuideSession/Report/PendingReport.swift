import GuideEngine

/// The written report of a finished case (PC 11166(a)'s written follow-up): a case finished
/// with it outstanding stays in its draft, "written report pending", until it is marked sent at
/// the time the counselor gives or the case is closed with a reason. Both front ends ask the
/// same questions and say the same lines, from here.
public enum PendingReport {
  /// The prompt of the time field.
  public static let sentAtLabel = "Sent at (HH:MM today, or YYYY-MM-DD HH:MM; empty: now)"

  /// The event for "the written report was sent at `typed`" (empty: now), or why not. The time
  /// is read as every typed time is, in the case's zone (`CaseSession.readTime`); the engine then
  /// checks it is not in the future nor before the phone report.
  public static func sentAction(typed: String, reference: String, session: CaseSession, now: Timestamp) -> Result<CaseAction, Refusal> {
    if typed.trimmingWhitespace().isEmpty { return .success(.writtenReportSent(at: now, reference: reference.nilIfEmpty)) }
    do throws(CallTime.Refusal) {
      let at = try session.readTime(typed, now: now).at
      return .success(.writtenReportSent(at: at, reference: reference.nilIfEmpty))
    } catch {
      return .failure(Refusal(message: error.message))
    }
  }

  public struct Refusal: Error, Equatable, Sendable {
    public var message: String
  }

  /// True when the case waits only for its written report.
  public static func isPending(_ session: CaseSession) -> Bool { session.state.lifecycle == .writtenReportPending }

  /// The lines that open a resumed pending case, and the report screen's heading: the due time
  /// and how late it is, and what can be done.
  public static func lines(_ session: CaseSession, now: Timestamp) -> [String] {
    guard isPending(session) else { return [] }
    let summary = session.summary
    var first = "The case is finished; its written report is pending"
    if let due = summary.writtenReportDue {
      first += ", due \(session.zone.show(due))"
      if let late = summary.overdueBy(now: now) {
        first += ": OVERDUE by \(DurationText.describe(seconds: late))"
      } else if let left = summary.timeLeft(now: now) {
        first += " (\(DurationText.describe(seconds: left)) left)"
      }
    }
    return [
      first + ".",
      "Mark the written report sent at the time it was sent, or close the case with a reason. Until then the case stays in its encrypted draft.",
    ]
  }

  /// Said once the written report is marked sent.
  public static func sentLine(_ session: CaseSession) -> String {
    let at = session.state.writtenReportSent.map { session.zone.show($0.at) } ?? ""
    return "Written report marked sent at \(at)." + (session.state.isFinished ? " The case is closed: save the summary to keep its record." : "")
  }

  /// Said once the case is closed with a reason.
  public static let closedLine = "The case is closed with its reason recorded. Save the summary to keep its record."
}

/// What the encrypted draft's clear header says of a case (`DraftKeeper` sets it at each save).
public enum DraftStatusHeader {
  /// The lifecycle name, and the written report's due time while it is outstanding.
  public static func of(_ session: CaseSession) -> (lifecycle: String, writtenReportDue: Timestamp?) {
    let summary = session.summary
    let state = session.state
    let outstanding = state.lifecycle != .closed && summary.writtenReportOutstanding
    return (state.lifecycle.rawValue, outstanding ? summary.writtenReportDue : nil)
  }
}
