/// The formats a summary can be written in.
public enum SummaryFormat: String, CaseIterable, Sendable {
  case text
  case markdown
  case json
}

extension CaseSummary {
  /// The summary in `format`.
  public func rendered(_ format: SummaryFormat, width: Int = 78) -> String {
    switch format {
    case .text: return document.plainText(width: width)
    case .markdown: return document.markdown()
    case .json: return json.rendered()
    }
  }
}

extension SummaryDocument {
  /// Plain text, wrapped to `width` columns, for the record and the terminal.
  public func plainText(width: Int = 78) -> String {
    var out: [String] = []
    func wrap(_ text: String, indent: String, first: String? = nil) {
      let lines = TextWrap.lines(text, width: width - indent.count)
      for (i, line) in lines.enumerated() {
        out.append((i == 0 ? (first ?? indent) : indent) + line)
      }
    }
    out.append(title.uppercased())
    out.append(String(repeating: "=", count: min(width, title.count)))
    for notice in notices { wrap(notice, indent: "") }
    for section in sections {
      out.append("")
      let heading = TextWrap.lines(section.title, width: width)
      out += heading
      out.append(String(repeating: "-", count: heading.map(\.count).max() ?? 0))
      for block in section.blocks {
        switch block {
        case .paragraph(let text):
          wrap(text, indent: "")
        case .fields(let fields):
          for field in fields { wrap("\(field.label): \(field.value)", indent: "    ") }
        case .item(let text, let details):
          wrap(text, indent: "  ", first: "- ")
          for detail in details { wrap(detail, indent: "      ", first: "    ") }
        }
      }
    }
    // The output boundary: notes, names and protocol text can hold anything (TerminalText).
    return TerminalText.safe(out.joined(separator: "\n") + "\n")
  }

  /// Markdown, for records kept as documents.
  public func markdown() -> String {
    var out: [String] = ["# \(escape(title))", ""]
    for notice in notices { out += ["> **\(escape(notice))**", ""] }
    for section in sections {
      out += ["## \(escape(section.title))", ""]
      for block in section.blocks {
        switch block {
        case .paragraph(let text):
          out += [escape(text), ""]
        case .fields(let fields):
          out += fields.map { "- **\(escape($0.label)):** \(escape($0.value))" }
          out.append("")
        case .item(let text, let details):
          out.append("- \(escape(text))")
          out += details.map { "  - \(escape($0))" }
        }
      }
      if out.last != "" { out.append("") }
    }
    return TerminalText.safe(out.joined(separator: "\n"))
  }

  /// Escapes what the user typed so it cannot change the Markdown's structure.
  private func escape(_ text: String) -> String {
    var result = ""
    for ch in text {
      switch ch {
      case "\\", "`", "*", "_", "[", "]", "<", ">", "#", "|": result += "\\\(ch)"
      case "\n": result += " "
      default: result.append(ch)
      }
    }
    return result
  }
}

extension CaseSummary {
  /// The summary as one JSON object, for systems that import records.
  public var json: JSONValue {
    let s = state
    func stamp(_ t: Timestamp?) -> JSONValue { t.map { .string(iso($0)) } ?? .null }
    func source(_ ref: SourceRef) -> JSONValue {
      .object([("document", .string(ref.document)), ("location", .string(ref.location))])
    }
    func callJSON(_ c: CallRecord) -> JSONValue {
      .object([
        ("contact", .optional(c.contactID)), ("agency", .string(c.agency)),
        ("person_spoken", .optional(c.personSpoken)), ("badge_or_id", .optional(c.badgeOrID)),
        ("referral_number", .optional(c.referralNumber)), ("called_at", stamp(c.calledAt)),
        ("outcome", .string(c.outcome.rawValue)), ("details", .optional(c.details)),
        ("reporting_agency", .bool(guide.isReportingAgency(c.contactID))),
        ("phone_report", .bool(guide.isPhoneReport(c))),
      ])
    }
    func stepJSON(_ line: StepLine) -> JSONValue {
      let r = line.record
      var status: String
      var reason: JSONValue = .null
      switch r.status {
      case .pending: status = "pending"
      case .done: status = "done"
      case .notApplicable(let why):
        status = "not-applicable"
        reason = .string(why)
      }
      var fulfilled: JSONValue = .null
      if let made = line.fulfilledBy {
        status = "done-in-later-pathway"
        fulfilled = .object([
          ("pathway", .string(made.pathway.id.rawValue)), ("step", .string(made.step.id)),
          ("number", .int(Int64(made.number))),
        ])
      }
      return .object([
        ("number", .int(Int64(line.number))), ("id", .string(line.step.id)),
        ("title", .string(line.step.title)), ("condition", .optional(line.step.condition)),
        ("status", .string(status)), ("status_at", stamp(r.statusAt)),
        ("not_applicable_reason", reason),
        ("confirmed_no_report", .bool(r.confirmedNoReport)), ("act", .optional(line.step.act)),
        ("fulfilled_by", fulfilled), ("note", .optional(r.note)),
        ("reference", .optional(r.reference)),
        ("notes", .array(r.notes.map { .object([("at", stamp($0.at)), ("text", .string($0.value))]) })),
        ("calls", .array(r.calls.map(callJSON))),
        ("history", .array(r.history.map { .object([("at", stamp($0.at)), ("change", .string($0.value))]) })),
      ])
    }

    var screening: JSONValue = .null
    if let conclusion = s.screeningConclusion {
      screening = .object([
        ("concluded_at", stamp(conclusion.at)),
        ("determination", .string({
          switch conclusion.result.determination {
          case .met: return "met"
          case .notMet: return "not-met"
          case .observationsRecorded: return "observations-recorded"
          }
        }())),
        ("reason", .string(conclusion.result.reason)),
        ("criteria", .array(conclusion.result.criteria.map { c in
          .object([
            ("id", .string(c.criterionID)), ("minimum", c.minimum.map { .int(Int64($0)) } ?? .null),
            ("met", c.met.map(JSONValue.bool) ?? .null),
            ("present", .array(c.presentItems.map { .string($0.id) })),
            ("reason", .string(c.reason)),
          ])
        })),
        ("note", .optional(conclusion.note)),
      ])
    }

    var report: JSONValue = .null
    if let rule = guide.mandatedReport {
      report = .object([
        ("law", .string(rule.law)),
        ("information_received_at", stamp(informationReceived)),
        ("phone_report_at", stamp(phoneReport?.calledAt)),
        ("phone_report_agency", .optional(phoneReport?.agency)),
        ("written_report_hours", rule.writtenReportHours.map { .int(Int64($0)) } ?? .null),
        ("written_report_from", .optional(rule.writtenReportFrom?.rawValue)),
        ("written_report_due", stamp(writtenReportDue)),
        ("written_report_sent_at", stamp(s.writtenReportSent?.at)),
        ("written_report_recorded_at", stamp(s.writtenReportRecordedAt)),
        ("written_report_reference", .optional(s.writtenReportSent?.value ?? nil)),
        ("fields", .array(reportFields.map { entry in
          let value: JSONValue
          if case .text(let text) = entry.value { value = .string(text) } else { value = .null }
          // "unknown": the counselor marked it unknown; "not_entered": nothing was recorded.
          return .object([
            ("id", .string(entry.field.id)), ("label", .string(entry.field.label)),
            ("needed", .string(entry.field.needed.rawValue)), ("value", value),
            ("unknown", .bool(entry.entered && entry.value == .unknown)),
            ("not_entered", .bool(!entry.entered)), ("source", source(entry.field.source)),
          ])
        })),
      ])
    }
    var decision: JSONValue = .null
    if let d = s.reportDecision {
      switch d.value {
      case .reporting:
        decision = .object([("at", stamp(d.at)), ("reporting", .bool(true)), ("reason", .null)])
      case .notReporting(let reason):
        decision = .object([("at", stamp(d.at)), ("reporting", .bool(false)), ("reason", .string(reason))])
      }
    }

    return .object([
      ("confidential", .bool(true)),
      ("notice", .string(confidentialityNotice)),
      ("mode", .string(s.mode.rawValue)),
      ("protocol", .object([
        ("id", .string(guide.id)), ("title", .string(guide.title)),
        ("jurisdiction", .string(guide.jurisdiction)), ("date", .optional(guide.date)),
        ("documents", .array(guide.documents.map {
          .object([("id", .string($0.id)), ("title", .string($0.title)), ("publisher", .string($0.publisher))])
        })),
      ])),
      ("reference", .optional(s.reference)),
      ("opened_at", stamp(s.openedAt)),
      ("finished_at", stamp(s.finishedAt)),
      ("status", .string(s.lifecycle.rawValue)),
      ("closed", s.closed.map { .object([("at", stamp($0.at)), ("reason", .string($0.value))]) } ?? .null),
      ("situation", .optional(s.situation?.rawValue)),
      ("situation_basis", .string(situationBasis)),
      ("coverage_notice", .optional(coverageNotice)),
      ("screening", screening),
      ("pathways", .array(runs.map { run in
        .object([
          ("id", .string(run.pathway.id.rawValue)), ("title", .string(run.pathway.title)),
          ("situation", .string(run.run.situation.rawValue)),
          ("started_at", stamp(run.run.startedAt)),
          ("followed_as_closest", .bool(run.run.followedAsClosest)),
          ("active", .bool(run.isActive)),
          ("steps", .array(run.steps.map(stepJSON))),
        ])
      })),
      ("pending", .array(pendingSteps.map { .string($0.step.id) })),
      ("contacts", .array(contactsUsed.map {
        .object([
          ("id", .string($0.id)), ("name", .string($0.name)), ("phone", .optional($0.phone)),
          ("reporting_agency", .bool($0.reportingAgency)), ("origin", .string($0.origin.rawValue)),
        ])
      })),
      ("report_decision", decision),
      ("mandated_report", report),
      ("case_notes", .array(s.caseNotes.map { .object([("at", stamp($0.at)), ("text", .string($0.value))]) })),
      ("timeline", .array(timeline.map {
        .object([("at", stamp($0.time)), ("recorded_at", stamp($0.at)), ("event", .string($0.text))])
      })),
    ])
  }
}
