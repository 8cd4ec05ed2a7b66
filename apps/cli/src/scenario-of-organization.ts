import type { OrganizationTree } from "@rampart/aws"

/** An OU of the sandbox scenario format (apps/sandbox/SCENARIOS.md), with its accounts and children. */
interface OuNode {
  ou: string
  accounts?: Array<{ id: string; name: string; email: string }>
  children?: OuNode[]
}

/** What importing found that the sandbox cannot express, for the person to know. */
export interface ImportNotes {
  /** Targets where FullAWSAccess is not attached (the sandbox attaches it everywhere, as AWS does by default). */
  readonly withoutFullAwsAccess: ReadonlyArray<string>
  /** Accounts not ACTIVE, left out. */
  readonly skippedAccounts: ReadonlyArray<string>
}

const parsedOrText = (content: string): unknown => {
  try {
    return JSON.parse(content)
  } catch {
    return content
  }
}

/**
 * A sandbox scenario rebuilt from a real organization, read-only: the tree of OUs and accounts with their names
 * and emails, and every customer SCP with its document and the targets it is attached to (OU paths, `/` for the
 * root, account ids). The access key `test`/`test` is an administrator of the management account, as in the
 * built-in scenarios; nothing from the real organization's credentials is carried over.
 */
export const scenarioOfOrganization = (
  tree: OrganizationTree,
  options: { readonly regions: ReadonlyArray<string>; readonly importedAt: Date },
) => {
  const management = tree.accounts.find((a) => a.id === tree.managementAccountId)
  const active = tree.accounts.filter((a) => a.status === "ACTIVE" && a.id !== tree.managementAccountId)
  const skippedAccounts = tree.accounts.filter((a) => a.status !== "ACTIVE").map((a) => a.id)
  const node = (ouId: string, name: string): OuNode => {
    const accounts = active
      .filter((a) => a.parentId === ouId)
      .map((a) => ({ id: a.id, name: a.name, email: a.email }))
    const children = tree.ous.filter((o) => o.parentId === ouId).map((o) => node(o.id, o.name))
    return {
      ou: name,
      ...(accounts.length > 0 ? { accounts } : {}),
      ...(children.length > 0 ? { children } : {}),
    }
  }
  const targetName = (targetId: string): string =>
    targetId === tree.rootId ? "/" : (tree.ous.find((o) => o.id === targetId)?.path ?? targetId)
  const policies = Object.values(tree.policies)
    .filter((p) => !p.awsManaged)
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((p) => ({
      name: p.name,
      content: parsedOrText(p.content),
      attach: Object.entries(tree.attachments)
        .filter(
          ([target, ids]) =>
            ids.includes(p.id) &&
            (target === tree.rootId ||
              tree.ous.some((o) => o.id === target) ||
              active.some((a) => a.id === target)),
        )
        .map(([target]) => targetName(target)),
    }))
  const withoutFullAwsAccess = Object.entries(tree.attachments)
    .filter(
      ([target, ids]) =>
        !ids.some((id) => tree.policies[id]?.awsManaged) && target !== tree.managementAccountId,
    )
    .map(([target]) => targetName(target))
  const rootAccounts = active
    .filter((a) => a.parentId === tree.rootId)
    .map((a) => ({ id: a.id, name: a.name, email: a.email }))
  const scenario = {
    name: `imported-${tree.id}`,
    description: `Imported read-only from organization ${tree.id} on ${options.importedAt.toISOString()}.`,
    regions: [...options.regions],
    organization: {
      id: tree.id,
      rootId: tree.rootId,
      managementAccount: {
        id: tree.managementAccountId,
        name: management?.name ?? "Management",
        ...(management?.email ? { email: management.email } : {}),
      },
      ...(rootAccounts.length > 0 ? { accounts: rootAccounts } : {}),
      tree: tree.ous.filter((o) => o.parentId === tree.rootId).map((o) => node(o.id, o.name)),
      ...(policies.length > 0 ? { policies } : {}),
    },
    accessKeys: [
      { accessKeyId: "test", secretAccessKey: "test", account: tree.managementAccountId, role: "Admin" },
    ],
  }
  const notes: ImportNotes = { withoutFullAwsAccess, skippedAccounts }
  return { scenario, notes }
}
