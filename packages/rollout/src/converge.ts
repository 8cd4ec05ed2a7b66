import {
  type AwsError,
  Backup,
  ConfigService,
  type CredentialBroker,
  Iam,
  Organizations,
  type Scope,
  Sts,
} from "@rampart/aws"
import { Data, Effect } from "effect"
import { type MemberAccess, memberScope, readVault } from "./read-state.ts"
import {
  canonicalJson,
  type PackState,
  type ResourceState,
  type RoleState,
  type ScpAttachmentState,
  type ScpPolicyState,
  satisfies,
  type VaultState,
} from "./resource-state.ts"

/** A state Rampart cannot set, for a reason a person must read (not an AWS failure). */
export class CannotConverge extends Data.TaggedError("CannotConverge")<{ readonly message: string }> {}

/** A conformance pack that AWS did not finish deploying. */
export class PackDeploymentFailed extends Data.TaggedError("PackDeploymentFailed")<{
  readonly message: string
}> {}

export type ConvergeError = AwsError | CannotConverge | PackDeploymentFailed

export type ConvergeServices = Organizations | ConfigService | Backup | Iam | CredentialBroker | Sts

/** How converging reaches member accounts and how long it waits for asynchronous deployments. */
export interface ConvergeSettings {
  readonly access: MemberAccess
  /** IAM is global; its calls go to this Region. */
  readonly homeRegion: string
  /** How long a conformance pack may take to deploy before it counts as failed. */
  readonly packTimeoutMillis: number
  /** Between two reads of a pack's deployment status. */
  readonly packPollMillis: number
}

const policyIdByName = (name: string) =>
  Organizations.use((o) => o.listPolicies).pipe(Effect.map((list) => list.find((p) => p.Name === name)?.Id))

const convergeScpPolicy = (wanted: ScpPolicyState) =>
  Effect.gen(function* () {
    const organizations = yield* Organizations
    const id = yield* policyIdByName(wanted.name)
    if (!wanted.exists) {
      if (id !== undefined) yield* organizations.deletePolicy(id)
      return
    }
    if (id === undefined) {
      yield* organizations.createPolicy({
        name: wanted.name,
        description: wanted.description,
        content: wanted.content,
      })
      return
    }
    const current = yield* organizations.describePolicy(id)
    if (current.Content !== wanted.content || current.PolicySummary?.Description !== wanted.description)
      yield* organizations.updatePolicy({
        policyId: id,
        description: wanted.description,
        content: wanted.content,
      })
  })

const convergeAttachment = (wanted: ScpAttachmentState) =>
  Effect.gen(function* () {
    const organizations = yield* Organizations
    const id = yield* policyIdByName(wanted.policyName)
    if (id === undefined) {
      if (wanted.attached)
        return yield* new CannotConverge({ message: `SCP ${wanted.policyName} does not exist` })
      return
    }
    if (wanted.attached) yield* organizations.attachPolicy(id, wanted.targetId)
    else yield* organizations.detachPolicy(id, wanted.targetId)
  })

const waitForPack = (name: string, scope: Scope, settings: ConvergeSettings) =>
  Effect.gen(function* () {
    const writer = (yield* ConfigService).writer(scope)
    const deadline = Date.now() + settings.packTimeoutMillis
    for (;;) {
      const status = (yield* writer.describeConformancePackStatus([name]))[0]
      const state = status?.ConformancePackState ?? "CREATE_IN_PROGRESS"
      if (state === "CREATE_COMPLETE") return
      if (state === "CREATE_FAILED" || state === "DELETE_FAILED")
        return yield* new PackDeploymentFailed({
          message: `conformance pack ${name}: ${state}${status?.ConformancePackStatusReason ? `: ${status.ConformancePackStatusReason}` : ""}`,
        })
      if (Date.now() >= deadline)
        return yield* new PackDeploymentFailed({
          message: `conformance pack ${name} still deploying after ${Math.round(settings.packTimeoutMillis / 1000)} s`,
        })
      yield* Effect.sleep(settings.packPollMillis)
    }
  })

const convergePack = (wanted: PackState, scope: Scope, settings: ConvergeSettings) =>
  Effect.gen(function* () {
    const config = yield* ConfigService
    if (!wanted.exists) {
      yield* config.writer(scope).deleteConformancePack(wanted.name)
      return
    }
    if (wanted.templateBody === undefined)
      return yield* new CannotConverge({
        message: `conformance pack ${wanted.name} in ${wanted.account} ${wanted.region}: the template it had before is not known, so it is left as it is`,
      })
    yield* config.writer(scope).putConformancePack({
      name: wanted.name,
      templateBody: wanted.templateBody,
      parameters: wanted.parameters,
    })
    yield* waitForPack(wanted.name, scope, settings)
  })

const convergeVault = (wanted: VaultState, scope: Scope) =>
  Effect.gen(function* () {
    // A lock's date is on AWS's clock; so is the moment it is compared with.
    const now = yield* Sts.use((sts) => sts.serverTime())
    const writer = (yield* Backup).writer(scope)
    const live = yield* readVault(wanted, scope)
    const lock = live.exists ? live.lock : undefined
    const fixedSince =
      lock?.lockDate !== undefined && Date.parse(lock.lockDate) <= now.getTime() ? lock.lockDate : undefined
    const permanent = (what: string) =>
      new CannotConverge({
        message: `the compliance-mode Vault Lock on ${wanted.name} in ${wanted.account} ${wanted.region} is permanent since ${fixedSince}: it cannot be ${what}`,
      })
    const removeLock = Effect.gen(function* () {
      if (lock === undefined) return
      if (fixedSince !== undefined) return yield* permanent("removed")
      yield* writer.deleteVaultLock(wanted.name)
    })
    if (!wanted.exists) {
      if (!live.exists) return
      yield* removeLock
      yield* writer.deleteVault(wanted.name)
      return
    }
    if (!live.exists) yield* writer.createVault({ name: wanted.name })
    if (wanted.lock === undefined) return yield* removeLock
    if (satisfies(live, wanted)) return
    if (fixedSince !== undefined) return yield* permanent("changed")
    yield* writer.putVaultLock({
      vaultName: wanted.name,
      minRetentionDays: wanted.lock.minRetentionDays,
      maxRetentionDays: wanted.lock.maxRetentionDays,
      ...(wanted.lock.changeableForDays !== undefined
        ? { changeableForDays: wanted.lock.changeableForDays }
        : {}),
    })
  })

const convergeRole = (wanted: RoleState, scope: Scope) =>
  Effect.gen(function* () {
    const roles = (yield* Iam).roles(scope)
    const live = yield* roles.getRole(wanted.roleName)
    if (!wanted.exists) {
      if (live === undefined) return
      for (const name of yield* roles.listRolePolicies(wanted.roleName))
        yield* roles.deleteRolePolicy(wanted.roleName, name)
      yield* roles.deleteRole(wanted.roleName)
      return
    }
    if (live === undefined)
      yield* roles.createRole({
        name: wanted.roleName,
        trustPolicy: wanted.trust,
        description: "Rampart: managed by rampart rollout",
      })
    else if (canonicalJson(live.trustPolicy) !== canonicalJson(wanted.trust))
      yield* roles.updateTrustPolicy(wanted.roleName, wanted.trust)
    if (wanted.permissions === undefined) yield* roles.deleteRolePolicy(wanted.roleName, wanted.policyName)
    else yield* roles.putRolePolicy(wanted.roleName, wanted.policyName, wanted.permissions)
  })

/**
 * Makes a resource what `wanted` says, idempotently: asked again (a resumed rollout, a repeated rollback) it finds
 * the work done and changes nothing more. Member-account resources are changed through the member access role.
 * What cannot be set (a permanent compliance-mode lock, a pack whose earlier template is unknown) fails with
 * `CannotConverge` and a message to show.
 */
export const converge = (
  wanted: ResourceState,
  settings: ConvergeSettings,
): Effect.Effect<void, ConvergeError, ConvergeServices> => {
  switch (wanted.kind) {
    case "scp-policy":
      return convergeScpPolicy(wanted)
    case "scp-attachment":
      return convergeAttachment(wanted)
    case "pack":
      return memberScope(settings.access, wanted.account, wanted.region).pipe(
        Effect.flatMap((scope) => convergePack(wanted, scope, settings)),
      )
    case "vault":
      return memberScope(settings.access, wanted.account, wanted.region).pipe(
        Effect.flatMap((scope) => convergeVault(wanted, scope)),
      )
    case "role":
      return memberScope(settings.access, wanted.account, settings.homeRegion).pipe(
        Effect.flatMap((scope) => convergeRole(wanted, scope)),
      )
  }
}
