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
  public var contacts: [Contact]
  public var screening: Screening?
  public var pathways: [Pathway]
  public var notCovered: [NotCovered]
  public var mandatedReport: MandatedReport?

  public init(
    id: String, title: String, jurisdiction: String, date: String? = nil,
    transcriptionNote: String? = nil, documents: [SourceDocument], definitions: [Definition] = [],
    legalBasis: [LegalBasis] = [], contacts: [Contact], screening: Screening? = nil,
    pathways: [Pathway], notCovered: [NotCovered] = [], mandatedReport: MandatedReport? = nil
  ) {
    self.id = id
    self.title = title
    self.jurisdiction = jurisdiction
    self.date = date
    self.transcriptionNote = transcriptionNote
    self.documents = documents
    self.definitions = definitions
    self.legalBasis = legalBasis
    self.contacts = contacts
    self.screening = screening
    self.pathways = pathways
    self.notCovered = notCovered
    self.mandatedReport = mandatedReport
  }

  public func contact(_ id: String) -> Contact? { contacts.first { $0.id == id } }
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
  public var id: String
  public var name: String
  public var phone: String?
  public var role: String?
  public var when: String
  public var note: String?
  public var source: SourceRef
  public init(
    id: String, name: String, phone: String? = nil, role: String? = nil, when: String,
    note: String? = nil, source: SourceRef
  ) {
    self.id = id
    self.name = name
    self.phone = phone
    self.role = role
    self.when = when
    self.note = note
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
  /// This step makes the mandated report: the written report's deadline counts from its call.
  public var mandatedReport: Bool
  public var source: SourceRef
  public var transcriptionNote: String?
  public init(
    id: String, title: String, detail: String, who: String? = nil, contact: String? = nil,
    condition: String? = nil, mandatedReport: Bool = false, source: SourceRef,
    transcriptionNote: String? = nil
  ) {
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
  public var law: String
  public var phoneReport: String
  public var writtenReportHours: Int?
  public var writtenReport: String?
  public var agencies: String?
  public var confidentiality: String?
  public var note: String?
  public var source: SourceRef
  public var fields: [ReportField]
  public init(
    law: String, phoneReport: String, writtenReportHours: Int? = nil, writtenReport: String? = nil,
    agencies: String? = nil, confidentiality: String? = nil, note: String? = nil,
    source: SourceRef, fields: [ReportField]
  ) {
    self.law = law
    self.phoneReport = phoneReport
    self.writtenReportHours = writtenReportHours
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
