/// Which items of which criteria were marked present: criterion id to item ids.
public struct ScreeningAnswers: Equatable, Sendable {
  public private(set) var present: [String: Set<String>] = [:]

  public init() {}

  public mutating func set(criterion: String, item: String, present isPresent: Bool) {
    if isPresent {
      present[criterion, default: []].insert(item)
    } else {
      present[criterion]?.remove(item)
      if present[criterion]?.isEmpty == true { present[criterion] = nil }
    }
  }

  public func isPresent(criterion: String, item: String) -> Bool {
    present[criterion]?.contains(item) ?? false
  }

  public var isEmpty: Bool { present.isEmpty }
}

/// The outcome of one criterion.
public struct CriterionResult: Equatable, Sendable {
  public var criterionID: String
  public var presentItems: [ScreeningItem]
  public var total: Int
  public var minimum: Int?
  /// nil for an observation checklist, which decides nothing.
  public var met: Bool? {
    minimum.map { presentItems.count >= $0 }
  }
  /// The reason in words: "criterion 1 met: 1 of 3 factors present (at least 1 needed):
  /// controlled or groomed by another person".
  public var reason: String
}

/// The determination of a screening, with its reason in words.
public struct ScreeningResult: Equatable, Sendable {
  public enum Determination: Equatable, Sendable {
    case met
    case notMet
    /// Observation checklists only: what was seen is recorded; nothing is decided.
    case observationsRecorded
  }
  public var determination: Determination
  public var criteria: [CriterionResult]
  /// One sentence for the screen and the summary.
  public var reason: String
  /// The pathway the determination leads to, when it is met.
  public var leadsTo: Situation?
}

extension Screening {
  /// Applies the criteria to the answers. Pure: the same answers always give the same result.
  public func evaluate(_ answers: ScreeningAnswers) -> ScreeningResult {
    let results = criteria.map { criterion -> CriterionResult in
      let present = criterion.items.filter {
        answers.isPresent(criterion: criterion.id, item: $0.id)
      }
      let count = "\(present.count) of \(criterion.items.count) \(criterion.itemNoun) present"
      let names = present.isEmpty ? "" : ": " + present.map(\.short).joined(separator: "; ")
      let reason: String
      if let minimum = criterion.minimum {
        let verdict = present.count >= minimum ? "met" : "not met"
        reason = "\(criterion.short) \(verdict): \(count) (at least \(minimum) needed)\(names)"
      } else {
        reason = "\(criterion.short): \(count) (observation checklist, no threshold)\(names)"
      }
      return CriterionResult(
        criterionID: criterion.id, presentItems: present, total: criterion.items.count,
        minimum: criterion.minimum, reason: reason)
    }
    let deciding = results.filter { $0.minimum != nil }
    guard !deciding.isEmpty else {
      let seen = results.reduce(0) { $0 + $1.presentItems.count }
      return ScreeningResult(
        determination: .observationsRecorded, criteria: results,
        reason: "\(seen) observation\(seen == 1 ? "" : "s") recorded; this checklist sets no threshold.",
        leadsTo: nil)
    }
    let metResults = deciding.filter { $0.met == true }
    let met: Bool
    switch rule {
    case .anyCriterion: met = !metResults.isEmpty
    case .allCriteria: met = metResults.count == deciding.count
    }
    // Each criterion's reason starts a sentence here: "... met. Criterion 1 met: ...".
    let sentences = { (results: [CriterionResult]) in
      results.map { $0.reason.prefix(1).uppercased() + $0.reason.dropFirst() }.joined(separator: ". ") + "."
    }
    let reason: String
    if met {
      reason = "At-risk concern met. " + sentences(metResults)
    } else {
      let need = rule == .anyCriterion ? "no criterion reached its minimum" : "not every criterion reached its minimum"
      reason = "At-risk concern not met: \(need). " + sentences(deciding)
    }
    return ScreeningResult(
      determination: met ? .met : .notMet, criteria: results, reason: reason,
      leadsTo: met ? leadsTo : nil)
  }
}
