import type { Decision } from "../decision.ts"
import type { PolicyDocument } from "../policy.ts"
import type { Request } from "../request.ts"
import { type PreparedRequest, prepareRequest } from "./prepared-request.ts"
import { principalNames } from "./principal.ts"
import { type CompiledStatement, compileStatement, statementApplies } from "./statement.ts"
import { False, True, type Truth, Unknown } from "./truth.ts"

/** A role trust policy compiled for repeated `sts:AssumeRole` checks. */
export interface CompiledTrustPolicy {
  readonly evaluate: (request: Request) => Decision
}

/**
 * Compiles a role's trust policy. A statement applies when its Principal (or NotPrincipal) names the caller and
 * its action and conditions (`sts:ExternalId`, `aws:PrincipalOrgID`, ...) match; a Deny that applies wins, and an
 * Allow must apply.
 */
export const compileTrustPolicy = (document: PolicyDocument, roleArn = "trust"): CompiledTrustPolicy => {
  const statements = document.statements.map((s) => ({
    source: s,
    compiled: compileStatement(s, { level: "trust", policy: roleArn }),
  }))
  const applies = (entry: (typeof statements)[number], request: PreparedRequest): Truth => {
    const { principal, notPrincipal } = entry.source
    const caller = { principalArn: request.principalArn, account: request.account }
    const named = principal
      ? principalNames(principal, caller)
      : notPrincipal
        ? !principalNames(notPrincipal, caller)
        : false
    return named ? statementApplies(entry.compiled, request) : False
  }
  return {
    evaluate: (request) => {
      const prepared = prepareRequest(request)
      const denies: CompiledStatement[] = []
      let allow: CompiledStatement | undefined
      let unknown: CompiledStatement | undefined
      for (const entry of statements) {
        const truth = applies(entry, prepared)
        if (truth === True && entry.compiled.effect === "Deny") denies.push(entry.compiled)
        else if (truth === True) allow ??= entry.compiled
        else if (truth === Unknown) unknown ??= entry.compiled
      }
      if (denies.length > 0)
        return {
          decision: "ExplicitDeny",
          decidedBy: denies.map((d) => d.origin),
          reason: "the trust policy denies this caller",
        }
      if (allow)
        return { decision: "Allow", decidedBy: [allow.origin], reason: "the trust policy allows this caller" }
      if (unknown) {
        const keys = unknown.condition?.keys ?? []
        return {
          decision: "Unknown",
          decidedBy: [unknown.origin],
          unknownKeys: keys,
          reason: `the decision depends on ${keys.join(", ")}`,
        }
      }
      return {
        decision: "ImplicitDeny",
        decidedBy: [],
        missingAllowAt: ["trust"],
        reason: `the trust policy of ${roleArn} does not allow ${request.principalArn} to ${request.action}`,
      }
    },
  }
}
