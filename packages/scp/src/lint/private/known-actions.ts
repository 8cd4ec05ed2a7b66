import { nearest } from "@rampart/model"
import { operationsAuthorizedBy, permissionOnlyActions } from "../permission-only-actions.ts"
import serviceActions from "../service-actions.json" with { type: "json" }
import { type ActionParts, hasWildcard, wildcardPattern } from "./action-pattern.ts"

const { $comment: _generated, ...operations } = serviceActions as Record<string, unknown>

/** The real actions of each covered service: SDK operations, minus those that are not actions, plus the rest. */
const actionsByService = new Map<string, ReadonlyArray<string>>(
  Object.entries(operations).map(([service, names]) => {
    const renamed = new Set(
      Object.keys(operationsAuthorizedBy)
        .filter((a) => a.toLowerCase().startsWith(`${service}:`))
        .map((a) => a.slice(service.length + 1).toLowerCase()),
    )
    const extra = permissionOnlyActions
      .filter((a) => a.action.toLowerCase().startsWith(`${service}:`))
      .map((a) => a.action.slice(service.length + 1))
    const real = [...(names as ReadonlyArray<string>).filter((n) => !renamed.has(n.toLowerCase())), ...extra]
    return [service, real.sort()]
  }),
)
const lowerByService = new Map(
  [...actionsByService].map(([service, names]) => [service, new Set(names.map((n) => n.toLowerCase()))]),
)

/** The services whose action names the linter knows. */
export const coveredServices: ReadonlyArray<string> = [...actionsByService.keys()].sort()

/** The known action names of a covered service (without prefix); undefined for services not covered. */
export const actionsOf = (service: string): ReadonlyArray<string> | undefined =>
  actionsByService.get(service.toLowerCase())

/** What the linter knows about one Action entry of a covered service. */
export type ActionVerdict =
  | { readonly kind: "not-covered" }
  | { readonly kind: "known"; readonly matches: number }
  | { readonly kind: "operation"; readonly authorizedBy: ReadonlyArray<string> }
  | { readonly kind: "unknown"; readonly suggestion?: string }

/** Judges an Action entry, e.g. `rds:CreateDBInstance` or `rds:Create*`; case-insensitive like IAM. */
export const judgeAction = (parts: ActionParts): ActionVerdict => {
  const names = actionsByService.get(parts.service)
  const lower = lowerByService.get(parts.service)
  if (names === undefined || lower === undefined) return { kind: "not-covered" }
  if (hasWildcard(parts.name)) {
    const pattern = wildcardPattern(parts.name)
    const matches = names.filter((n) => pattern.test(n)).length
    if (matches > 0) return { kind: "known", matches }
    const close = nearest(parts.name.replace(/[*?]/g, ""), names)
    return close === undefined
      ? { kind: "unknown" }
      : { kind: "unknown", suggestion: `${parts.service}:${close}` }
  }
  if (lower.has(parts.name.toLowerCase())) return { kind: "known", matches: 1 }
  const operation = Object.entries(operationsAuthorizedBy).find(
    ([op]) => op.toLowerCase() === `${parts.service}:${parts.name.toLowerCase()}`,
  )
  if (operation) return { kind: "operation", authorizedBy: operation[1] }
  const close = nearest(parts.name, names)
  return close === undefined
    ? { kind: "unknown" }
    : { kind: "unknown", suggestion: `${parts.service}:${close}` }
}
