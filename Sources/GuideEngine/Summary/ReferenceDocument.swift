/// The reference a user can open from anywhere: the definitions, the risk factors and
/// indicators, and the chosen protocol's contacts, each with its source. Built only from
/// protocol files, so it says nothing the sources do not.
public enum ReferenceDocument {
  /// `library` gives the definitions and the observation checklists (the US ED guide's
  /// Figures 1 and 2 are the built-in sample protocol's screening); `selected` gives contacts
  /// and its own criteria.
  public static func build(library: [GuideProtocol], selected: GuideProtocol?) -> SummaryDocument {
    var sections: [SummaryDocument.Section] = []

    if let guide = selected {
      var blocks: [SummaryDocument.Block] = guide.contacts.map { contact in
        var details = [contact.phone.map { "Phone: \($0)" } ?? (contact.isDistricts ? "Phone: none given" : "Phone: none given in the source")]
        if contact.isDistricts { details.append("Added by the district (not in the protocol's source)") }
        if contact.reportingAgency { details.append("Receives mandated reports") }
        if let role = contact.role { details.append("Role: \(role)") }
        details.append("When: \(contact.when)")
        if let note = contact.note { details.append("Note: \(note)") }
        details.append("Source: \(guide.describe(contact.source))")
        return .item(contact.name, details: details)
      }
      if blocks.isEmpty { blocks = [.paragraph("This protocol lists no contacts.")] }
      sections.append(.init(title: "Contacts in \(guide.title)", blocks: blocks))
      // Points of law the protocol shows at its steps (PC 11165.1 in the California protocols;
      // none in the US ED sample, whose reporting follows the state's law).
      if !guide.legalNotes.isEmpty {
        sections.append(.init(title: "The law at the steps", blocks: guide.legalNotes.map { note in
          .item(note.citation, details: [note.text, "Source: \(guide.describe(note.source))"])
        }))
      }
      if let screening = guide.screening, !screening.isObservationOnly {
        sections.append(contentsOf: criteriaSections(screening, of: guide))
      }
    }

    var definitions: [SummaryDocument.Block] = []
    var figures: [SummaryDocument.Section] = []
    for guide in library {
      for definition in guide.definitions {
        definitions.append(.item(definition.term, details: [definition.text, "Source: \(guide.describe(definition.source))"]))
      }
      if let screening = guide.screening, screening.isObservationOnly {
        figures.append(contentsOf: criteriaSections(screening, of: guide))
      }
    }
    if !definitions.isEmpty { sections.append(.init(title: "Definitions", blocks: definitions)) }
    sections.append(contentsOf: figures)
    return SummaryDocument(
      title: "Reference",
      notices: ["Definitions, risk factors, indicators and contacts, as the source documents give them."],
      sections: sections)
  }

  private static func criteriaSections(_ screening: Screening, of guide: GuideProtocol) -> [SummaryDocument.Section] {
    screening.criteria.map { criterion in
      var blocks: [SummaryDocument.Block] = []
      if let prompt = criterion.prompt { blocks.append(.paragraph(prompt)) }
      var group: String?
      for item in criterion.items {
        if let g = item.group, g != group {
          blocks.append(.paragraph("\(g):"))
          group = g
        }
        blocks.append(.item(item.text, details: []))
      }
      blocks.append(.paragraph("Source: \(guide.describe(criterion.source))."))
      return .init(title: criterion.title, blocks: blocks)
    }
  }
}
