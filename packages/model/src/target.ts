import { isAccountId, isOuPath } from "./ids.ts"

/** Where a wave applies guardrails: a whole OU subtree by path, or one account. */
export type Target =
  | { readonly kind: "ou"; readonly path: string }
  | { readonly kind: "account"; readonly accountId: string }

/** Reads a target as written in rampart.yaml: `/Workloads/Prod` or a 12-digit account id. */
export const parseTarget = (text: string): Target | undefined => {
  if (isAccountId(text)) return { kind: "account", accountId: text }
  if (isOuPath(text)) return { kind: "ou", path: text }
  return undefined
}

/** The target as rampart.yaml writes it. */
export const formatTarget = (target: Target): string =>
  target.kind === "ou" ? target.path : target.accountId

/** Whether the OU subtree at `ancestor` holds the OU at `path` (an OU holds itself; `/` holds every OU). */
export const ouPathContains = (ancestor: string, path: string): boolean =>
  ancestor === "/" || path === ancestor || path.startsWith(`${ancestor}/`)
