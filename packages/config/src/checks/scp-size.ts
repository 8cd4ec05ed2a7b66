import { checkParameters, RenderError, renderGuardrail } from "@rampart/catalog"
import type { ParameterValue } from "@rampart/model"
import { before2026Quotas, currentQuotas, minify, parsePolicy } from "@rampart/scp"
import { renderContext } from "../resolve.ts"
import type { ConfigCheck } from "./check.ts"

/**
 * Each configured SCP, rendered with this file's parameters, is still a valid SCP and fits the organization's
 * character quota once minified (every character counts, so Rampart always sends minified documents).
 */
export const scpSizeCheck: ConfigCheck = {
  name: "scp-size",
  run: ({ config, catalog, error, warn }) => {
    const profile = config.organization.quotaProfile === "before-2026-05" ? before2026Quotas : currentQuotas
    const limit = config.organization.quotas?.scpCharacters ?? profile.scpCharacters
    const context = renderContext(config)
    config.guardrails.forEach((use, i) => {
      const guardrail = catalog.byId.get(use.id)
      if (guardrail?.kind !== "scp") return
      const given = use.parameters ?? {}
      if (checkParameters(guardrail.id, guardrail.parameters, given, { file: "", path: "" }).length > 0)
        return // reported by the parameter check
      let document: unknown
      try {
        const rendered = renderGuardrail(
          guardrail,
          given as Readonly<Record<string, ParameterValue>>,
          context,
        )
        document = rendered.kind === "scp" ? rendered.document : undefined
      } catch (cause) {
        if (cause instanceof RenderError) return // the parameter check has reported it
        throw cause
      }
      const parsed = parsePolicy(document, { kind: "scp", file: guardrail.documentFile })
      for (const problem of parsed.diagnostics) {
        error(
          ["guardrails", i, "parameters"],
          "config.rendered-scp",
          `with these parameters ${use.id} is not a valid SCP: ${problem.path} ${problem.message}`,
          problem.value,
          problem.fix ?? "check the parameter values",
        )
      }
      const size = minify(document).length
      if (size > limit) {
        error(
          ["guardrails", i],
          "config.scp-too-large",
          `${use.id} is ${size} characters minified; the organization allows ${limit}`,
          size,
          "shorten the exempt principal lists (wildcards) or split the guardrail",
        )
      } else if (size > limit * 0.9) {
        warn(
          ["guardrails", i],
          "config.scp-near-limit",
          `${use.id} is ${size} of ${limit} characters minified`,
          size,
          "leave room for future statements",
        )
      }
    })
  },
}
