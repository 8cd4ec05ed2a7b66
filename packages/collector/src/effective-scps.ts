import type { OrganizationTree } from "@rampart/aws"

/** The SCPs on one account's path, in the hierarchy format `rampart scp simulate|replay` read. */
export interface AccountHierarchy {
  readonly managementAccountId: string
  readonly levels: ReadonlyArray<{
    readonly id: string
    readonly policies: ReadonlyArray<{ readonly name: string; readonly document: unknown }>
  }>
}

const documentOf = (content: string): unknown => {
  try {
    return JSON.parse(content)
  } catch {
    return content
  }
}

/**
 * The effective SCPs of every account: the policies attached at the root, at each OU on the account's path and at
 * the account itself, root first. Organizations has no call for this (DescribeEffectivePolicy does not cover
 * SCPs), so it is walked from the tree.
 */
export const effectiveScps = (tree: OrganizationTree): Readonly<Record<string, AccountHierarchy>> => {
  const parentOf = new Map<string, string>([
    ...tree.ous.map((o) => [o.id, o.parentId] as const),
    ...tree.accounts.map((a) => [a.id, a.parentId] as const),
  ])
  const pathOf = (id: string): string[] => {
    const path = [id]
    for (let current = id, guard = 0; current !== tree.rootId && guard < 10; guard++) {
      const parent = parentOf.get(current)
      if (parent === undefined) break
      path.unshift(parent)
      current = parent
    }
    return path
  }
  return Object.fromEntries(
    tree.accounts.map((account) => [
      account.id,
      {
        managementAccountId: tree.managementAccountId,
        levels: pathOf(account.id).map((target) => ({
          id: target,
          policies: (tree.attachments[target] ?? []).flatMap((policyId) => {
            const policy = tree.policies[policyId]
            return policy ? [{ name: policy.name, document: documentOf(policy.content) }] : []
          }),
        })),
      },
    ]),
  )
}
