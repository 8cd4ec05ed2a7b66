import type { DecidedBy } from "../decision.ts"
import type { NamedPolicy } from "../hierarchy.ts"
import type { PreparedRequest } from "./prepared-request.ts"
import { type CompiledStatement, compileStatement, statementApplies } from "./statement.ts"
import { forEachCandidate, indexStatements, type StatementIndex } from "./statement-index.ts"
import { True, Unknown } from "./truth.ts"

/** The policies attached at one level, compiled: denies and allows indexed separately. */
export interface CompiledLevel {
  readonly id: string
  readonly denies: StatementIndex
  readonly allows: StatementIndex
  /** An unconditional Allow of everything at this level (FullAWSAccess), if any. */
  readonly allowAll?: CompiledStatement
}

/** What one level says about one request. */
export interface LevelVerdict {
  /** Deny statements that certainly apply. */
  readonly denies: CompiledStatement[]
  /** Deny statements that may apply (open world). */
  readonly maybeDenies: CompiledStatement[]
  /** An Allow that certainly applies, if any. */
  readonly allow?: CompiledStatement
  /** An Allow that may apply, when none certainly does. */
  readonly maybeAllow?: CompiledStatement
}

/** Compiles the policies of one level. */
export const compileLevel = (id: string, policies: ReadonlyArray<NamedPolicy>): CompiledLevel => {
  const statements = policies.flatMap((policy) =>
    policy.document.statements.map((s) => compileStatement(s, { level: id, policy: policy.name })),
  )
  const allowAll = statements.find((s) => s.allowsEverything)
  return {
    id,
    denies: indexStatements(statements.filter((s) => s.effect === "Deny")),
    allows: indexStatements(statements.filter((s) => s.effect === "Allow")),
    ...(allowAll ? { allowAll } : {}),
  }
}

/** Collects the level's denies and finds one allow; stops looking for allows at the first certain one. */
export const judgeLevel = (level: CompiledLevel, request: PreparedRequest, stamp: number): LevelVerdict => {
  const denies: CompiledStatement[] = []
  const maybeDenies: CompiledStatement[] = []
  forEachCandidate(level.denies, request, stamp, (statement) => {
    const applies = statementApplies(statement, request)
    if (applies === True) denies.push(statement)
    else if (applies === Unknown) maybeDenies.push(statement)
    return undefined
  })
  if (level.allowAll) return { denies, maybeDenies, allow: level.allowAll }
  let allow: CompiledStatement | undefined
  let maybeAllow: CompiledStatement | undefined
  forEachCandidate(level.allows, request, stamp, (statement) => {
    const applies = statementApplies(statement, request)
    if (applies === True) {
      allow = statement
      return true
    }
    if (applies === Unknown && maybeAllow === undefined) maybeAllow = statement
    return undefined
  })
  return { denies, maybeDenies, ...(allow ? { allow } : {}), ...(maybeAllow ? { maybeAllow } : {}) }
}

/** The explanation entry of a statement. */
export const decidedBy = (statement: CompiledStatement): DecidedBy => statement.origin
