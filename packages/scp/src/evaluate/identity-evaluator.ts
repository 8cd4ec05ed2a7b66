import type { Decision } from "../decision.ts"
import type { NamedPolicy } from "../hierarchy.ts"
import type { Request } from "../request.ts"
import { compileLevel, decidedBy, judgeLevel } from "./level.ts"
import { prepareRequest } from "./prepared-request.ts"

/** Identity policies compiled for repeated evaluation. */
export interface CompiledIdentityPolicies {
  readonly evaluate: (request: Request) => Decision
}

/**
 * Compiles the identity policies of one principal: a Deny that applies wins, otherwise an Allow must apply,
 * otherwise the request is implicitly denied.
 */
export const compileIdentityPolicies = (policies: ReadonlyArray<NamedPolicy>): CompiledIdentityPolicies => {
  const level = compileLevel("identity", policies)
  return {
    evaluate: (request) => {
      const prepared = prepareRequest(request)
      const verdict = judgeLevel(level, prepared)
      if (verdict.denies) {
        return {
          decision: "ExplicitDeny",
          decidedBy: verdict.denies.map(decidedBy),
          reason: "explicitly denied by an identity policy",
        }
      }
      if (verdict.allow)
        return {
          decision: "Allow",
          decidedBy: [decidedBy(verdict.allow)],
          reason: "allowed by an identity policy",
        }
      const unknown = [...(verdict.maybeDenies ?? []), ...(verdict.maybeAllow ? [verdict.maybeAllow] : [])]
      if (unknown.length > 0) {
        const keys = [...new Set(unknown.flatMap((s) => s.condition?.keys ?? []))]
        return {
          decision: "Unknown",
          decidedBy: unknown.map(decidedBy),
          unknownKeys: keys,
          reason: `the decision depends on ${keys.join(", ")}`,
        }
      }
      return {
        decision: "ImplicitDeny",
        decidedBy: [],
        missingAllowAt: ["identity"],
        reason: `no identity policy allows ${request.action}`,
      }
    },
  }
}
