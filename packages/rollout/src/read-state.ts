import {
  type AwsError,
  Backup,
  ConfigService,
  type ConformancePackDetail,
  CredentialBroker,
  Iam,
  isNotFound,
  Organizations,
  type OrganizationTree,
  type Scope,
  type SessionRequest,
  scpRecordOf,
} from "@rampart/aws"
import { Data, Effect } from "effect"
import { rolePolicyName } from "./desired-state.ts"
import {
  type PackState,
  type ResourceState,
  type RoleState,
  resourceAccount,
  resourceKey,
  type VaultState,
} from "./resource-state.ts"

/** How Rampart reaches into member accounts to read and change them: the role, and how to get to it. */
export type MemberAccess = Omit<SessionRequest, "account" | "region">

/** A session in a member account and Region through the member access role. */
export const memberScope = (
  access: MemberAccess,
  account: string,
  region: string,
): Effect.Effect<Scope, AwsError, CredentialBroker> =>
  CredentialBroker.use((broker) => broker.credentialsFor({ ...access, account, region })).pipe(
    Effect.map((credentials) => ({ region, credentials })),
  )

/**
 * The tree with Rampart's SCPs that are attached nowhere added to its policies (the tree holds attached ones
 * only): one detached out of band, or created by a rollout that stopped before attaching it.
 */
export const withUnattachedScps = (
  tree: OrganizationTree,
  prefix: string,
): Effect.Effect<OrganizationTree, AwsError, Organizations> =>
  Effect.gen(function* () {
    const organizations = yield* Organizations
    const missing = (yield* organizations.listPolicies).filter(
      (p) => (p.Name ?? "").startsWith(prefix) && p.Id !== undefined && tree.policies[p.Id] === undefined,
    )
    if (missing.length === 0) return tree
    const documents = yield* Effect.forEach(missing, (p) => organizations.describePolicy(p.Id ?? ""), {
      concurrency: 4,
    })
    const added = Object.fromEntries(
      documents.map((policy) => [policy.PolicySummary?.Id ?? "", scpRecordOf(policy)]),
    )
    return { ...tree, policies: { ...tree.policies, ...added } }
  })

/** The live state of the SCP resources, from an organization tree read just now. */
export const liveScpState = (tree: OrganizationTree, resource: ResourceState): ResourceState | undefined => {
  if (resource.kind === "scp-policy") {
    const policy = Object.values(tree.policies).find((p) => p.name === resource.name)
    return policy === undefined
      ? { kind: "scp-policy", name: resource.name, exists: false }
      : { kind: "scp-policy", name: resource.name, exists: true, description: "", content: policy.content }
  }
  if (resource.kind === "scp-attachment") {
    const attached = (tree.attachments[resource.targetId] ?? []).some(
      (id) => tree.policies[id]?.name === resource.policyName,
    )
    return { ...resource, attached }
  }
  return undefined
}

/** A conformance pack cannot go where AWS Config is not recording: AWS would refuse it. */
export class ConfigNotRecording extends Data.TaggedError("ConfigNotRecording")<{
  readonly message: string
}> {}

const readPack = (resource: PackState, scope: Scope) =>
  ConfigService.use((config) => config.reader(scope).describeConfigurationRecorderStatus()).pipe(
    Effect.flatMap(
      (
        recorders,
      ): Effect.Effect<ReadonlyArray<ConformancePackDetail>, AwsError | ConfigNotRecording, ConfigService> =>
        recorders.some((r) => r.recording === true)
          ? ConfigService.use((config) => config.reader(scope).describeConformancePacks)
          : Effect.fail(
              new ConfigNotRecording({
                message: `AWS Config is not recording in ${resource.account} ${resource.region}; a conformance pack cannot be deployed there until a configuration recorder runs`,
              }),
            ),
    ),
    Effect.map((packs): PackState => {
      const pack = packs.find((p) => p.ConformancePackName === resource.name)
      return pack === undefined
        ? {
            kind: "pack",
            account: resource.account,
            region: resource.region,
            name: resource.name,
            exists: false,
          }
        : {
            kind: "pack",
            account: resource.account,
            region: resource.region,
            name: resource.name,
            exists: true,
            parameters: Object.fromEntries(
              (pack.ConformancePackInputParameters ?? []).map((p) => [
                p.ParameterName ?? "",
                p.ParameterValue ?? "",
              ]),
            ),
          }
    }),
  )

/** A backup vault and its lock as AWS reports them (the lock date, for compliance mode). */
export const readVault = (resource: VaultState, scope: Scope) =>
  Backup.use((backup) => backup.reader(scope).describeBackupVault(resource.name)).pipe(
    Effect.map(
      (vault): VaultState => ({
        kind: "vault",
        account: resource.account,
        region: resource.region,
        name: resource.name,
        exists: true,
        ...(vault.Locked
          ? {
              lock: {
                minRetentionDays: vault.MinRetentionDays ?? 0,
                maxRetentionDays: vault.MaxRetentionDays ?? 0,
                ...(vault.LockDate !== undefined
                  ? { changeableForDays: 0, lockDate: new Date(vault.LockDate).toISOString() }
                  : {}),
              },
            }
          : {}),
      }),
    ),
    Effect.catchIf(isNotFound, () =>
      Effect.succeed<VaultState>({
        kind: "vault",
        account: resource.account,
        region: resource.region,
        name: resource.name,
        exists: false,
      }),
    ),
  )

const readRole = (resource: RoleState, scope: Scope) =>
  Effect.gen(function* () {
    const iam = yield* Iam
    const roles = iam.roles(scope)
    const role = yield* roles.getRole(resource.roleName)
    if (role === undefined)
      return { kind: "role", account: resource.account, roleName: resource.roleName, exists: false } as const
    const policyName = resource.exists ? resource.policyName : rolePolicyName
    const permissions = yield* roles
      .getRolePolicy(resource.roleName, policyName)
      .pipe(Effect.catchIf(isNotFound, () => Effect.succeed(undefined)))
    return {
      kind: "role",
      account: resource.account,
      roleName: resource.roleName,
      exists: true,
      trust: role.trustPolicy,
      policyName,
      ...(permissions !== undefined ? { permissions } : {}),
    } as const
  })

/** The live state of one member-account resource, read through a session in its account and Region. */
export const liveMemberState = (
  resource: ResourceState,
  scope: Scope,
): Effect.Effect<ResourceState, AwsError | ConfigNotRecording, ConfigService | Backup | Iam> => {
  switch (resource.kind) {
    case "pack":
      return readPack(resource, scope)
    case "vault":
      return readVault(resource, scope)
    case "role":
      return readRole(resource, scope)
    default:
      return Effect.succeed(resource)
  }
}

/** A resource whose live state could not be read, and why. */
export interface Unreadable {
  readonly key: string
  readonly account?: string
  readonly reason: string
}

/** The live states of resources, by key, and what could not be read. */
export interface LiveState {
  readonly states: ReadonlyMap<string, ResourceState>
  readonly unreadable: ReadonlyArray<Unreadable>
}

const regionOf = (resource: ResourceState, homeRegion: string): string =>
  resource.kind === "pack" || resource.kind === "vault" ? resource.region : homeRegion

/**
 * Reads the live state of each resource: SCPs from the tree, member-account resources through the member
 * access role, `concurrency` accounts at once. An account that cannot be reached makes its resources unreadable,
 * never "absent": a plan must not propose to create what it could not see.
 */
export const readLiveState = (
  resources: ReadonlyArray<ResourceState>,
  tree: OrganizationTree,
  access: MemberAccess,
  homeRegion: string,
  concurrency = 16,
): Effect.Effect<LiveState, never, CredentialBroker | ConfigService | Backup | Iam> =>
  Effect.gen(function* () {
    const states = new Map<string, ResourceState>()
    const unreadable: Unreadable[] = []
    const byAccount = new Map<string, ResourceState[]>()
    for (const resource of resources) {
      const account = resourceAccount(resource)
      if (account === undefined) {
        const live = liveScpState(tree, resource)
        if (live !== undefined) states.set(resourceKey(resource), live)
      } else byAccount.set(account, [...(byAccount.get(account) ?? []), resource])
    }
    yield* Effect.forEach(
      byAccount,
      ([account, list]) =>
        Effect.forEach(
          list,
          (resource) =>
            memberScope(access, account, regionOf(resource, homeRegion)).pipe(
              Effect.flatMap((scope) => liveMemberState(resource, scope)),
              Effect.match({
                onSuccess: (live) => {
                  states.set(resourceKey(resource), live)
                },
                onFailure: (error) => {
                  unreadable.push({
                    key: resourceKey(resource),
                    account,
                    reason: `${error._tag}: ${error.message}`,
                  })
                },
              }),
            ),
          { concurrency: 4 },
        ),
      { concurrency },
    )
    return { states, unreadable }
  })
