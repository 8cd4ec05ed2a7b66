import type { AccountRecord } from "@rampart/aws"
import { type GuardrailException, isExceptionActive, ouPathContains } from "@rampart/model"
import type { ResolvedTarget } from "./wave-targets.ts"

/** Who one guardrail's SCP statements at one target must not deny, from the exceptions in force. */
export interface Exemption {
  /** The exceptions in force over the whole target: the guardrail is not attached there at all. */
  readonly wholeTarget: ReadonlyArray<GuardrailException>
  /** Accounts whose principals are all exempt (`aws:PrincipalAccount`). */
  readonly accounts: ReadonlyArray<string>
  /** Principal ARN patterns exempt (`aws:PrincipalArn`). */
  readonly principals: ReadonlyArray<string>
  /** The exceptions this exemption carries. */
  readonly exceptions: ReadonlyArray<GuardrailException>
}

/** An exception's target holds the whole wave target. */
const holdsTarget = (exception: GuardrailException, target: ResolvedTarget): boolean => {
  const on = exception.target
  return on.kind === "account"
    ? target.kind === "account" && target.id === on.accountId
    : ouPathContains(on.path, target.path)
}

/** The accounts of the wave target an exception reaches. */
const reached = (exception: GuardrailException, target: ResolvedTarget): ReadonlyArray<AccountRecord> => {
  const on = exception.target
  return on.kind === "account"
    ? target.accounts.filter((a) => a.id === on.accountId)
    : target.accounts.filter((a) => ouPathContains(on.path, a.ouPath))
}

/** `arn:aws:iam::*:role/X` pinned to one account: a wildcard or empty account field becomes the account id. */
const pinned = (pattern: string, account: string): string => {
  const parts = pattern.split(":")
  if (parts.length < 6 || !(parts[4] === "*" || parts[4] === "")) return pattern
  parts[4] = account
  return parts.join(":")
}

/**
 * The exemption one guardrail needs at one wave target. An exception over the whole target takes the guardrail
 * off that target; one over some of its accounts exempts those accounts' principals (the exception's principal
 * patterns pinned to each account, or every principal of the account when it names none), so an SCP attached to
 * an OU still spares exactly what the exception names and nothing more.
 */
export const exemptionFor = (
  guardrail: string,
  target: ResolvedTarget,
  exceptions: ReadonlyArray<GuardrailException>,
  now: Date,
): Exemption => {
  const inForce = exceptions.filter((e) => e.guardrail === guardrail && isExceptionActive(e, now))
  const wholeTarget = inForce.filter((e) => holdsTarget(e, target))
  const partial = inForce.filter((e) => !wholeTarget.includes(e) && reached(e, target).length > 0)
  const accounts = new Set<string>()
  const principals = new Set<string>()
  for (const exception of partial) {
    for (const account of reached(exception, target)) {
      if (exception.principals.length === 0) accounts.add(account.id)
      else for (const pattern of exception.principals) principals.add(pinned(pattern, account.id))
    }
  }
  return {
    wholeTarget,
    accounts: [...accounts].sort(),
    principals: [...principals].sort(),
    exceptions: [...wholeTarget, ...partial],
  }
}

type Statement = Record<string, unknown>

const merged = (existing: unknown, added: ReadonlyArray<string>): string | ReadonlyArray<string> => {
  const values = [
    ...(existing === undefined ? [] : Array.isArray(existing) ? existing : [existing]),
    ...added,
  ]
  const unique = [...new Set(values.map(String))]
  return unique.length === 1 ? (unique[0] as string) : unique
}

const withCondition = (
  statement: Statement,
  operator: string,
  key: string,
  values: ReadonlyArray<string>,
) => {
  if (values.length === 0) return statement
  const condition = (statement.Condition ?? {}) as Record<string, Record<string, unknown>>
  const block = condition[operator] ?? {}
  return {
    ...statement,
    Condition: { ...condition, [operator]: { ...block, [key]: merged(block[key], values) } },
  }
}

/**
 * The guardrail's document with the exemption written into every Deny statement: the exempt principal patterns
 * join the statement's `ArnNotLike aws:PrincipalArn` list, the exempt accounts a `StringNotEquals
 * aws:PrincipalAccount` list. Values of one negated key are ORed, so a request is denied only when it matches none.
 */
export const exemptedDocument = (document: unknown, exemption: Exemption): unknown => {
  if (exemption.accounts.length === 0 && exemption.principals.length === 0) return document
  const raw = (document as { Statement?: unknown }).Statement
  const statements = (Array.isArray(raw) ? raw : [raw]) as ReadonlyArray<Statement>
  return {
    ...(document as Record<string, unknown>),
    Statement: statements.map((statement) =>
      statement.Effect !== "Deny"
        ? statement
        : withCondition(
            withCondition(statement, "ArnNotLike", "aws:PrincipalArn", exemption.principals),
            "StringNotEquals",
            "aws:PrincipalAccount",
            exemption.accounts,
          ),
    ),
  }
}
