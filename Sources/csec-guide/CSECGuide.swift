import ArgumentParser
import GuideEngine
import GuideProtocols

#if canImport(Glibc)
  import Glibc
#endif

/// The `csec-guide` command: declarations only; the work is done by the library modules.
@main
struct CSECGuide: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "csec-guide",
    abstract: "Walks school staff through their county's CSEC and child-trafficking protocol.",
    discussion: """
      Exit status: 0 success; 64 the command was used wrongly; 65 a protocol or scenario file \
      has problems, or a plain-mode script's answer did not fit its question; 66 an input file \
      or directory cannot be opened, plain mode's input ended before the summary was saved, or \
      a draft could not be opened; 69 no usable terminal; 75 a draft is open in another \
      session; 74 ended by a signal with records lost (the last save failed, or the case had \
      no draft; said on standard error); 78 the administrator's config file has a problem; 128 + N ended by signal N, \
      129 SIGHUP, 143 SIGTERM (the terminal is restored first; the case is in its encrypted \
      draft). \
      README.md lists them in full.
      """,
    version: CSECGuideVersion.current,
    subcommands: [GuideCommand.self, ResumeCommand.self, TrainCommand.self, DraftsCommand.self, ProtocolCommand.self],
    defaultSubcommand: GuideCommand.self
  )

  /// The full-screen guide with its plain options starts without swift-argument-parser (see
  /// `GuideArguments.quick`); everything else is parsed by it as usual.
  static func main() {
    // A write to a closed pipe or connection fails with EPIPE (handled by each writer) instead
    // of killing the process with the terminal raw and a case on the screen.
    signal(SIGPIPE, SIG_IGN)
    guard let arguments = GuideArguments.quick(Array(CommandLine.arguments.dropFirst())) else {
      main(nil)
      return
    }
    do {
      try GuideLauncher.run(arguments)
    } catch {
      exit(withError: error)
    }
  }
}

enum CSECGuideVersion {
  static let current = "0.1.0"
}

/// Options every command shares.
struct ProtocolSourceOptions: ParsableArguments {
  @Option(
    name: .customLong("protocol-dir"),
    help: ArgumentHelp(
      "A directory of your district's protocol files (*.yaml), shown beside the built-ins.",
      valueName: "dir"))
  var protocolDir: String?

  func catalog() -> ProtocolCatalog {
    ProtocolCatalog.load(protocolDir: protocolDir, environment: ProcessEnvironment.variables())
  }
}

/// The exit codes of sysexits.h that the commands use.
enum ExitStatus {
  static let usage = ExitCode(64)
  static let dataError = ExitCode(65)
  static let noInput = ExitCode(66)
}
