import GuideEngine

extension GuideProtocol {
  /// What the situation question says under a situation: when it applies, and which pathway of
  /// this protocol it leads to (or that the protocol does not cover it, and its closest).
  public func choiceDetail(_ situation: Situation) -> String {
    var detail = situation.whenItApplies
    switch coverage(of: situation) {
    case .pathway(let pathway):
      detail += " Pathway: \(pathway.title) (\(pathway.steps.count) steps)."
    case .notCovered(_, let closest):
      detail += " Not covered by this protocol" + (closest.map { "; closest: \($0.title)." } ?? ".")
    }
    return detail
  }
}
