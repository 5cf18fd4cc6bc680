import Foundation  // tests only: temporary files
import GuideSession
import Testing

@Suite struct AdminConfigTests {
  func write(_ text: String) throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("csec-config-\(UUID().uuidString)").path
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  @Test func readsEverySetting() throws {
    let path = try write("""
      # kiosk account
      restricted = true
      export-directory = /srv/csec-guide/exports
      protocol-directory = /etc/csec-guide/protocols   # the district's own
      draft-directory = /var/lib/csec-guide/drafts
      draft-days = 7
      idle-lock-minutes = 2

      """)
    let config = try AdminConfig.load(path: path)
    #expect(config == AdminConfig(
      restricted: true, exportDirectory: "/srv/csec-guide/exports", protocolDirectory: "/etc/csec-guide/protocols",
      draftDirectory: "/var/lib/csec-guide/drafts", draftDays: 7, idleLockMinutes: 2))
  }

  @Test func aMissingDefaultFileMeansDefaults() throws {
    // The default path is given, so the machine's own /etc/csec-guide/config plays no part.
    let missing = FileManager.default.temporaryDirectory.appendingPathComponent("csec-absent-\(UUID().uuidString)/config").path
    #expect(try AdminConfig.load(path: nil, defaultPath: missing) == AdminConfig())
    // A default file that exists is read, as the administrator's is.
    let present = try write("restricted = true\nidle-lock-minutes = 1\n")
    #expect(try AdminConfig.load(path: nil, defaultPath: present) == AdminConfig(restricted: true, idleLockMinutes: 1))
    // Named, the same missing file is an error.
    #expect(throws: ConfigError.self) { try AdminConfig.load(path: missing, defaultPath: present) }
  }

  @Test func mistakesAreNamedWithTheirLine() throws {
    let cases: [(String, String)] = [
      ("restricted = yes\n", ":1: 'restricted' must be true or false"),
      ("export-directory = exports\n", ":1: 'export-directory' must be an absolute path"),
      ("\ndraft-days = 0\n", ":2: 'draft-days' must be a whole number from 1 to 365"),
      ("colour = blue\n", ":1: unknown setting 'colour'"),
      ("restricted\n", ":1: write settings as 'name = value'"),
      // The C library would silently take an unknown name as UTC: a server would show wrong times.
      ("time-zone = America/Las_Angeles\n", ":1: 'time-zone' must name a zone of the system's time-zone database"),
      ("time-zone = ../../etc/passwd\n", ":1: 'time-zone' must name a zone"),
    ]
    for (text, message) in cases {
      let path = try write(text)
      do throws(ConfigError) {
        _ = try AdminConfig.load(path: path)
        Issue.record("accepted: \(text)")
      } catch {
        #expect(error.description.contains(path + message), "\(error)")
      }
    }
    let zoned = try write("time-zone = America/Los_Angeles\n")
    #expect(try AdminConfig.load(path: zoned).timeZone == "America/Los_Angeles")
    do throws(ConfigError) {
      _ = try AdminConfig.load(path: "/nonexistent/config")
      Issue.record("a named config file that is missing was accepted")
    } catch {
      #expect(error.description.hasPrefix("/nonexistent/config: cannot open it"))
    }
  }
}
