import type { Policy } from "@aws-sdk/client-organizations"
import { Effect, Queue, Stream } from "effect"
import type { AwsError } from "./aws-error.ts"
import { Organizations } from "./organizations.ts"

/** An SCP as read from the organization: its name, whether AWS manages it, and its document text. */
export interface ScpRecord {
  readonly id: string
  readonly name: string
  readonly awsManaged: boolean
  readonly content: string
}

/** An SCP as DescribePolicy answers it, in the tree's form. */
export const scpRecordOf = (policy: Policy): ScpRecord => {
  const summary = policy.PolicySummary
  const id = summary?.Id ?? ""
  return {
    id,
    name: summary?.Name ?? id,
    awsManaged: summary?.AwsManaged ?? false,
    content: policy.Content ?? "",
  }
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

/** What the walk finds under one parent (the root or an OU): its OUs and its accounts, with their paths. */
export interface OrganizationLevel {
  readonly parentId: string
  readonly ous: ReadonlyArray<OuRecord>
  readonly accounts: ReadonlyArray<AccountRecord>
}

/** Parents whose children are read at once; the call limits of Organizations hold the calls themselves. */
const parentsAtOnce = 8

/**
 * Walks the organization from the root (read from Organizations when not given), read-only: each parent's OUs
 * and accounts are emitted as soon as they are read, so work on the first accounts can start while the rest of
 * the tree is still being read. Sibling OUs are read concurrently; the order of levels is not fixed.
 */
export const walkOrganization = (
  rootId?: string,
): Stream.Stream<OrganizationLevel, AwsError, Organizations> =>
  Stream.callback<OrganizationLevel, AwsError, Organizations>((queue) =>
    Effect.gen(function* () {
      const organizations = yield* Organizations
      const root = rootId ?? (yield* organizations.listRoots)[0]?.Id ?? ""
      const visit = (parent: { readonly id: string; readonly path: string }): Effect.Effect<void, AwsError> =>
        Effect.gen(function* () {
          const [children, members] = yield* Effect.all(
            [
              organizations.listOrganizationalUnits(parent.id),
              organizations.listAccountsForParent(parent.id),
            ],
            { concurrency: 2 },
          )
          const ous = children.map((ou) => ({
            id: ou.Id ?? "",
            name: ou.Name ?? "",
            path: `${parent.path === "/" ? "" : parent.path}/${ou.Name ?? ""}`,
            parentId: parent.id,
          }))
          const accounts = members.map((account) => ({
            id: account.Id ?? "",
            name: account.Name ?? "",
            email: account.Email ?? "",
            status: account.State ?? account.Status ?? "ACTIVE",
            parentId: parent.id,
            ouPath: parent.path,
          }))
          yield* Queue.offer(queue, { parentId: parent.id, ous, accounts })
          yield* Effect.forEach(ous, (ou) => visit({ id: ou.id, path: ou.path }), {
            concurrency: parentsAtOnce,
            discard: true,
          })
        })
      yield* visit({ id: root, path: "/" })
      yield* Queue.end(queue)
    }),
  )

const byPath = (a: OuRecord, b: OuRecord) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)
const byPlace = (a: AccountRecord, b: AccountRecord) =>
  a.ouPath < b.ouPath ? -1 : a.ouPath > b.ouPath ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0

/**
 * Reads the whole organization, read-only: the root, every OU, every account under its parent (OUs in path
 * order, accounts by OU path and id), and the SCPs attached at each of them, each policy's document read once.
 */
export const readOrganizationTree: Effect.Effect<OrganizationTree, AwsError, Organizations> = Effect.gen(
  function* () {
    const organizations = yield* Organizations
    const organization = yield* organizations.describeOrganization
    const rootId = (yield* organizations.listRoots)[0]?.Id ?? ""
    const levels = yield* Stream.runCollect(walkOrganization(rootId))
    const ous = levels.flatMap((level) => level.ous).sort(byPath)
    const accounts = levels.flatMap((level) => level.accounts).sort(byPlace)
    const targets = [rootId, ...ous.map((o) => o.id), ...accounts.map((a) => a.id)]
    const attached = yield* Effect.forEach(targets, (target) => organizations.listPoliciesForTarget(target), {
      concurrency: parentsAtOnce,
    })
    const attachments = Object.fromEntries(
      targets.map((target, i) => [target, (attached[i] ?? []).map((p) => p.Id ?? "")]),
    )
    const summaries = new Map(attached.flat().map((p) => [p.Id ?? "", p]))
    const documents = yield* Effect.forEach([...summaries.keys()], (id) => organizations.describePolicy(id), {
      concurrency: parentsAtOnce,
    })
    const policies = Object.fromEntries(
      documents.map((policy) => [policy.PolicySummary?.Id ?? "", scpRecordOf(policy)]),
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
