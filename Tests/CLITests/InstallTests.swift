import Foundation  // tests only: temporary directories
import Testing

/// `make install-files` puts the binary and its completions under a prefix; the installed copy
/// runs from any directory and shows a built-in protocol (nothing is read from the build folder).
@Suite(.serialized) struct InstallTests {
  @Test func theInstalledBinaryRunsFromAnotherDirectory() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let prefix = FileManager.default.temporaryDirectory.appendingPathComponent("csec-prefix-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: prefix) }
    let make = Process()
    make.executableURL = URL(fileURLWithPath: "/usr/bin/make")
    make.arguments = ["-s", "-C", root.path, "install-files", "PREFIX=\(prefix)", "BINARY=\(CLI.binary.path)", "MANPAGE=/nonexistent"]
    make.standardOutput = FileHandle.nullDevice
    try make.run()
    make.waitUntilExit()
    #expect(make.terminationStatus == 0)
    let installed = prefix + "/bin/csec-guide"
    #expect(FileManager.default.isExecutableFile(atPath: installed))
    for completion in ["share/bash-completion/completions/csec-guide", "share/zsh/site-functions/_csec-guide", "share/fish/vendor_completions.d/csec-guide.fish"] {
      let text = (try? String(contentsOfFile: prefix + "/" + completion, encoding: .utf8)) ?? ""
      #expect(text.contains("csec-guide"), "\(completion) is missing or empty")
    }
    let run = Process()
    run.executableURL = URL(fileURLWithPath: installed)
    run.arguments = ["protocol", "show", "san-mateo"]
    run.currentDirectoryURL = URL(fileURLWithPath: "/")
    run.environment = ["HOME": prefix, "PATH": "/usr/bin:/bin"]
    let out = Pipe()
    run.standardOutput = out
    try run.run()
    let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    run.waitUntilExit()
    #expect(run.terminationStatus == 0)
    #expect(text.contains("Rape Trauma Services: 650-692-7273"))
    #expect(text.contains("Loaded from: built-in"))
  }
}
