import type { DecidedBy } from "../decision.ts"
import type { NamedPolicy } from "../hierarchy.ts"
import type { PreparedRequest } from "./prepared-request.ts"
import { type CompiledStatement, compileStatement, statementAppliesToMatchedAction } from "./statement.ts"
import { indexStatements, type StatementIndex } from "./statement-index.ts"
import type { TestCache } from "./test-cache.ts"
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
  denies: CompiledStatement[] | undefined
  /** Deny statements that may apply (open world). */
  maybeDenies: CompiledStatement[] | undefined
  /** An Allow that certainly applies, if any. */
  allow: CompiledStatement | undefined
  /** An Allow that may apply, when none certainly does. */
  maybeAllow: CompiledStatement | undefined
}

/** Compiles the policies of one level. */
export const compileLevel = (
  id: string,
  policies: ReadonlyArray<NamedPolicy>,
  cache?: TestCache,
): CompiledLevel => {
  const statements = policies.flatMap((policy) =>
    policy.document.statements.map((s) => compileStatement(s, { level: id, policy: policy.name }, cache)),
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
export const judgeLevel = (level: CompiledLevel, request: PreparedRequest): LevelVerdict => {
  const verdict: LevelVerdict = {
    denies: undefined,
    maybeDenies: undefined,
    allow: undefined,
    maybeAllow: undefined,
  }
  for (const statement of level.denies.forAction(request)) {
    const applies = statementAppliesToMatchedAction(statement, request)
    if (applies === True) {
      verdict.denies ??= []
      verdict.denies.push(statement)
    } else if (applies === Unknown) {
      verdict.maybeDenies ??= []
      verdict.maybeDenies.push(statement)
    }
  }
  if (level.allowAll) {
    verdict.allow = level.allowAll
    return verdict
  }
  for (const statement of level.allows.forAction(request)) {
    const applies = statementAppliesToMatchedAction(statement, request)
    if (applies === True) {
      verdict.allow = statement
      return verdict
    }
    if (applies === Unknown) verdict.maybeAllow ??= statement
  }
  return verdict
}

/** The explanation entry of a statement. */
export const decidedBy = (statement: CompiledStatement): DecidedBy => statement.origin
