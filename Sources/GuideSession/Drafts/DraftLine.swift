import GuideEngine
import GuideStore

/// A draft as every list shows it (`drafts list`, the full screen's resume list, plain mode's
/// list), from its clear header only, so no passphrase is needed: its id, reference, protocol,
/// when it was opened and last saved, where the case stands, and when its written report is
/// due and how late it is. Every text from the header passes `TerminalText.safe`.
public struct DraftLine: Equatable, Sendable {
  public var id: String
  /// The case reference, or "(none)": the id and opened date then tell drafts apart.
  public var reference: String
  public var protocolID: String
  public var opened: String
  public var updated: String
  /// "open", "written report pending", "closed", or "-" for a draft written before it was kept.
  public var state: String
  /// The written report's due time, or "-".
  public var due: String
  /// "3 hours" when the due time has passed and the report is outstanding, or "-".
  public var overdue: String
  /// Why the draft cannot be read, when it cannot.
  public var problem: String?

  /// `zone`: the one every time is shown in (the administrator's `time-zone`, else the system's).
  public init(_ listing: DraftListing, now: Timestamp, zone: CaseZone = .recorded) {
    id = TerminalText.safeLine(listing.id)
    problem = listing.problem.map(TerminalText.safeLine)
    guard let header = listing.header else {
      reference = "-"; protocolID = "-"; opened = "-"; updated = "-"; state = "-"; due = "-"; overdue = "-"
      return
    }
    reference = header.reference.map(TerminalText.safeLine) ?? "(none)"
    protocolID = TerminalText.safeLine(header.protocolID)
    opened = zone.show(header.opened)
    updated = zone.show(header.updated)
    state = header.lifecycle.flatMap(CaseState.Lifecycle.init(rawValue:))?.description ?? "-"
    due = header.writtenReportDue.map(zone.show) ?? "-"
    if let dueAt = header.writtenReportDue, now.secondsSinceEpoch > dueAt.secondsSinceEpoch {
      overdue = DurationText.describe(seconds: now.secondsSinceEpoch - dueAt.secondsSinceEpoch)
    } else {
      overdue = "-"
    }
  }

  /// One line for a list: "ab12cd34, reference (none), protocol san-mateo, opened …, written
  /// report pending, due …, OVERDUE by 2 hours".
  public var sentence: String {
    if let problem { return "\(id): cannot be read (\(problem))" }
    var text = "\(id), reference \(reference), protocol \(protocolID), opened \(opened)"
    if state != "-" { text += ", \(state)" }
    if due != "-" { text += ", written report due \(due)" }
    if overdue != "-" { text += ", OVERDUE by \(overdue)" }
    return text
  }
}
