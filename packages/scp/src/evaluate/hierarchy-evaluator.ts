import type { DecidedBy, Decision } from "../decision.ts"
import type { Hierarchy } from "../hierarchy.ts"
import type { Request } from "../request.ts"
import { type CompiledLevel, compileLevel, decidedBy, judgeLevel } from "./level.ts"
import { type PreparedRequest, prepareRequest } from "./prepared-request.ts"
import type { CompiledStatement } from "./statement.ts"
import type { TestCache } from "./test-cache.ts"
import { True, Unknown } from "./truth.ts"

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
  const conditions: TestCache = new Map()
  const levels = hierarchy.levels.map((level) => compileLevel(level.id, level.policies, conditions))
  const evaluate = (request: Request): Decision =>
    evaluatePrepared(levels, hierarchy.managementAccountId, prepareRequest(request))
  return {
    levels,
    evaluate,
    ...(hierarchy.managementAccountId ? { managementAccountId: hierarchy.managementAccountId } : {}),
  }
}

const managementExempt: Decision = Object.freeze({
  decision: "Allow",
  decidedBy: [],
  exempt: "management-account",
  reason: "SCPs do not apply to the management account",
})
const serviceLinkedExempt: Decision = Object.freeze({
  decision: "Allow",
  decidedBy: [],
  exempt: "service-linked-role",
  reason: "SCPs do not apply to service-linked roles",
})

/**
 * The common case decides in one pass without building per-level verdicts: collect applying denies, find an
 * allow per level. Only requests with undecided conditions, or a level without an allow, take the slower path
 * that works out the explanation.
 */
const evaluatePrepared = (
  levels: ReadonlyArray<CompiledLevel>,
  management: string | undefined,
  request: PreparedRequest,
): Decision => {
  if (management !== undefined && request.account === management) return managementExempt
  if (isServiceLinkedRole(request.principalArn)) return serviceLinkedExempt
  let denies: DecidedBy[] | undefined
  let allows: DecidedBy[] | undefined = []
  for (let i = 0; i < levels.length; i++) {
    const level = levels[i] as CompiledLevel
    for (const group of level.denies.groupsForAction(request)) {
      const applies = group.guard(request)
      if (applies === True) {
        if (denies === undefined) denies = [...group.origins]
        else for (const origin of group.origins) denies.push(origin)
      } else if (applies === Unknown && denies === undefined) return explain(levels, request)
    }
    if (denies !== undefined || allows === undefined) continue
    const allow = level.allowAll ?? firstAllow(level, request)
    if (allow === undefined) allows = undefined
    else allows.push(allow.origin)
  }
  if (denies !== undefined) return new ExplicitDeny(denies)
  if (allows !== undefined)
    return { decision: "Allow", decidedBy: allows, reason: "every level allows and no level denies" }
  return explain(levels, request)
}

/** The first certain Allow of a level, or undefined when none is certain. */
const firstAllow = (level: CompiledLevel, request: PreparedRequest): CompiledStatement | undefined => {
  for (const group of level.allows.groupsForAction(request)) {
    if (group.guard(request) === True) return group.statements[0]
  }
  return undefined
}

/** The full analysis, for implicit denies and undecided requests: which levels lack an Allow, which keys matter. */
const explain = (levels: ReadonlyArray<CompiledLevel>, request: PreparedRequest): Decision => {
  const verdicts = levels.map((level) => judgeLevel(level, request))
  const denies = verdicts.flatMap((v) => v.denies ?? [])
  if (denies.length > 0) return new ExplicitDeny(denies.map(decidedBy))
  const missing = levels.filter((_, i) => !verdicts[i]?.allow && !verdicts[i]?.maybeAllow).map((l) => l.id)
  const maybeDenies = verdicts.flatMap((v) => v.maybeDenies ?? [])
  const maybeAllows = verdicts.flatMap((v) => (!v.allow && v.maybeAllow ? [v.maybeAllow] : []))
  const unknownKeys = [...new Set([...maybeDenies, ...maybeAllows].flatMap((s) => s.condition?.keys ?? []))]
  if (missing.length > 0) {
    return {
      decision: "ImplicitDeny",
      decidedBy: [],
      missingAllowAt: missing,
      reason: `no SCP at ${missing.join(", ")} allows ${request.request.action}`,
      ...(maybeDenies.length > 0 ? { unknownKeys } : {}),
    }
  }
  if (maybeDenies.length === 0 && maybeAllows.length === 0) {
    return {
      decision: "Allow",
      decidedBy: verdicts.map((v) => decidedBy(v.allow as CompiledStatement)),
      reason: "every level allows and no level denies",
    }
  }
  return {
    decision: "Unknown",
    decidedBy: [...maybeDenies, ...maybeAllows].map(decidedBy),
    unknownKeys,
    reason: `the decision depends on ${unknownKeys.join(", ")}, which the request does not record`,
  }
}

/** An explicit deny; its reason is put into words only when read, as most callers never read it. */
class ExplicitDeny implements Decision {
  readonly decision = "ExplicitDeny"
  readonly decidedBy: ReadonlyArray<DecidedBy>
  constructor(decidedBy: ReadonlyArray<DecidedBy>) {
    this.decidedBy = decidedBy
  }
  get reason(): string {
    const first = this.decidedBy[0]
    return `explicitly denied by ${first?.policy}${first?.sid ? ` (${first.sid})` : ""} at ${first?.level}`
  }
  toJSON() {
    return { decision: this.decision, decidedBy: this.decidedBy, reason: this.reason }
  }
}
