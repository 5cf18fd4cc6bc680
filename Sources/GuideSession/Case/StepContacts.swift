import GuideEngine

/// The contacts shown at a step, as both front ends say them: the step's contact from the
/// protocol's sources, then the contacts a district file adds at that step, marked as the
/// district's ("district's number") so they are never taken for the source's.
public struct StepContact: Equatable, Sendable {
  /// "Contact" or "District's contact".
  public var label: String
  public var name: String
  /// "phone 650-…", "district's number 650-…", or why there is none.
  public var number: String
  public var role: String?
  public var note: String?
  public var isDistricts: Bool

  public static func at(_ step: Step, in guide: GuideProtocol) -> [StepContact] {
    guide.contacts(for: step).map { contact in
      StepContact(
        label: contact.isDistricts ? "District's contact" : "Contact", name: contact.name,
        number: contact.isDistricts
          ? (contact.phone.map { "district's number \($0)" } ?? "no number given by the district")
          : (contact.phone.map { "phone \($0)" } ?? "no phone number in the protocol's source"),
        role: contact.role, note: contact.note, isDistricts: contact.isDistricts)
    }
  }

  /// "Contact: Rape Trauma Services, phone 650-692-7273."
  public var sentence: String { "\(label): \(name), \(number)." }
}
