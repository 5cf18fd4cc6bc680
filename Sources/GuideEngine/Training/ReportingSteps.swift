extension GuideProtocol {
  /// Words that make a contact one of law enforcement or child protection, in its id or name.
  static let reportingContactWords = [
    "law enforcement", "law-enforcement", "police", "sheriff", "school resource officer",
    "child protective", "child protection", "child welfare", "child-welfare", "cps",
  ]

  /// A step the training always scores (issue: a trainee must not mark it "not applicable" for
  /// a reason the scenario does not accept): the mandated-report step, or a step whose contact is
  /// law enforcement or child protection (its id or name says so: "Local law enforcement",
  /// "On-site School Resource Officer (SRO)", "Child protection services").
  public func isReportingStep(_ step: Step) -> Bool {
    if step.mandatedReport { return true }
    guard let id = step.contact, let contact = contact(id) else { return false }
    let words = (contact.id + " " + contact.name).lowercased()
    return Self.reportingContactWords.contains { words.contains($0) }
  }
}
