import { suggestionFor } from "@rampart/model"
import type { ConfigCheck } from "./check.ts"

/** Every configured guardrail exists in the catalog, once, and deploys only to organization regions. */
export const guardrailsCheck: ConfigCheck = {
  name: "guardrails",
  run: ({ config, catalog, error }) => {
    const ids = [...catalog.byId.keys()]
    const seen = new Map<string, number>()
    config.guardrails.forEach((use, i) => {
      const guardrail = catalog.byId.get(use.id)
      if (!guardrail) {
        error(
          ["guardrails", i, "id"],
          "config.unknown-guardrail",
          `no guardrail "${use.id}" in the catalog`,
          use.id,
          suggestionFor(use.id, ids),
        )
      }
      const first = seen.get(use.id)
      if (first !== undefined) {
        error(
          ["guardrails", i, "id"],
          "config.duplicate-guardrail",
          `${use.id} is already configured at guardrails[${first}]`,
          use.id,
          "configure each guardrail once",
        )
      } else seen.set(use.id, i)
      use.regions?.forEach((region, r) => {
        if (!config.organization.regions.includes(region)) {
          error(
            ["guardrails", i, "regions", r],
            "config.guardrail-region",
            `${region} is not one of organization.regions`,
            region,
            `use one of ${config.organization.regions.join(", ")}`,
          )
        }
      })
      if (guardrail && use.regions && (guardrail.kind === "scp" || guardrail.kind === "role")) {
        error(
          ["guardrails", i, "regions"],
          "config.guardrail-region",
          `${guardrail.kind === "scp" ? "SCPs" : "IAM roles"} are global; regions does not apply to ${use.id}`,
          use.regions,
          "remove regions",
        )
      }
    })
  },
}
