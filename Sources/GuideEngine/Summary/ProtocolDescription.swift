extension GuideProtocol {
  /// The whole protocol as plain text, for `csec-guide protocol show ID`: everything the file
  /// says, in the order a reader checks it against the source.
  public func describedAsText(width: Int = 78) -> String {
    var out: [String] = []
    func wrap(_ text: String, _ indent: String = "", first: String? = nil) {
      for (i, line) in TextWrap.lines(text, width: max(20, width - indent.count)).enumerated() {
        out.append((i == 0 ? (first ?? indent) : indent) + line)
      }
    }
    func heading(_ text: String) {
      out.append("")
      let lines = TextWrap.lines(text, width: max(20, width))
      out += lines
      out.append(String(repeating: "-", count: lines.map(\.count).max() ?? 0))
    }
    wrap("\(title) [\(id)]")
    wrap("Jurisdiction: \(jurisdiction)")
    if let date { wrap("Date: \(date)") }
    if let transcriptionNote { wrap("Transcription note: \(transcriptionNote)") }

    heading("Sources")
    for d in documents {
      wrap("[\(d.id)] \(d.title). \(d.publisher)" + (d.date.map { ", \($0)" } ?? "")
        + (d.file.map { ". File: \($0)" } ?? ""), "    ", first: "- ")
      if let note = d.note { wrap("Note: \(note)", "    ") }
    }

    heading("Contacts")
    if contacts.isEmpty { out.append("(none)") }
    for c in contacts {
      wrap("\(c.name): \(c.phone ?? "no phone number in the source") [\(c.id)]", "    ", first: "- ")
      if let role = c.role { wrap("Role: \(role)", "    ") }
      wrap("When: \(c.when)", "    ")
      if let note = c.note { wrap("Note: \(note)", "    ") }
      wrap("Source: \(describe(c.source))", "    ")
    }

    if let screening {
      heading("Screening: \(screening.title)")
      if screening.isObservationOnly {
        wrap("Observation checklists: they record what was seen and set no threshold.")
      } else {
        let rule = screening.rule == .anyCriterion ? "any criterion" : "every criterion"
        wrap("The concern is met when \(rule) reaches its minimum; it leads to the '\(screening.leadsTo?.rawValue ?? "-")' pathway.")
      }
      if let note = screening.note { wrap("Note: \(note)") }
      for c in screening.criteria {
        out.append("")
        wrap("\(c.title) [\(c.id)]" + (c.minimum.map { ": at least \($0) of \(c.items.count)" } ?? ": observation checklist"))
        if let prompt = c.prompt { wrap(prompt, "  ") }
        var group: String?
        for (i, item) in c.items.enumerated() {
          if let g = item.group, g != group {
            wrap("\(g):", "  ")
            group = g
          }
          wrap(item.text, "     ", first: "  \(i + 1). ")
          if let note = item.transcriptionNote { wrap("Transcription note: \(note)", "     ") }
        }
        wrap("Source: \(describe(c.source))", "  ")
      }
    }

    for pathway in pathways {
      heading("Pathway: \(pathway.title) [\(pathway.id.rawValue)]")
      if pathway.serves != [pathway.id] {
        wrap("Serves: " + pathway.serves.map(\.title).joined(separator: "; "))
      }
      wrap("Source: \(describe(pathway.source))")
      if let note = pathway.transcriptionNote { wrap("Transcription note: \(note)") }
      for (i, step) in pathway.steps.enumerated() {
        out.append("")
        wrap("Step \(i + 1): \(step.title) [\(step.id)]")
        if let condition = step.condition { wrap("Condition: \(condition)", "    ") }
        wrap(step.detail, "    ")
        if let who = step.who { wrap("Who: \(who)", "    ") }
        if let id = step.contact, let c = contact(id) {
          wrap("Contact: \(c.name)" + (c.phone.map { ", \($0)" } ?? ""), "    ")
        }
        if step.mandatedReport { wrap("This step makes the mandated report.", "    ") }
        wrap("Source: \(describe(step.source))", "    ")
        if let note = step.transcriptionNote { wrap("Transcription note: \(note)", "    ") }
      }
    }

    if !notCovered.isEmpty {
      heading("Situations this protocol does not cover")
      for entry in notCovered {
        wrap("\(entry.situation.title): \(entry.explanation)"
          + (entry.closest.flatMap(pathway).map { " Closest pathway: \($0.title)." } ?? " No pathway comes close.")
          + " The district decides.", "    ", first: "- ")
      }
    }

    if let report = mandatedReport {
      heading("Mandated report: \(report.law)")
      wrap("Phone report: \(report.phoneReport)")
      if let hours = report.writtenReportHours {
        wrap("Written report: due \(hours) hours \(report.writtenReportFrom?.description ?? "after the information was received").")
      }
      if let written = report.writtenReport { wrap(written) }
      if let agencies = report.agencies { wrap(agencies) }
      if let confidentiality = report.confidentiality { wrap(confidentiality) }
      if let note = report.note { wrap(note) }
      for field in report.fields {
        wrap("\(field.label)" + (field.needed == .ifKnown ? " (if known)" : ""), "    ", first: "- ")
        if !field.choices.isEmpty { wrap("Choices: " + field.choices.joined(separator: "; "), "    ") }
      }
      wrap("Source: \(describe(report.source))")
    }

    if !definitions.isEmpty {
      heading("Definitions")
      for d in definitions {
        wrap("\(d.term): \(d.text)", "    ", first: "- ")
        wrap("Source: \(describe(d.source))", "    ")
      }
    }
    if !legalBasis.isEmpty {
      heading("Legal basis")
      for l in legalBasis {
        wrap("\(l.citation): \(l.text)", "    ", first: "- ")
        wrap("Source: \(describe(l.source))", "    ")
      }
    }
    // The output boundary: a protocol file can hold anything (TerminalText).
    return TerminalText.safe(out.joined(separator: "\n") + "\n")
  }
}
