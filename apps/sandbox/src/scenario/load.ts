import { existsSync, readFileSync } from "node:fs"
import { extname } from "node:path"
import {
  type Diagnostic,
  decodeWithDiagnostics,
  parseJsonText,
  parseYamlText,
  suggestionFor,
} from "@rampart/model"
import type { ServiceDefinition } from "../operation.ts"
import { services as allServices } from "../services/index.ts"
import { builtInScenario, builtInScenarioNames, largeScenarioLimits } from "./builtin/index.ts"
import { checkScenario } from "./checks.ts"
import { Scenario } from "./scenario.ts"

export { builtInScenario, builtInScenarioNames } from "./builtin/index.ts"

/** A scenario, or every problem that keeps it from being one. */
export type LoadedScenario =
  | { readonly ok: true; readonly scenario: Scenario }
  | { readonly ok: false; readonly diagnostics: ReadonlyArray<Diagnostic> }

export interface ScenarioLoadOptions {
  /** The services activity may call (default: every service of the sandbox). */
  readonly services?: ReadonlyArray<ServiceDefinition>
}

const failure = (
  file: string,
  code: string,
  message: string,
  fix: string,
  value?: unknown,
): LoadedScenario => ({
  ok: false,
  diagnostics: [
    {
      severity: "error",
      code: `scenario.${code}`,
      file,
      path: "",
      message,
      fix,
      ...(value === undefined ? {} : { value }),
    },
  ],
})

/**
 * Parses, decodes (unknown keys are errors) and checks a scenario written in YAML or JSON. `file` names the text in
 * diagnostics; a `.json` file must be valid JSON, anything else is read as YAML (of which JSON is a part).
 */
export const loadScenarioText = (
  text: string,
  file: string,
  options: ScenarioLoadOptions = {},
): LoadedScenario => {
  if (extname(file).toLowerCase() === ".json") {
    const json = parseJsonText(text, file)
    if (!json.ok) return { ok: false, diagnostics: [json.error] }
  }
  const parsed = parseYamlText(text, file)
  if (!parsed.ok) return { ok: false, diagnostics: parsed.errors }
  const source = parsed.source
  const decoded = decodeWithDiagnostics(Scenario, source.value, source, "scenario")
  if (!decoded.ok) return { ok: false, diagnostics: decoded.diagnostics }
  const diagnostics = checkScenario(decoded.value, {
    file,
    positionOf: source.positionOf,
    services: options.services ?? allServices,
  })
  return diagnostics.length > 0 ? { ok: false, diagnostics } : { ok: true, scenario: decoded.value }
}

/** Reads a scenario file; a missing or unreadable file is a diagnostic, not an exception. */
export const loadScenarioFile = (path: string, options: ScenarioLoadOptions = {}): LoadedScenario => {
  let text: string
  try {
    text = readFileSync(path, "utf8")
  } catch (cause) {
    const missing = (cause as NodeJS.ErrnoException).code === "ENOENT"
    return failure(
      path,
      "unreadable",
      missing ? "the file does not exist" : `the file cannot be read: ${String(cause)}`,
      missing
        ? `give the path of a scenario file, or a built-in scenario: ${builtInScenarioNames.join(", ")}`
        : "check the file's permissions",
    )
  }
  return loadScenarioText(text, path, options)
}

/**
 * A built-in scenario by name (`small`, `large`, `large:N` with N accounts), or else a scenario file by path.
 * Built-ins win over a file of the same name; write `./small` for such a file.
 */
export const resolveScenario = (nameOrPath: string, options: ScenarioLoadOptions = {}): LoadedScenario => {
  const large = /^large(?::(.*))?$/.exec(nameOrPath)
  if (large) {
    const count = large[1] === undefined ? largeScenarioLimits.defaultAccounts : Number(large[1])
    const { minimumAccounts, maximumAccounts } = largeScenarioLimits
    if (!Number.isInteger(count) || count < minimumAccounts || count > maximumAccounts)
      return failure(
        nameOrPath,
        "invalid-name",
        `large:N takes a whole number of accounts from ${minimumAccounts} to ${maximumAccounts}`,
        `write e.g. large:${maximumAccounts}`,
        large[1],
      )
    return { ok: true, scenario: builtInScenario("large", { accounts: count }) }
  }
  if (nameOrPath === "small") return { ok: true, scenario: builtInScenario("small") }
  if (!existsSync(nameOrPath) && !/[/\\.]/.test(nameOrPath))
    return failure(
      nameOrPath,
      "unknown-scenario",
      `"${nameOrPath}" is neither a built-in scenario nor a file`,
      `${suggestionFor(nameOrPath, builtInScenarioNames)}; or give the path of a scenario file (.yaml or .json)`,
      nameOrPath,
    )
  return loadScenarioFile(nameOrPath, options)
}
