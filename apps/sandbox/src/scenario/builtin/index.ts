import type { Scenario } from "../scenario.ts"
import { largeScenario } from "./large.ts"
import { smallScenario } from "./small.ts"

export { largeScenarioLimits } from "./large.ts"
export { smallAccounts } from "./small.ts"

/** The scenarios the sandbox ships with; `large:N` chooses the number of accounts of `large`. */
export const builtInScenarioNames: ReadonlyArray<string> = ["small", "large", "large:N"]

/** A built-in scenario: `small` (the demo, the default) or `large` with `accounts` accounts (default 1,000). */
export const builtInScenario = (
  name: "small" | "large",
  options: { readonly accounts?: number } = {},
): Scenario => (name === "small" ? smallScenario() : largeScenario(options))
