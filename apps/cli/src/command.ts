import { parseArgs } from "node:util"
import type { ExitCode } from "./exit-code.ts"
import type { Output } from "./output.ts"

/** One option of a command, as `--name VALUE` or a `--flag`. */
export interface OptionSpec {
  readonly type: "string" | "boolean"
  readonly description: string
  readonly short?: string
  readonly default?: string | boolean
  readonly multiple?: boolean
  /** Shown in help as `--name VALUE`. */
  readonly valueName?: string
}

/** What a command receives: its parsed options and positional arguments. */
export interface Invocation {
  readonly options: Readonly<Record<string, string | boolean | ReadonlyArray<string> | undefined>>
  readonly positionals: ReadonlyArray<string>
  readonly out: Output
}

/** A `rampart` command; a command with `subcommands` only dispatches. */
export interface Command {
  readonly name: string
  readonly summary: string
  /** The argument synopsis after the command name, e.g. `<files...>`. */
  readonly usage?: string
  readonly description?: string
  readonly options?: Readonly<Record<string, OptionSpec>>
  readonly subcommands?: ReadonlyArray<Command>
  readonly examples?: ReadonlyArray<string>
  readonly run?: (invocation: Invocation) => Promise<ExitCode> | ExitCode
  /** For commands that hand their arguments, `--help` included, to another program unparsed. */
  readonly passthrough?: (argv: ReadonlyArray<string>, out: Output) => Promise<ExitCode>
}

/** The options every command accepts. */
export const commonOptions: Readonly<Record<string, OptionSpec>> = {
  help: { type: "boolean", short: "h", description: "Show this help." },
}

/** The option of commands that read the guardrail catalog. */
export const catalogOption: Readonly<Record<string, OptionSpec>> = {
  catalog: {
    type: "string",
    valueName: "DIR",
    description:
      "A catalog folder holding policies/ and conformance-packs/ (default: the catalog shipped with Rampart).",
  },
}

/** The options of commands that read rampart.yaml (and so the catalog). */
export const configOption: Readonly<Record<string, OptionSpec>> = {
  config: {
    type: "string",
    short: "c",
    valueName: "FILE",
    default: "rampart.yaml",
    description: "The configuration file.",
  },
  ...catalogOption,
}

/** The option of commands that report something. */
export const jsonOption: Readonly<Record<string, OptionSpec>> = {
  json: { type: "boolean", description: "Print one JSON document for machines instead of text." },
}

/** Parses argv for a command; unknown options and missing values throw a message meant for the user. */
export const parseInvocation = (command: Command, argv: ReadonlyArray<string>) => {
  const specs = { ...commonOptions, ...command.options }
  const parsed = parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: Object.fromEntries(
      Object.entries(specs).map(([name, spec]) => [
        name,
        {
          type: spec.type,
          ...(spec.short ? { short: spec.short } : {}),
          ...(spec.multiple ? { multiple: true } : {}),
          ...(spec.default !== undefined ? { default: spec.default } : {}),
        },
      ]),
    ),
  })
  return { options: parsed.values as Invocation["options"], positionals: parsed.positionals }
}

/** The help text of a command, listing its subcommands or its options. */
export const helpText = (command: Command, path: ReadonlyArray<string>): string => {
  const full = ["rampart", ...path].join(" ")
  const lines: string[] = [`${full} — ${command.summary}`, ""]
  if (command.subcommands) {
    lines.push(`Usage: ${full} <command> [options]`, "", "Commands:")
    const width = Math.max(...command.subcommands.map((c) => c.name.length))
    for (const sub of command.subcommands) lines.push(`  ${sub.name.padEnd(width)}  ${sub.summary}`)
    lines.push("", `Run \`${full} <command> --help\` for a command's options.`)
  } else {
    lines.push(`Usage: ${full}${command.usage ? ` ${command.usage}` : ""} [options]`)
  }
  if (command.description) lines.push("", command.description)
  const options = { ...command.options, ...commonOptions }
  const rendered = Object.entries(options).map(([name, spec]) => {
    const flag = `${spec.short ? `-${spec.short}, ` : "    "}--${name}${spec.type === "string" ? ` ${spec.valueName ?? "VALUE"}` : ""}`
    const fallback = spec.default !== undefined && spec.type === "string" ? ` (default: ${spec.default})` : ""
    return [flag, `${spec.description}${fallback}${spec.multiple ? " Repeatable." : ""}`] as const
  })
  const width = Math.max(...rendered.map(([flag]) => flag.length))
  lines.push("", "Options:", ...rendered.map(([flag, text]) => `  ${flag.padEnd(width)}  ${text}`))
  if (command.examples && command.examples.length > 0)
    lines.push("", "Examples:", ...command.examples.map((e) => `  ${e}`))
  return `${lines.join("\n")}\n`
}
