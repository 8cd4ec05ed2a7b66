import type { Decision } from "../decision.ts"
import type { Hierarchy } from "../hierarchy.ts"
import type { Request } from "../request.ts"
import { type CompiledLevel, compileLevel, decidedBy, judgeLevel, type LevelVerdict } from "./level.ts"
import { type PreparedRequest, prepareRequest } from "./prepared-request.ts"
import { nextStamp } from "./stamp.ts"

/** A hierarchy of SCPs compiled once and evaluated many times. */
export interface CompiledHierarchy {
  readonly levels: ReadonlyArray<CompiledLevel>
  readonly managementAccountId?: string
  readonly evaluate: (request: Request) => Decision
}

/** True for principals SCPs never restrict: service-linked roles. */
export const isServiceLinkedRole = (principalArn: string): boolean =>
  principalArn.includes(":role/aws-service-role/")

/**
 * Compiles a root-to-account list of SCPs. A request is allowed only if every level has an Allow that applies
 * and no level has a Deny that applies; any applying Deny makes the decision an explicit deny, even where an
 * Allow is also missing. The management account and service-linked roles are not affected by SCPs.
 */
export const compileHierarchy = (hierarchy: Hierarchy): CompiledHierarchy => {
  const levels = hierarchy.levels.map((level) => compileLevel(level.id, level.policies))
  const evaluate = (request: Request): Decision =>
    evaluatePrepared(levels, hierarchy.managementAccountId, prepareRequest(request))
  return {
    levels,
    evaluate,
    ...(hierarchy.managementAccountId ? { managementAccountId: hierarchy.managementAccountId } : {}),
  }
}

const evaluatePrepared = (
  levels: ReadonlyArray<CompiledLevel>,
  management: string | undefined,
  request: PreparedRequest,
): Decision => {
  if (management !== undefined && request.account === management) {
    return {
      decision: "Allow",
      decidedBy: [],
      exempt: "management-account",
      reason: "SCPs do not apply to the management account",
    }
  }
  if (isServiceLinkedRole(request.principalArn)) {
    return {
      decision: "Allow",
      decidedBy: [],
      exempt: "service-linked-role",
      reason: "SCPs do not apply to service-linked roles",
    }
  }
  const stamp = nextStamp()
  const verdicts: LevelVerdict[] = levels.map((level) => judgeLevel(level, request, stamp))
  const denies = verdicts.flatMap((v) => v.denies)
  if (denies.length > 0) {
    const first = denies[0]?.origin
    return {
      decision: "ExplicitDeny",
      decidedBy: denies.map(decidedBy),
      reason: `explicitly denied by ${first?.policy}${first?.sid ? ` (${first.sid})` : ""} at ${first?.level}`,
    }
  }
  const missing = levels.filter((_, i) => !verdicts[i]?.allow && !verdicts[i]?.maybeAllow).map((l) => l.id)
  const maybeDenies = verdicts.flatMap((v) => v.maybeDenies)
  const maybeAllows = verdicts.flatMap((v) => (!v.allow && v.maybeAllow ? [v.maybeAllow] : []))
  const unknownKeys = [
    ...new Set([
      ...maybeDenies.flatMap((s) => s.condition?.keys ?? []),
      ...maybeAllows.flatMap((s) => s.condition?.keys ?? []),
    ]),
  ]
  if (missing.length > 0) {
    return {
      decision: "ImplicitDeny",
      decidedBy: [],
      missingAllowAt: missing,
      reason: `no SCP at ${missing.join(", ")} allows ${request.request.action}`,
      ...(maybeDenies.length > 0 ? { unknownKeys } : {}),
    }
  }
  if (maybeDenies.length > 0 || maybeAllows.length > 0) {
    return {
      decision: "Unknown",
      decidedBy: [...maybeDenies, ...maybeAllows].map(decidedBy),
      unknownKeys,
      reason: `the decision depends on ${unknownKeys.join(", ")}, which the request does not record`,
    }
  }
  return {
    decision: "Allow",
    decidedBy: verdicts.map((v) => decidedBy(v.allow as NonNullable<LevelVerdict["allow"]>)),
    reason: "every level allows and no level denies",
  }
}
