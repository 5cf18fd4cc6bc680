#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import GuideEngine

/// The reporter profile on disk: one small JSON file, mode 0600, in a directory of mode 0700
/// (the user's data directory, or where the administrator says in restricted mode). It holds
/// the reporter's own details, never a student's.
public enum ReporterProfileFile {
  public static let fileName = "reporter-profile.json"

  public struct Failure: Error, Equatable, CustomStringConvertible {
    public var description: String
  }

  /// The saved profile, or nil when none was saved yet.
  public static func read(directory: String) throws(Failure) -> ReporterProfile? {
    let path = directory + "/" + fileName
    var info = stat()
    if lstat(path, &info) != 0 {
      if errno == ENOENT { return nil }
      throw Failure(description: "cannot read \(path): \(String(cString: strerror(errno)))")
    }
    guard (info.st_mode & S_IFMT) == S_IFREG else { throw Failure(description: "\(path) is not a regular file") }
    guard info.st_mode & 0o077 == 0 else {
      throw Failure(description: "\(path) can be read by others (mode \(String(info.st_mode & 0o777, radix: 8))); it should be readable only by you (chmod 600)")
    }
    let bytes: [UInt8]
    do throws(FileFailure) {
      bytes = try SafeFiles.read(path, limit: 64 << 10)
    } catch {
      throw Failure(description: error.description)
    }
    let json: JSONValue
    do throws(JSONParser.Failure) {
      json = try JSONParser.parse(bytes: bytes)
    } catch {
      throw Failure(description: "\(path) is not readable: \(error)")
    }
    guard json["format"]?.stringValue == "csec-guide-reporter-profile/1" else {
      throw Failure(description: "\(path) is not a csec-guide reporter profile")
    }
    return ReporterProfile(
      name: json["name"]?.stringValue, businessAddress: json["business_address"]?.stringValue,
      phone: json["phone"]?.stringValue, capacity: json["capacity"]?.stringValue)
  }

  /// Saves the profile, replacing the old one whole (never a torn file), readable only by the user.
  public static func write(_ profile: ReporterProfile, directory: String) throws(Failure) {
    let json: JSONValue = .object([
      ("format", .string("csec-guide-reporter-profile/1")),
      ("name", .optional(profile.name)), ("business_address", .optional(profile.businessAddress)),
      ("phone", .optional(profile.phone)), ("capacity", .optional(profile.capacity)),
    ])
    do throws(FileFailure) {
      try SafeFiles.makePrivateDirectory(directory)
      try SafeFiles.replace(directory: directory, name: fileName, bytes: Array(json.rendered().utf8))
    } catch {
      throw Failure(description: error.description)
    }
  }
}
