import { Effect } from "effect"
import type { AwsError } from "./aws-error.ts"
import { Organizations } from "./organizations.ts"

/** An SCP as read from the organization: its name, whether AWS manages it, and its document text. */
export interface ScpRecord {
  readonly id: string
  readonly name: string
  readonly awsManaged: boolean
  readonly content: string
}

/** An OU with its path of names from the root. */
export interface OuRecord {
  readonly id: string
  readonly name: string
  readonly path: string
  readonly parentId: string
}

/** An account and where it sits. */
export interface AccountRecord {
  readonly id: string
  readonly name: string
  readonly email: string
  readonly status: string
  readonly parentId: string
  readonly ouPath: string
}

/** The organization as read: tree, accounts, and the SCPs attached at every target. */
export interface OrganizationTree {
  readonly id: string
  readonly managementAccountId: string
  readonly rootId: string
  readonly ous: ReadonlyArray<OuRecord>
  readonly accounts: ReadonlyArray<AccountRecord>
  /** Target id (root, OU or account) -> ids of the SCPs attached directly, in AWS's order. */
  readonly attachments: Readonly<Record<string, ReadonlyArray<string>>>
  readonly policies: Readonly<Record<string, ScpRecord>>
}

/**
 * Reads the whole organization, read-only: the root, every OU (breadth first), every account under its parent,
 * and the SCPs attached at each of them, each policy's document read once.
 */
export const readOrganizationTree: Effect.Effect<OrganizationTree, AwsError, Organizations> = Effect.gen(
  function* () {
    const organizations = yield* Organizations
    const organization = yield* organizations.describeOrganization
    const root = (yield* organizations.listRoots)[0]
    const rootId = root?.Id ?? ""
    const ous: OuRecord[] = []
    const accounts: AccountRecord[] = []
    const queue: Array<{ readonly id: string; readonly path: string }> = [{ id: rootId, path: "/" }]
    while (queue.length > 0) {
      const parent = queue.shift() as { readonly id: string; readonly path: string }
      const [children, members] = yield* Effect.all(
        [organizations.listOrganizationalUnits(parent.id), organizations.listAccountsForParent(parent.id)],
        { concurrency: 2 },
      )
      for (const ou of children) {
        const path = `${parent.path === "/" ? "" : parent.path}/${ou.Name ?? ""}`
        ous.push({ id: ou.Id ?? "", name: ou.Name ?? "", path, parentId: parent.id })
        queue.push({ id: ou.Id ?? "", path })
      }
      for (const account of members) {
        accounts.push({
          id: account.Id ?? "",
          name: account.Name ?? "",
          email: account.Email ?? "",
          status: account.State ?? account.Status ?? "ACTIVE",
          parentId: parent.id,
          ouPath: parent.path,
        })
      }
    }
    const targets = [rootId, ...ous.map((o) => o.id), ...accounts.map((a) => a.id)]
    const attached = yield* Effect.forEach(targets, (target) => organizations.listPoliciesForTarget(target), {
      concurrency: 4,
    })
    const attachments = Object.fromEntries(
      targets.map((target, i) => [target, (attached[i] ?? []).map((p) => p.Id ?? "")]),
    )
    const summaries = new Map(attached.flat().map((p) => [p.Id ?? "", p]))
    const documents = yield* Effect.forEach([...summaries.keys()], (id) => organizations.describePolicy(id), {
      concurrency: 4,
    })
    const policies = Object.fromEntries(
      documents.map((policy) => {
        const summary = policy.PolicySummary
        const id = summary?.Id ?? ""
        return [
          id,
          {
            id,
            name: summary?.Name ?? id,
            awsManaged: summary?.AwsManaged ?? false,
            content: policy.Content ?? "",
          },
        ]
      }),
    )
    return {
      id: organization.Id ?? "",
      managementAccountId: organization.MasterAccountId ?? "",
      rootId,
      ous,
      accounts,
      attachments,
      policies,
    }
  },
)
