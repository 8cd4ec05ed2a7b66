import type { Effect, Statement } from "../policy.ts"
import { compileArnPattern } from "./arn.ts"
import { type CompiledCondition, compileCondition } from "./condition.ts"
import { compileGlob, type Glob, hasWildcard } from "./glob.ts"
import { compileTemplate, hasPolicyVariable } from "./policy-variable.ts"
import { type PreparedRequest, unknownValue } from "./prepared-request.ts"
import { type RequestTest, sharedTest, type TestCache } from "./test-cache.ts"
import { False, True, type Truth, Unknown } from "./truth.ts"

/** Where a statement came from, to explain decisions. */
export interface StatementOrigin {
  readonly level: string
  readonly policy: string
  readonly sid?: string
  readonly statement: number
}

/** A statement compiled for fast matching. */
export interface CompiledStatement {
  readonly effect: Effect
  readonly origin: StatementOrigin
  /** Lower-case exact actions (`rds:createdbinstance`) when the statement lists actions without wildcards. */
  readonly exactActions: ReadonlyArray<string>
  /** Lower-case wildcard action patterns, with the service part when it has no wildcard. */
  readonly actionPatterns: ReadonlyArray<{ readonly service: string | undefined; readonly glob: Glob }>
  /** A NotAction statement matches every action its list does not. */
  readonly notAction: boolean
  readonly matchesAction: (request: PreparedRequest) => boolean
  readonly matchesResource: (request: PreparedRequest) => Truth
  readonly condition?: CompiledCondition
  /** Resource and condition together, shared with every statement that has the same ones. */
  readonly guard: RequestTest
  /** Allow `*` on `*` with no condition: FullAWSAccess. */
  readonly allowsEverything: boolean
}

const serviceOf = (pattern: string): string | undefined => {
  const colon = pattern.indexOf(":")
  const service = colon < 0 ? pattern : pattern.slice(0, colon)
  return hasWildcard(service) ? undefined : service
}

const compileResources = (patterns: ReadonlyArray<string>): ((request: PreparedRequest) => Truth) => {
  if (patterns.includes("*")) return () => True
  const fixed = patterns.filter((p) => !hasPolicyVariable(p)).map(compileArnPattern)
  const dynamic = patterns.filter(hasPolicyVariable).map(compileTemplate)
  return (request) => {
    for (const glob of fixed) if (glob(request.resource)) return True
    let unknown = false
    for (const template of dynamic) {
      const pattern = template(request)
      if (pattern === unknownValue) unknown = true
      else if (pattern !== undefined && compileArnPattern(pattern)(request.resource)) return True
    }
    return unknown ? Unknown : False
  }
}

/** Compiles one parsed statement. */
export const compileStatement = (
  statement: Statement,
  origin: Omit<StatementOrigin, "statement" | "sid">,
  cache?: TestCache,
): CompiledStatement => {
  const actions = (statement.action ?? statement.notAction ?? []).map((a) => a.toLowerCase())
  const notAction = statement.notAction !== undefined
  const exactActions = actions.filter((a) => !hasWildcard(a))
  const actionPatterns = actions
    .filter(hasWildcard)
    .map((a) => ({ service: serviceOf(a), glob: compileGlob(a, true) }))
  const exactSet = new Set(exactActions)
  const listed = (request: PreparedRequest): boolean => {
    if (exactSet.has(request.action)) return true
    for (const pattern of actionPatterns) if (pattern.glob(request.action)) return true
    return false
  }
  const resources = statement.resource ?? statement.notResource ?? ["*"]
  const resourceMatch = compileResources(resources)
  const notResource = statement.notResource !== undefined
  const condition = statement.condition ? compileCondition(statement.condition, cache) : undefined
  const matchesResource: RequestTest = notResource
    ? (request) => {
        const inList = resourceMatch(request)
        return inList === Unknown ? Unknown : inList === True ? False : True
      }
    : resourceMatch
  const guard = sharedTest(
    cache,
    JSON.stringify(["guard", notResource, resources, statement.condition ?? null]),
    () => (request) => {
      const resource = matchesResource(request)
      if (resource === False) return False
      const met = condition ? condition.test(request) : True
      if (met === False) return False
      return resource === Unknown || met === Unknown ? Unknown : True
    },
  )
  return {
    effect: statement.effect,
    origin: { ...origin, statement: statement.index, ...(statement.sid ? { sid: statement.sid } : {}) },
    exactActions,
    actionPatterns,
    notAction,
    matchesAction: notAction ? (request) => !listed(request) : listed,
    matchesResource,
    guard,
    ...(condition ? { condition } : {}),
    allowsEverything:
      statement.effect === "Allow" &&
      !notAction &&
      actions.includes("*") &&
      !notResource &&
      resources.includes("*") &&
      !condition,
  }
}

/** Whether the statement applies to the request: action, resource and condition (three-valued). */
export const statementApplies = (statement: CompiledStatement, request: PreparedRequest): Truth =>
  statement.matchesAction(request) ? statementAppliesToMatchedAction(statement, request) : False

/** Whether a statement whose action is known to match applies: resource and condition. */
export const statementAppliesToMatchedAction = (
  statement: CompiledStatement,
  request: PreparedRequest,
): Truth => statement.guard(request)
