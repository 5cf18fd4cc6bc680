extension GuideProtocol {
  /// The whole protocol as JSON, for `csec-guide protocol show ID --json`.
  public var json: JSONValue {
    func source(_ ref: SourceRef?) -> JSONValue {
      guard let ref else { return .null }
      return .object([("document", .string(ref.document)), ("location", .string(ref.location))])
    }
    let screeningJSON: JSONValue = screening.map { screening in
      .object([
        ("title", .string(screening.title)), ("rule", .string(screening.rule.rawValue)),
        ("leads_to", .optional(screening.leadsTo?.rawValue)), ("note", .optional(screening.note)),
        ("criteria", .array(screening.criteria.map { c in
          .object([
            ("id", .string(c.id)), ("short", .string(c.short)), ("title", .string(c.title)),
            ("prompt", .optional(c.prompt)), ("minimum", c.minimum.map { .int(Int64($0)) } ?? .null),
            ("item_noun", .string(c.itemNoun)), ("source", source(c.source)),
            ("items", .array(c.items.map { i in
              .object([
                ("id", .string(i.id)), ("short", .string(i.short)), ("text", .string(i.text)),
                ("group", .optional(i.group)), ("source", source(i.source)),
                ("transcription_note", .optional(i.transcriptionNote)),
              ])
            })),
          ])
        })),
      ])
    } ?? .null
    let reportJSON: JSONValue = mandatedReport.map { r in
      .object([
        ("law", .string(r.law)), ("phone_report", .string(r.phoneReport)),
        ("written_report_hours", r.writtenReportHours.map { .int(Int64($0)) } ?? .null),
        ("written_report_from", .optional(r.writtenReportFrom?.rawValue)),
        ("written_report", .optional(r.writtenReport)), ("agencies", .optional(r.agencies)),
        ("confidentiality", .optional(r.confidentiality)), ("note", .optional(r.note)),
        ("source", source(r.source)),
        ("fields", .array(r.fields.map { f in
          .object([
            ("id", .string(f.id)), ("label", .string(f.label)), ("needed", .string(f.needed.rawValue)),
            ("choices", .array(f.choices.map(JSONValue.string))), ("multiline", .bool(f.multiline)),
            ("source", source(f.source)),
          ])
        })),
      ])
    } ?? .null
    return .object([
      ("format", .string("\(Self.formatName)/\(Self.formatVersion)")),
      ("id", .string(id)), ("title", .string(title)), ("jurisdiction", .string(jurisdiction)),
      ("date", .optional(date)), ("transcription_note", .optional(transcriptionNote)),
      ("documents", .array(documents.map { d in
        .object([
          ("id", .string(d.id)), ("title", .string(d.title)), ("publisher", .string(d.publisher)),
          ("date", .optional(d.date)), ("file", .optional(d.file)), ("note", .optional(d.note)),
        ])
      })),
      ("definitions", .array(definitions.map {
        .object([("term", .string($0.term)), ("text", .string($0.text)), ("source", source($0.source))])
      })),
      ("legal_basis", .array(legalBasis.map {
        .object([("citation", .string($0.citation)), ("text", .string($0.text)), ("source", source($0.source))])
      })),
      ("legal_notes", .array(legalNotes.map {
        .object([
          ("id", .string($0.id)), ("citation", .string($0.citation)), ("text", .string($0.text)),
          ("source", source($0.source)),
        ])
      })),
      ("contacts", .array(contacts.map { c in
        .object([
          ("id", .string(c.id)), ("name", .string(c.name)), ("phone", .optional(c.phone)),
          ("role", .optional(c.role)), ("when", .string(c.when)), ("note", .optional(c.note)),
          ("reporting_agency", .bool(c.reportingAgency)), ("origin", .string(c.origin.rawValue)),
          ("adds_to_steps", .array(c.addsToSteps.map(JSONValue.string))),
          ("transcription_note", .optional(c.transcriptionNote)),
          ("source", source(c.source)),
        ])
      })),
      ("screening", screeningJSON),
      ("pathways", .array(pathways.map { p in
        .object([
          ("id", .string(p.id.rawValue)), ("title", .string(p.title)),
          ("serves", .array(p.serves.map { .string($0.rawValue) })), ("source", source(p.source)),
          ("transcription_note", .optional(p.transcriptionNote)),
          ("steps", .array(p.steps.map { s in
            .object([
              ("id", .string(s.id)), ("title", .string(s.title)), ("detail", .string(s.detail)),
              ("who", .optional(s.who)), ("contact", .optional(s.contact)),
              ("condition", .optional(s.condition)), ("mandated_report", .bool(s.mandatedReport)),
              ("act", .optional(s.act)), ("legal_notes", .array(s.legalNotes.map(JSONValue.string))),
              ("source", source(s.source)), ("transcription_note", .optional(s.transcriptionNote)),
            ])
          })),
        ])
      })),
      ("not_covered", .array(notCovered.map {
        .object([
          ("situation", .string($0.situation.rawValue)), ("closest", .optional($0.closest?.rawValue)),
          ("explanation", .string($0.explanation)),
        ])
      })),
      ("mandated_report", reportJSON),
    ])
  }
}
