import type { PrincipalBlock } from "../policy.ts"

/** The caller as a trust policy sees it. */
export interface Caller {
  /** Role ARN for assumed-role sessions, user ARN, `arn:aws:iam::ACCOUNT:root`, or a service name. */
  readonly principalArn: string
  readonly account: string
}

const accountOfArn = (arn: string): string | undefined => arn.split(":")[4]

/**
 * Does a Principal block name the caller? `*` names everyone; an account id or its `:root` ARN names every
 * principal of that account; a role or user ARN names that principal; service entries name the service.
 */
export const principalNames = (block: PrincipalBlock, caller: Caller): boolean => {
  if (block === "*") return true
  for (const [type, ids] of Object.entries(block)) {
    for (const id of ids) {
      if (id === "*") {
        if (type === "AWS" || type === "Service" || type === "Federated") return true
        continue
      }
      if (type === "AWS") {
        if (/^\d{12}$/.test(id) && caller.account === id) return true
        if (id.endsWith(":root") && accountOfArn(id) === caller.account) return true
        if (id === caller.principalArn) return true
      } else if (id === caller.principalArn) return true
    }
  }
  return false
}
