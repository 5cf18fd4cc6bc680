/// Case events as JSON and back, so a log can be saved and replayed to the same state. One
/// object per event: `{"at": ISO 8601, "type": ..., fields...}`; unknown types are refused.
public enum CaseEventCodec {
  public struct Failure: Error, Equatable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
  }

  public static func encode(_ event: CaseEvent) -> JSONValue {
    var m: [(String, JSONValue)] = [("at", .string(event.at.iso8601))]
    func put(_ key: String, _ value: JSONValue) { m.append((key, value)) }
    func type(_ t: String) { put("type", .string(t)) }
    switch event.action {
    case .opened(let id, let mode): type("opened"); put("protocol", .string(id)); put("mode", .string(mode.rawValue))
    case .referenceSet(let r): type("referenceSet"); put("reference", .string(r))
    case .screeningOpened: type("screeningOpened")
    case .screeningItemSet(let c, let i, let p):
      type("screeningItemSet"); put("criterion", .string(c)); put("item", .string(i)); put("present", .bool(p))
    case .screeningLeft: type("screeningLeft")
    case .screeningConcluded(let note): type("screeningConcluded"); put("note", .optional(note))
    case .situationChosen(let s): type("situationChosen"); put("situation", .string(s.rawValue))
    case .closestPathwayFollowed: type("closestPathwayFollowed")
    case .stepViewed(let s): type("stepViewed"); put("step", .string(s))
    case .stepDone(let s, let note, let reference):
      type("stepDone"); put("step", .string(s)); put("note", .optional(note)); put("reference", .optional(reference))
    case .stepNotApplicable(let s, let reason, let confirmed):
      type("stepNotApplicable"); put("step", .string(s)); put("reason", .string(reason))
      // Written only when set, so that older logs re-encode to the bytes they were hashed as.
      if confirmed { put("confirmedNoReport", .bool(true)) }
    case .stepReopened(let s, let reason): type("stepReopened"); put("step", .string(s)); put("reason", .optional(reason))
    case .stepNoteAdded(let s, let text): type("stepNoteAdded"); put("step", .string(s)); put("text", .string(text))
    case .callRecorded(let s, let c):
      type("callRecorded"); put("step", .string(s))
      put("call", .object([
        ("contact", .optional(c.contactID)), ("agency", .string(c.agency)), ("person", .optional(c.personSpoken)),
        ("badge", .optional(c.badgeOrID)), ("referral", .optional(c.referralNumber)),
        ("calledAt", .string(c.calledAt.iso8601)), ("outcome", .string(c.outcome.rawValue)),
        ("details", .optional(c.details)),
      ]))
    case .reportDecided(let d):
      type("reportDecided")
      switch d {
      case .reporting: put("reporting", .bool(true))
      case .notReporting(let reason): put("reporting", .bool(false)); put("reason", .string(reason))
      }
    case .reportFieldSet(let f, let v):
      type("reportFieldSet"); put("field", .string(f))
      switch v {
      case .text(let t): put("value", .string(t))
      case .unknown: put("value", .null)
      }
    case .informationReceived(let when): type("informationReceived"); put("receivedAt", .string(when.iso8601))
    case .writtenReportSent(let sentAt, let r):
      type("writtenReportSent"); put("reference", .optional(r))
      // Older logs have no time: the report was sent when the event was recorded. Written only
      // when it differs, so that those logs re-encode to the bytes they were hashed as.
      if sentAt != event.at { put("sentAt", .string(sentAt.iso8601)) }
    case .caseClosed(let reason): type("caseClosed"); put("reason", .string(reason))
    case .escalated(let s, let reason): type("escalated"); put("to", .string(s.rawValue)); put("reason", .string(reason))
    case .caseNoteAdded(let text): type("caseNoteAdded"); put("text", .string(text))
    case .finished: type("finished")
    }
    return .object(m)
  }

  public static func decode(_ json: JSONValue) throws(Failure) -> CaseEvent {
    func str(_ key: String) throws(Failure) -> String {
      guard let s = json[key]?.stringValue else { throw Failure(message: "event field '\(key)' is missing") }
      return s
    }
    func opt(_ key: String) -> String? { json[key]?.stringValue }
    func time(_ text: String) throws(Failure) -> Timestamp {
      guard let t = Timestamp(iso8601: text) else { throw Failure(message: "bad time '\(text)'") }
      return t
    }
    func situation(_ key: String) throws(Failure) -> Situation {
      guard let s = Situation(rawValue: try str(key)) else { throw Failure(message: "unknown situation") }
      return s
    }
    let at = try time(try str("at"))
    let action: CaseAction
    switch try str("type") {
    case "opened":
      guard let mode = CaseMode(rawValue: try str("mode")) else { throw Failure(message: "unknown mode") }
      action = .opened(protocolID: try str("protocol"), mode: mode)
    case "referenceSet": action = .referenceSet(try str("reference"))
    case "screeningOpened": action = .screeningOpened
    case "screeningItemSet":
      guard let present = json["present"]?.boolValue else { throw Failure(message: "event field 'present' is missing") }
      action = .screeningItemSet(criterion: try str("criterion"), item: try str("item"), present: present)
    case "screeningLeft": action = .screeningLeft
    case "screeningConcluded": action = .screeningConcluded(note: opt("note"))
    case "situationChosen": action = .situationChosen(try situation("situation"))
    case "closestPathwayFollowed": action = .closestPathwayFollowed
    case "stepViewed": action = .stepViewed(step: try str("step"))
    case "stepDone": action = .stepDone(step: try str("step"), note: opt("note"), reference: opt("reference"))
    case "stepNotApplicable":
      action = .stepNotApplicable(
        step: try str("step"), reason: try str("reason"), confirmedNoReport: json["confirmedNoReport"]?.boolValue ?? false)
    case "stepReopened": action = .stepReopened(step: try str("step"), reason: opt("reason"))
    case "stepNoteAdded": action = .stepNoteAdded(step: try str("step"), text: try str("text"))
    case "callRecorded":
      guard let c = json["call"] else { throw Failure(message: "event field 'call' is missing") }
      guard let agency = c["agency"]?.stringValue, let calledAt = c["calledAt"]?.stringValue,
        let outcome = c["outcome"]?.stringValue.flatMap(CallRecord.Outcome.init(rawValue:))
      else { throw Failure(message: "incomplete call record") }
      action = .callRecorded(step: try str("step"), call: CallRecord(
        contactID: c["contact"]?.stringValue, agency: agency, personSpoken: c["person"]?.stringValue,
        badgeOrID: c["badge"]?.stringValue, referralNumber: c["referral"]?.stringValue,
        calledAt: try time(calledAt), outcome: outcome, details: c["details"]?.stringValue))
    case "reportDecided":
      guard let reporting = json["reporting"]?.boolValue else { throw Failure(message: "event field 'reporting' is missing") }
      action = .reportDecided(reporting ? .reporting : .notReporting(reason: try str("reason")))
    case "reportFieldSet":
      action = .reportFieldSet(field: try str("field"), value: opt("value").map(ReportFieldValue.text) ?? .unknown)
    case "informationReceived": action = .informationReceived(at: try time(try str("receivedAt")))
    case "writtenReportSent":
      action = .writtenReportSent(at: try opt("sentAt").map { text throws(Failure) in try time(text) } ?? at, reference: opt("reference"))
    case "caseClosed": action = .caseClosed(reason: try str("reason"))
    case "escalated": action = .escalated(to: try situation("to"), reason: try str("reason"))
    case "caseNoteAdded": action = .caseNoteAdded(try str("text"))
    case "finished": action = .finished
    case let other: throw Failure(message: "unknown event type '\(other)'")
    }
    return CaseEvent(at: at, action)
  }
}
