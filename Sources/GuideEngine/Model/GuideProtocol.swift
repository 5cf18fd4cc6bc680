/// One protocol: who to call, what to screen for, and what to do in each situation.
///
/// Plain values only: it is built by GuideProtocols from a YAML file and never changes after.
public struct GuideProtocol: Equatable, Sendable {
  /// The format version this model reads: `csec-guide-protocol/1`.
  public static let formatVersion = 1
  public static let formatName = "csec-guide-protocol"

  public var id: String
  public var title: String
  public var jurisdiction: String
  public var date: String?
  public var transcriptionNote: String?
  public var documents: [SourceDocument]
  public var definitions: [Definition]
  public var legalBasis: [LegalBasis]
  /// Points of law shown at the steps that name them (`legal-notes:` on a step) and in the
  /// reference: PC 11165.1 in the California protocols, nothing in the US ED sample.
  public var legalNotes: [LegalNote]
  public var contacts: [Contact]
  public var screening: Screening?
  public var pathways: [Pathway]
  public var notCovered: [NotCovered]
  public var mandatedReport: MandatedReport?

  public init(
    id: String, title: String, jurisdiction: String, date: String? = nil,
    transcriptionNote: String? = nil, documents: [SourceDocument], definitions: [Definition] = [],
    legalBasis: [LegalBasis] = [], legalNotes: [LegalNote] = [], contacts: [Contact],
    screening: Screening? = nil, pathways: [Pathway], notCovered: [NotCovered] = [],
    mandatedReport: MandatedReport? = nil
  ) {
    self.id = id
    self.title = title
    self.jurisdiction = jurisdiction
    self.date = date
    self.transcriptionNote = transcriptionNote
    self.documents = documents
    self.definitions = definitions
    self.legalBasis = legalBasis
    self.legalNotes = legalNotes
    self.contacts = contacts
    self.screening = screening
    self.pathways = pathways
    self.notCovered = notCovered
    self.mandatedReport = mandatedReport
  }

  public func contact(_ id: String) -> Contact? { contacts.first { $0.id == id } }
  public func legalNote(_ id: String) -> LegalNote? { legalNotes.first { $0.id == id } }

  /// The legal notes a step names, in its order.
  public func legalNotes(for step: Step) -> [LegalNote] { step.legalNotes.compactMap(legalNote) }

  /// Whether the contact is an agency that receives mandated reports (`reporting-agency: true`:
  /// for the California protocols, the county welfare department and police or sheriff's
  /// departments, PC 11165.9; never a school police department). False for no contact.
  public func isReportingAgency(_ contactID: String?) -> Bool {
    guard let contactID, let contact = contact(contactID) else { return false }
    return contact.reportingAgency
  }

  /// Whether a call is the phone report: made to a reporting agency of this protocol (the
  /// front end matches a typed agency to a contact first; an unmatched one does not count) and
  /// the agency took the report. The step it was recorded on does not matter.
  public func isPhoneReport(_ call: CallRecord) -> Bool {
    call.outcome == .reportTaken && isReportingAgency(call.contactID)
  }

  /// The contacts to show at a step: the one the step names, then the district's contacts
  /// added to it (`adds-to-steps` in a district file).
  public func contacts(for step: Step) -> [Contact] {
    var result: [Contact] = []
    if let id = step.contact, let contact = contact(id) { result.append(contact) }
    for contact in contacts where contact.addsToSteps.contains(step.id) && contact.id != step.contact {
      result.append(contact)
    }
    return result
  }
  public func document(_ id: String) -> SourceDocument? { documents.first { $0.id == id } }
  public func pathway(_ id: Situation) -> Pathway? { pathways.first { $0.id == id } }

  /// What this protocol does for a situation: the pathway that serves it, or the file's plain
  /// statement that it does not cover it (with the closest pathway, if any). Never another
  /// protocol's steps.
  public func coverage(of situation: Situation) -> Coverage {
    if let pathway = pathways.first(where: { $0.serves.contains(situation) }) {
      return .pathway(pathway)
    }
    let entry = notCovered.first { $0.situation == situation }
    return .notCovered(
      explanation: entry?.explanation ?? "This protocol does not cover this situation.",
      closest: entry?.closest.flatMap(pathway))
  }

  /// Describes a source reference for people: "Document title — location".
  public func describe(_ source: SourceRef) -> String {
    let title = document(source.document)?.title ?? source.document
    return "\(title), \(source.location)"
  }
}

/// The answer to "which pathway does this protocol follow for that situation?"
public enum Coverage: Equatable, Sendable {
  case pathway(Pathway)
  case notCovered(explanation: String, closest: Pathway?)

  /// The pathway walked for the situation: the one that serves it, or else the closest one.
  public var followedPathway: Pathway? {
    switch self {
    case .pathway(let pathway): return pathway
    case .notCovered(_, let closest): return closest
    }
  }
}

/// Where a fact comes from: a document of the protocol and a place in it.
public struct SourceRef: Equatable, Sendable {
  public var document: String
  public var location: String
  public init(document: String, location: String) {
    self.document = document
    self.location = location
  }
}

/// A document a protocol was transcribed from.
public struct SourceDocument: Equatable, Sendable {
  public var id: String
  public var title: String
  public var publisher: String
  public var date: String?
  public var file: String?
  public var note: String?
  public init(
    id: String, title: String, publisher: String, date: String? = nil, file: String? = nil,
    note: String? = nil
  ) {
    self.id = id
    self.title = title
    self.publisher = publisher
    self.date = date
    self.file = file
    self.note = note
  }
}

/// A term the protocol defines.
public struct Definition: Equatable, Sendable {
  public var term: String
  public var text: String
  public var source: SourceRef
  public init(term: String, text: String, source: SourceRef) {
    self.term = term
    self.text = text
    self.source = source
  }
}

/// A law the protocol cites as its basis.
public struct LegalBasis: Equatable, Sendable {
  public var citation: String
  public var text: String
  public var source: SourceRef
  public init(citation: String, text: String, source: SourceRef) {
    self.citation = citation
    self.text = text
    self.source = source
  }
}

/// An agency or service to call. `phone` is exactly as the source prints it, or nil when the
/// source gives none (the program never supplies one).
public struct Contact: Equatable, Sendable {
  /// Where a contact comes from: the protocol's source documents, or the district's own file.
  public enum Origin: String, Equatable, Sendable {
    case source
    case district
  }

  public var id: String
  public var name: String
  public var phone: String?
  public var role: String?
  public var when: String
  public var note: String?
  public var source: SourceRef
  /// An agency that receives mandated reports (PC 11165.9 for the California protocols).
  public var reportingAgency: Bool
  public var origin: Origin
  /// Step ids (in any pathway) at which a district's contact is shown.
  public var addsToSteps: [String]
  public var transcriptionNote: String?
  public init(
    id: String, name: String, phone: String? = nil, role: String? = nil, when: String,
    note: String? = nil, source: SourceRef, reportingAgency: Bool = false,
    origin: Origin = .source, addsToSteps: [String] = [], transcriptionNote: String? = nil
  ) {
    self.id = id
    self.name = name
    self.phone = phone
    self.role = role
    self.when = when
    self.note = note
    self.source = source
    self.reportingAgency = reportingAgency
    self.origin = origin
    self.addsToSteps = addsToSteps
    self.transcriptionNote = transcriptionNote
  }

  public var isDistricts: Bool { origin == .district }
}

/// A point of law a protocol shows at the steps that name it.
public struct LegalNote: Equatable, Sendable {
  public var id: String
  public var citation: String
  public var text: String
  public var source: SourceRef
  public init(id: String, citation: String, text: String, source: SourceRef) {
    self.id = id
    self.citation = citation
    self.text = text
    self.source = source
  }
}

/// An ordered list of steps for the situations it serves.
public struct Pathway: Equatable, Sendable {
  public var id: Situation
  public var title: String
  public var serves: [Situation]
  public var source: SourceRef
  public var transcriptionNote: String?
  public var steps: [Step]
  public init(
    id: Situation, title: String, serves: [Situation]? = nil, source: SourceRef,
    transcriptionNote: String? = nil, steps: [Step]
  ) {
    self.id = id
    self.title = title
    self.serves = serves ?? [id]
    self.source = source
    self.transcriptionNote = transcriptionNote
    self.steps = steps
  }

  public func step(_ id: String) -> Step? { steps.first { $0.id == id } }
  public func index(of stepID: String) -> Int? { steps.firstIndex { $0.id == stepID } }
}

/// One step of a pathway.
public struct Step: Equatable, Sendable {
  public var id: String
  public var title: String
  public var detail: String
  public var who: String?
  public var contact: String?
  /// The source's words when the step is conditional ("If child abuse or neglect is suspected").
  public var condition: String?
  /// This step makes the mandated report: marking it not applicable on a suspected or
  /// confirmed pathway needs the counselor's explicit confirmation.
  public var mandatedReport: Bool
  /// Steps of different pathways that are the same act (the same report) share this id: one
  /// done in a later pathway fulfils a pending one of an earlier pathway.
  public var act: String?
  /// True when this report step carries the written report's deadline only once the counselor
  /// records that a report is being made (abuse suspected): San Mateo's at-risk "Child Welfare
  /// Report" is not by itself a CANRA report (`deadline-only-when-reporting: true`).
  public var deadlineOnlyWhenReporting: Bool = false
  /// Ids of the protocol's legal notes shown at this step.
  public var legalNotes: [String]
  public var source: SourceRef
  public var transcriptionNote: String?
  public init(
    id: String, title: String, detail: String, who: String? = nil, contact: String? = nil,
    condition: String? = nil, mandatedReport: Bool = false, act: String? = nil,
    legalNotes: [String] = [], source: SourceRef, transcriptionNote: String? = nil
  ) {
    self.act = act
    self.legalNotes = legalNotes
    self.id = id
    self.title = title
    self.detail = detail
    self.who = who
    self.contact = contact
    self.condition = condition
    self.mandatedReport = mandatedReport
    self.source = source
    self.transcriptionNote = transcriptionNote
  }

  public var isConditional: Bool { condition != nil }
}

/// A situation the protocol does not cover, said plainly.
public struct NotCovered: Equatable, Sendable {
  public var situation: Situation
  public var closest: Situation?
  public var explanation: String
  public init(situation: Situation, closest: Situation? = nil, explanation: String) {
    self.situation = situation
    self.closest = closest
    self.explanation = explanation
  }
}

/// What the jurisdiction's mandated report must contain, and when it is due.
public struct MandatedReport: Equatable, Sendable {
  /// The moment the written report's hours count from.
  public enum DeadlineBasis: String, CaseIterable, Equatable, Sendable {
    /// When the staff member received the information (learned of or observed what gives rise
    /// to the suspicion): PC 11166(a).
    case informationReceived = "information-received"

    public var description: String {
      switch self {
      case .informationReceived: return "after the information was received"
      }
    }
  }

  public var law: String
  public var phoneReport: String
  public var writtenReportHours: Int?
  public var writtenReportFrom: DeadlineBasis?
  public var writtenReport: String?
  public var agencies: String?
  public var confidentiality: String?
  public var note: String?
  public var source: SourceRef
  public var fields: [ReportField]
  public init(
    law: String, phoneReport: String, writtenReportHours: Int? = nil,
    writtenReportFrom: DeadlineBasis? = nil, writtenReport: String? = nil,
    agencies: String? = nil, confidentiality: String? = nil, note: String? = nil,
    source: SourceRef, fields: [ReportField]
  ) {
    self.law = law
    self.phoneReport = phoneReport
    self.writtenReportHours = writtenReportHours
    self.writtenReportFrom = writtenReportFrom
    self.writtenReport = writtenReport
    self.agencies = agencies
    self.confidentiality = confidentiality
    self.note = note
    self.source = source
    self.fields = fields
  }
}

/// One item of the mandated report.
public struct ReportField: Equatable, Sendable {
  public enum Need: String, Equatable, Sendable {
    case always
    case ifKnown = "if-known"
  }
  public var id: String
  public var label: String
  public var needed: Need
  public var choices: [String]
  /// The answer runs to several lines (`multiline: true`): the full screen gives it a box
  /// where Enter starts a new line.
  public var multiline: Bool
  public var source: SourceRef
  public init(id: String, label: String, needed: Need, choices: [String] = [], multiline: Bool = false, source: SourceRef) {
    self.id = id
    self.label = label
    self.needed = needed
    self.choices = choices
    self.multiline = multiline
    self.source = source
  }
}
