import { checkParameters } from "@rampart/catalog"
import { formatPath } from "@rampart/model"
import type { ConfigCheck } from "./check.ts"

/** Parameter values match the types, allowed values and ranges the catalog declares. */
export const guardrailParametersCheck: ConfigCheck = {
  name: "guardrail-parameters",
  run: ({ config, catalog, add, error }) => {
    config.guardrails.forEach((use, i) => {
      const guardrail = catalog.byId.get(use.id)
      if (!guardrail || !use.parameters) return
      const path = ["guardrails", i, "parameters"]
      const problems = checkParameters(
        guardrail.id,
        guardrail.parameters,
        use.parameters,
        { file: "", path: formatPath(path) },
        {
          scalarsAsText: guardrail.kind === "conformance-pack",
        },
      )
      for (const problem of problems) add(problem, [...path, String(problem.path.split(".").pop())])
      if (guardrail.kind === "backup-vault-lock") {
        const merged = Object.fromEntries(
          guardrail.parameters.map((p) => [p.name, use.parameters?.[p.name] ?? p.default]),
        )
        const min = Number(merged.minRetentionDays)
        const max = Number(merged.maxRetentionDays)
        if (Number.isFinite(min) && Number.isFinite(max) && min > max) {
          error(
            [...path, "minRetentionDays"],
            "config.vault-retention",
            `minRetentionDays (${min}) is above maxRetentionDays (${max})`,
            min,
            "lower minRetentionDays or raise maxRetentionDays",
          )
        }
      }
    })
  },
}
