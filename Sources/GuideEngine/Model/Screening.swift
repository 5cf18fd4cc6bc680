/// An at-risk screening: one or more criteria, each a checklist with an optional minimum.
public struct Screening: Equatable, Sendable {
  /// How criteria combine into the determination.
  public enum Rule: String, Equatable, Sendable {
    /// The concern is met when any criterion with a minimum reaches it.
    case anyCriterion = "any-criterion"
    /// The concern is met when every criterion with a minimum reaches it.
    case allCriteria = "all-criteria"
  }

  public var title: String
  public var rule: Rule
  public var leadsTo: Situation?
  public var note: String?
  public var criteria: [Criterion]

  public init(
    title: String, rule: Rule = .anyCriterion, leadsTo: Situation? = nil, note: String? = nil,
    criteria: [Criterion]
  ) {
    self.title = title
    self.rule = rule
    self.leadsTo = leadsTo
    self.note = note
    self.criteria = criteria
  }

  public func criterion(_ id: String) -> Criterion? { criteria.first { $0.id == id } }

  /// True when no criterion has a minimum: the checklists only record what was observed.
  public var isObservationOnly: Bool { criteria.allSatisfy { $0.minimum == nil } }
}

/// One criterion: a checklist of items and how many must be present.
public struct Criterion: Equatable, Sendable {
  public var id: String
  /// How the reason names it: "criterion 1".
  public var short: String
  public var title: String
  public var prompt: String?
  /// Items needed to meet it; nil for an observation checklist.
  public var minimum: Int?
  /// What the items are called in the reason: "factors", "indicators".
  public var itemNoun: String
  public var source: SourceRef
  public var items: [ScreeningItem]

  public init(
    id: String, short: String, title: String, prompt: String? = nil, minimum: Int?,
    itemNoun: String = "items", source: SourceRef, items: [ScreeningItem]
  ) {
    self.id = id
    self.short = short
    self.title = title
    self.prompt = prompt
    self.minimum = minimum
    self.itemNoun = itemNoun
    self.source = source
    self.items = items
  }

  public func item(_ id: String) -> ScreeningItem? { items.first { $0.id == id } }
}

/// One factor or indicator of a criterion.
public struct ScreeningItem: Equatable, Sendable {
  public var id: String
  public var text: String
  public var short: String
  public var group: String?
  public var source: SourceRef?
  public var transcriptionNote: String?
  public init(
    id: String, text: String, short: String, group: String? = nil, source: SourceRef? = nil,
    transcriptionNote: String? = nil
  ) {
    self.id = id
    self.text = text
    self.short = short
    self.group = group
    self.source = source
    self.transcriptionNote = transcriptionNote
  }
}
