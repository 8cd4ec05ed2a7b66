import type { AccountRecord, OrganizationTree } from "@rampart/aws"
import { formatTarget, ouPathContains, type Wave } from "@rampart/model"

/** A wave target found in the organization: where its SCPs attach and the accounts below it. */
export interface ResolvedTarget {
  readonly wave: string
  /** The target as rampart.yaml writes it (`/Workloads/Dev`, `222222222201`). */
  readonly label: string
  readonly kind: "root" | "ou" | "account"
  /** The root, OU or account id SCPs attach to. */
  readonly id: string
  /** The OU path of the target: the OU's, the account's parent's, or `/` for the root. */
  readonly path: string
  /** Every active account in the target, the management account included (callers decide what to do with it). */
  readonly accounts: ReadonlyArray<AccountRecord>
}

/** The waves' targets in the organization, and what could not be resolved or is refused. */
export interface WaveTargets {
  readonly targets: ReadonlyArray<ResolvedTarget>
  /** Each account with the first wave that reaches it, in wave order. */
  readonly accountWaves: ReadonlyMap<string, string>
  readonly problems: ReadonlyArray<string>
}

export interface TargetRules {
  readonly managementAccountId: string
  readonly allowRootAttachment: boolean
  readonly allowManagementAccount: boolean
}

const isActive = (account: AccountRecord): boolean => account.status === "" || account.status === "ACTIVE"

/**
 * Finds each wave's targets in the organization. An OU path that does not exist, an account that is not a
 * member, the root (unless allowed) and the management account as a target (unless allowed) are problems: a plan
 * with problems is not applied.
 */
export const resolveWaveTargets = (
  waves: ReadonlyArray<Wave>,
  tree: OrganizationTree,
  rules: TargetRules,
): WaveTargets => {
  const problems: string[] = []
  const targets: ResolvedTarget[] = []
  const accountWaves = new Map<string, string>()
  for (const wave of waves) {
    for (const target of wave.targets) {
      const label = formatTarget(target)
      let resolved: ResolvedTarget | undefined
      if (target.kind === "account") {
        const account = tree.accounts.find((a) => a.id === target.accountId)
        if (account === undefined)
          problems.push(`wave ${wave.name}: account ${label} is not in the organization`)
        else if (account.id === rules.managementAccountId && !rules.allowManagementAccount)
          problems.push(
            `wave ${wave.name}: ${label} is the management account; Rampart changes nothing there unless organization.allowManagementAccount is true (SCPs never apply to it)`,
          )
        else
          resolved = {
            wave: wave.name,
            label,
            kind: "account",
            id: account.id,
            path: account.ouPath,
            accounts: [account],
          }
      } else if (target.path === "/") {
        if (!rules.allowRootAttachment)
          problems.push(
            `wave ${wave.name}: the organization root is refused as a target unless organization.allowRootAttachment is true`,
          )
        else
          resolved = {
            wave: wave.name,
            label,
            kind: "root",
            id: tree.rootId,
            path: "/",
            accounts: tree.accounts.filter(isActive),
          }
      } else {
        const ou = tree.ous.find((o) => o.path === target.path)
        if (ou === undefined) problems.push(`wave ${wave.name}: OU ${label} is not in the organization`)
        else
          resolved = {
            wave: wave.name,
            label,
            kind: "ou",
            id: ou.id,
            path: ou.path,
            accounts: tree.accounts.filter((a) => isActive(a) && ouPathContains(ou.path, a.ouPath)),
          }
      }
      if (resolved === undefined) continue
      // A target an earlier wave already holds keeps that wave's SCPs.
      if (targets.some((t) => t.id === resolved.id)) continue
      targets.push(resolved)
      for (const account of resolved.accounts)
        if (!accountWaves.has(account.id)) accountWaves.set(account.id, wave.name)
    }
  }
  return { targets, accountWaves, problems }
}
