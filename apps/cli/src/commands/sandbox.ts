import { spawn } from "node:child_process"
import { fileURLToPath } from "node:url"
import type { Command } from "../command.ts"
import { ExitCode } from "../exit-code.ts"
import type { Output } from "../output.ts"
import { sandboxImportCommand } from "./sandbox-import.ts"

/** The sandbox program, which lives beside the CLI in the repository. */
const sandboxMain = fileURLToPath(new URL("../../../sandbox/src/main.ts", import.meta.url))

/** Runs the sandbox program with the arguments, passing signals on, and answers its exit code. */
const runSandbox = (args: ReadonlyArray<string>, out: Output): Promise<ExitCode> =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, [sandboxMain, ...args], { stdio: ["inherit", "pipe", "pipe"] })
    child.stdout.on("data", (chunk: Buffer) => out.stdout(chunk.toString("utf8")))
    child.stderr.on("data", (chunk: Buffer) => out.stderr(chunk.toString("utf8")))
    const forward = (signal: NodeJS.Signals) => () => child.kill(signal)
    const onInt = forward("SIGINT")
    const onTerm = forward("SIGTERM")
    process.on("SIGINT", onInt)
    process.on("SIGTERM", onTerm)
    child.on("exit", (code) => {
      process.off("SIGINT", onInt)
      process.off("SIGTERM", onTerm)
      resolve((code ?? ExitCode.failure) as ExitCode)
    })
  })

const upCommand: Command = {
  name: "up",
  summary: "Run the local AWS organization (the sandbox) until interrupted.",
  passthrough: (argv, out) => runSandbox(["up", ...argv], out),
}

const exportTrailCommand: Command = {
  name: "export-trail",
  summary: "Write the sandbox's CloudTrail events as CloudTrail log files, for `rampart scp replay`.",
  passthrough: (argv, out) => runSandbox(["export-trail", ...argv], out),
}

export const sandboxCommand: Command = {
  name: "sandbox",
  summary:
    "A local AWS organization speaking the real wire protocols, enforcing SCPs, for rehearsals and tests.",
  subcommands: [upCommand, exportTrailCommand, sandboxImportCommand],
}
