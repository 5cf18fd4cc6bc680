import GuideEngine
import GuideStore

/// Where this user's reporter profile is kept, and the rules both front ends follow with it:
/// a reporter field the counselor opens is pre-filled from the profile, and saving a reporter
/// field updates the profile. The file is GuideStore's `ReporterProfileFile` (0600, in a 0700
/// directory): the state directory (`StateDirectory.path`), or the administrator's
/// `profile-directory`.
public struct ReporterProfileStore: Equatable, Sendable {
  public let directory: String

  public init(directory: String) { self.directory = directory }

  /// The administrator's directory, or the state directory; nil when neither is usable.
  public static func resolve(configured: String?, environment: [String: String]) -> ReporterProfileStore? {
    (configured ?? StateDirectory.path(environment: environment)).map(ReporterProfileStore.init)
  }

  /// The saved profile (nil when none is saved), or why it cannot be read.
  public func load() -> Result<ReporterProfile?, ReporterProfileFile.Failure> {
    do throws(ReporterProfileFile.Failure) {
      return .success(try ReporterProfileFile.read(directory: directory))
    } catch {
      return .failure(error)
    }
  }

  /// Saves the profile; returns why it could not be saved.
  public func save(_ profile: ReporterProfile) -> String? {
    do throws(ReporterProfileFile.Failure) {
      try ReporterProfileFile.write(profile, directory: directory)
      return nil
    } catch {
      return error.description
    }
  }

  /// Said once in a session, the first time a reporter field updates the profile.
  public static let savedNotice = "Also saved to your reporter profile (readable only by you): the next case offers it."

  public static func notSaved(_ why: String) -> String { "Your reporter profile could not be saved (\(why)); the case has the answer." }
}

extension ReporterProfile {
  /// The profile's value for a report field, when the field is a reporter field and it has one.
  public func value(for fieldID: String) -> String? {
    fieldValues.first { $0.id == fieldID }?.value.flatMap { $0.trimmingWhitespace().nilIfEmpty }
  }

  /// The profile with `fieldID` set to `value`; nil when the field is not a reporter field or
  /// the profile already says so.
  public func setting(_ fieldID: String, to value: String) -> ReporterProfile? {
    guard Self.fieldIDs.contains(fieldID), self.value(for: fieldID) != value, !value.isEmpty else { return nil }
    var profile = self
    switch fieldID {
    case "reporter-name": profile.name = value
    case "reporter-business-address": profile.businessAddress = value
    case "reporter-phone": profile.phone = value
    default: profile.capacity = value
    }
    return profile
  }

  /// The text a reporter field's form starts with: what the case has, else the profile's value.
  public static func prefill(_ profile: ReporterProfile?, field: String, state: CaseState) -> String {
    switch state.reportFields[field] {
    case .text(let text)?: return text
    case .unknown?: return ""
    case nil: return profile?.value(for: field) ?? ""
    }
  }
}
