import type { OrganizationTree } from "@rampart/aws"
import { type DesiredState, type PlanNote, scpNamePrefix } from "./desired-state.ts"
import type { LiveState, Unreadable } from "./read-state.ts"
import { type ResourceState, resourceKey, satisfies } from "./resource-state.ts"

/** One resource to change: its live state and the state the rollout gives it. */
export interface Change {
  /** The resource (`scp-attachment:rampart-ou-…-1@ou-…`), unique within a plan. */
  readonly key: string
  readonly wave: string
  /** Where, as a person reads it: an account id, or the wave target's path. */
  readonly target: string
  /** Changes of one wave are made in this order (roles, vaults, packs, SCPs, attachments, detachments, deletions). */
  readonly step: number
  readonly before: ResourceState
  readonly after: ResourceState
  readonly summary: string
  /** Set when applying the change makes something that cannot be undone later (a compliance-mode lock). */
  readonly irreversible?: string
}

export interface WavePlan {
  readonly wave: string
  readonly changes: ReadonlyArray<Change>
  readonly notes: ReadonlyArray<PlanNote>
}

/** The changes that take the organization from its live state to the desired one, per wave. */
export interface Plan {
  readonly waves: ReadonlyArray<WavePlan>
  /** Reasons the plan must not be applied. */
  readonly problems: ReadonlyArray<string>
  /** Resources whose live state could not be read: the plan is incomplete for them. */
  readonly unreadable: ReadonlyArray<Unreadable>
  readonly changeCount: number
}

/** A desired resource with the wave and target it belongs to. */
export interface WantedResource {
  readonly wave: string
  readonly target: string
  readonly state: ResourceState
}

/** Every resource state the desired state asks for, in wave order. */
export const wantedResources = (desired: DesiredState): ReadonlyArray<WantedResource> => {
  const wanted: WantedResource[] = []
  for (const role of desired.roles)
    wanted.push({
      wave: role.wave,
      target: role.account,
      state: {
        kind: "role",
        account: role.account,
        roleName: role.roleName,
        exists: true,
        trust: role.trust,
        policyName: role.policyName,
        permissions: role.permissions,
      },
    })
  for (const vault of desired.vaults)
    wanted.push({
      wave: vault.wave,
      target: vault.account,
      state: {
        kind: "vault",
        account: vault.account,
        region: vault.region,
        name: vault.vaultName,
        exists: true,
        lock: {
          minRetentionDays: vault.minRetentionDays,
          maxRetentionDays: vault.maxRetentionDays,
          ...(vault.changeableForDays !== undefined ? { changeableForDays: vault.changeableForDays } : {}),
        },
      },
    })
  for (const pack of desired.packs)
    wanted.push({
      wave: pack.wave,
      target: pack.account,
      state: {
        kind: "pack",
        account: pack.account,
        region: pack.region,
        name: pack.name,
        exists: true,
        templateBody: pack.templateBody,
        parameters: pack.parameters,
      },
    })
  for (const scps of desired.scps) {
    for (const policy of scps.policies) {
      wanted.push({
        wave: scps.wave,
        target: scps.target.label,
        state: {
          kind: "scp-policy",
          name: policy.name,
          exists: true,
          description: policy.description,
          content: policy.text,
        },
      })
      wanted.push({
        wave: scps.wave,
        target: scps.target.label,
        state: { kind: "scp-attachment", policyName: policy.name, targetId: scps.target.id, attached: true },
      })
    }
  }
  return wanted
}

/**
 * Rampart SCPs the desired state no longer has: attachments to detach, then policies to delete. Each goes to the
 * wave that holds its target, or the first wave when no wave does.
 */
export const staleScps = (desired: DesiredState, tree: OrganizationTree): ReadonlyArray<WantedResource> => {
  const wantedPolicies = new Set(desired.scps.flatMap((s) => s.policies.map((p) => p.name)))
  const waveOfTarget = new Map(desired.scps.map((s) => [s.target.id, s]))
  const first = desired.waves[0] ?? ""
  const stale: WantedResource[] = []
  const labelOf = (id: string) =>
    waveOfTarget.get(id)?.target.label ??
    tree.ous.find((o) => o.id === id)?.path ??
    (id === tree.rootId ? "/" : id)
  for (const [targetId, ids] of Object.entries(tree.attachments))
    for (const id of ids) {
      const name = tree.policies[id]?.name ?? ""
      if (!name.startsWith(scpNamePrefix) || wantedPolicies.has(name)) continue
      stale.push({
        wave: waveOfTarget.get(targetId)?.wave ?? first,
        target: labelOf(targetId),
        state: { kind: "scp-attachment", policyName: name, targetId, attached: false },
      })
    }
  for (const policy of Object.values(tree.policies))
    if (policy.name.startsWith(scpNamePrefix) && !wantedPolicies.has(policy.name)) {
      const attachedTo = Object.entries(tree.attachments).find(([, ids]) => ids.includes(policy.id))?.[0]
      stale.push({
        wave: (attachedTo && waveOfTarget.get(attachedTo)?.wave) || first,
        target: attachedTo === undefined ? policy.name : labelOf(attachedTo),
        state: { kind: "scp-policy", name: policy.name, exists: false },
      })
    }
  return stale
}

const stepOf = (state: ResourceState): number => {
  switch (state.kind) {
    case "role":
      return 0
    case "vault":
      return 1
    case "pack":
      return 2
    case "scp-policy":
      return state.exists ? 3 : 6
    case "scp-attachment":
      return state.attached ? 4 : 5
  }
}

const lockWords = (lock: {
  minRetentionDays: number
  maxRetentionDays: number
  changeableForDays?: number
}) =>
  `${lock.changeableForDays === undefined ? "governance" : "compliance"} mode, ${lock.minRetentionDays}..${lock.maxRetentionDays} days`

/** The change from `before` to `after` in words: "attach SCP … to /Dev", "create role … in …". */
export const changeSummary = (before: ResourceState, after: ResourceState, target: string): string => {
  switch (after.kind) {
    case "role":
      if (!after.exists) return `delete role ${after.roleName} in ${after.account}`
      return before.kind === "role" && before.exists
        ? `update role ${after.roleName} in ${after.account} (trust and ${after.policyName})`
        : `create role ${after.roleName} in ${after.account}`
    case "vault":
      if (!after.exists) return `delete backup vault ${after.name} in ${after.account} ${after.region}`
      return before.kind === "vault" && before.exists
        ? `set Vault Lock on ${after.name} in ${after.account} ${after.region} (${after.lock ? lockWords(after.lock) : "no lock"})`
        : `create backup vault ${after.name} in ${after.account} ${after.region} with Vault Lock (${after.lock ? lockWords(after.lock) : "no lock"})`
    case "pack":
      if (!after.exists) return `delete conformance pack ${after.name} in ${after.account} ${after.region}`
      return `${before.kind === "pack" && before.exists ? "update" : "deploy"} conformance pack ${after.name} in ${after.account} ${after.region}`
    case "scp-policy":
      if (!after.exists) return `delete SCP ${after.name}`
      return `${before.kind === "scp-policy" && before.exists ? "update" : "create"} SCP ${after.name} (${after.content.length} characters): ${after.description}`
    case "scp-attachment":
      return `${after.attached ? "attach" : "detach"} SCP ${after.policyName} ${after.attached ? "to" : "from"} ${target}`
  }
}

const irreversibleOf = (after: ResourceState, now: Date): string | undefined => {
  if (after.kind !== "vault" || !after.exists || after.lock?.changeableForDays === undefined) return undefined
  const permanent = new Date(now.getTime() + after.lock.changeableForDays * 86_400_000)
  return `compliance-mode Vault Lock on ${after.name} in ${after.account} ${after.region} becomes permanent ${after.lock.changeableForDays} days after it is set (${permanent.toISOString().slice(0, 10)} if set now): no one, Rampart's rollback included, can remove it after that`
}

/** The absent state of a resource, for resources with no live state read (never applied). */
const absent = (state: ResourceState): ResourceState => {
  switch (state.kind) {
    case "scp-attachment":
      return { ...state, attached: false }
    case "scp-policy":
      return { kind: "scp-policy", name: state.name, exists: false }
    case "pack":
      return { kind: "pack", account: state.account, region: state.region, name: state.name, exists: false }
    case "vault":
      return { kind: "vault", account: state.account, region: state.region, name: state.name, exists: false }
    case "role":
      return { kind: "role", account: state.account, roleName: state.roleName, exists: false }
  }
}

/**
 * The plan: each wanted resource whose live state differs becomes a change, in the wave that first asks for it,
 * ordered within the wave so that nothing Rampart needs is blocked by its own SCPs (roles, vaults and packs
 * first, attachments last, deletions after detachments). A pack whose template is not readable from AWS is
 * compared with the template Rampart last applied (`lastApplied`), when known.
 */
export const planChanges = (
  desired: DesiredState,
  wanted: ReadonlyArray<WantedResource>,
  live: LiveState,
  now: Date,
  lastApplied: ReadonlyMap<string, ResourceState> = new Map(),
): Plan => {
  const unreadable = new Set(live.unreadable.map((u) => u.key))
  const byWave = new Map<string, Change[]>(desired.waves.map((w) => [w, []]))
  const seen = new Set<string>()
  for (const item of wanted) {
    const key = resourceKey(item.state)
    if (seen.has(key) || unreadable.has(key)) continue
    seen.add(key)
    let before = live.states.get(key) ?? absent(item.state)
    const applied = lastApplied.get(key)
    if (
      before.kind === "pack" &&
      before.exists &&
      before.templateBody === undefined &&
      applied?.kind === "pack" &&
      applied.exists
    )
      before = {
        ...before,
        ...(applied.templateBody !== undefined ? { templateBody: applied.templateBody } : {}),
      }
    if (satisfies(before, item.state)) continue
    const irreversible = irreversibleOf(item.state, now)
    byWave.get(item.wave)?.push({
      key,
      wave: item.wave,
      target: item.target,
      step: stepOf(item.state),
      before,
      after: item.state,
      summary: changeSummary(before, item.state, item.target),
      ...(irreversible !== undefined ? { irreversible } : {}),
    })
  }
  const waves = desired.waves.map((wave) => ({
    wave,
    changes: (byWave.get(wave) ?? []).sort((a, b) => a.step - b.step),
    notes: desired.notes.filter((n) => n.wave === wave),
  }))
  return {
    waves,
    problems: desired.problems,
    unreadable: live.unreadable,
    changeCount: waves.reduce((n, w) => n + w.changes.length, 0),
  }
}
