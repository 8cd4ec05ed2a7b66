#!/usr/bin/env -S node --max-semi-space-size=8
// A small young generation keeps long scans' memory flat (the collector allocates much short-lived data).
import { type Command, helpText, parseInvocation } from "./command.ts"
import { rootCommand } from "./commands/index.ts"
import { ExitCode } from "./exit-code.ts"
import { type Output, processOutput } from "./output.ts"
import { UsageError } from "./usage-error.ts"

/** Runs `rampart` with the given arguments and returns the exit code; never throws. */
export const runCli = async (argv: ReadonlyArray<string>, out: Output): Promise<ExitCode> => {
  let command: Command = rootCommand
  const path: string[] = []
  let rest = [...argv]
  while (command.subcommands && rest[0] !== undefined && !rest[0].startsWith("-")) {
    const name: string = rest[0]
    const next = command.subcommands.find((c) => c.name === name)
    if (!next) {
      const known = command.subcommands.map((c) => c.name)
      const close = known.find((k) => k.startsWith(name.slice(0, 3)))
      out.stderr(
        `rampart: unknown command "${[...path, name].join(" ")}"${close ? ` (did you mean "${close}"?)` : ""}\n\n${helpText(command, path)}`,
      )
      return ExitCode.badInput
    }
    command = next
    path.push(name)
    rest = rest.slice(1)
  }
  if (command.passthrough) return command.passthrough(rest, out)
  try {
    const { options, positionals } = parseInvocation(command, rest)
    if (options.help || !command.run) {
      if (!options.help && command.subcommands && rest.length === 0 && path.length > 0) {
        out.stderr(helpText(command, path))
        return ExitCode.badInput
      }
      ;(options.help ? out.stdout : out.stderr)(helpText(command, path))
      return options.help ? ExitCode.ok : ExitCode.badInput
    }
    return await command.run({ options, positionals, out })
  } catch (cause) {
    if (cause instanceof UsageError || isArgumentError(cause)) {
      out.stderr(
        `rampart ${path.join(" ")}: ${(cause as Error).message}\nRun \`rampart ${path.join(" ")} --help\` for usage.\n`,
      )
      return ExitCode.badInput
    }
    out.stderr(
      `rampart ${path.join(" ")}: failed: ${cause instanceof Error ? (cause.stack ?? cause.message) : String(cause)}\n`,
    )
    return ExitCode.failure
  }
}

/** node:util parseArgs rejects unknown options and missing values with ERR_PARSE_ARGS_* errors. */
const isArgumentError = (cause: unknown): boolean => {
  const code: unknown =
    cause instanceof TypeError ? (cause as TypeError & { code?: unknown }).code : undefined
  return typeof code === "string" && code.startsWith("ERR_PARSE_ARGS")
}

if (import.meta.main) {
  process.exitCode = await runCli(process.argv.slice(2), processOutput())
}
