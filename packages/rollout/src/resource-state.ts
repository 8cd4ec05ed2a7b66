/**
 * Everything a rollout changes, as states of resources. A change is a resource's state before and after; applying
 * it converges the resource to `after`, rolling it back converges it to `before`, and drift compares the live
 * state with the last `after` applied. States are plain JSON, journaled as they are.
 */

/** An SCP Rampart owns, by name (ids are AWS's to give). */
export type ScpPolicyState =
  | { readonly kind: "scp-policy"; readonly name: string; readonly exists: false }
  | {
      readonly kind: "scp-policy"
      readonly name: string
      readonly exists: true
      readonly description: string
      readonly content: string
    }

/** Whether a Rampart SCP is attached to a root, OU or account. */
export interface ScpAttachmentState {
  readonly kind: "scp-attachment"
  readonly policyName: string
  readonly targetId: string
  readonly attached: boolean
}

/** A conformance pack in one account and Region. */
export type PackState =
  | {
      readonly kind: "pack"
      readonly account: string
      readonly region: string
      readonly name: string
      readonly exists: false
    }
  | {
      readonly kind: "pack"
      readonly account: string
      readonly region: string
      readonly name: string
      readonly exists: true
      /** Undefined when the pack exists but its template is not known (deployed by someone else or long ago). */
      readonly templateBody?: string
      readonly parameters: Readonly<Record<string, string>>
    }

/** A backup vault's lock as set. */
export interface VaultLockSettings {
  readonly minRetentionDays: number
  readonly maxRetentionDays: number
  /** Compliance mode: the lock becomes permanent this many days after it is set. */
  readonly changeableForDays?: number
  /** When a compliance-mode lock becomes permanent (ISO time), as AWS reports it. */
  readonly lockDate?: string
}

/** A backup vault with its lock, in one account and Region. */
export type VaultState =
  | {
      readonly kind: "vault"
      readonly account: string
      readonly region: string
      readonly name: string
      readonly exists: false
    }
  | {
      readonly kind: "vault"
      readonly account: string
      readonly region: string
      readonly name: string
      readonly exists: true
      readonly lock?: VaultLockSettings
    }

/** A Rampart role with its trust policy and its one inline policy. */
export type RoleState =
  | { readonly kind: "role"; readonly account: string; readonly roleName: string; readonly exists: false }
  | {
      readonly kind: "role"
      readonly account: string
      readonly roleName: string
      readonly exists: true
      readonly trust: unknown
      readonly policyName: string
      /** Undefined when the role has no inline policy of that name. */
      readonly permissions?: unknown
    }

export type ResourceState = ScpPolicyState | ScpAttachmentState | PackState | VaultState | RoleState

/** The resource a state is of, as one string: what the journal, plans and drift name it by. */
export const resourceKey = (state: ResourceState): string => {
  switch (state.kind) {
    case "scp-policy":
      return `scp-policy:${state.name}`
    case "scp-attachment":
      return `scp-attachment:${state.policyName}@${state.targetId}`
    case "pack":
      return `pack:${state.account}:${state.region}:${state.name}`
    case "vault":
      return `vault:${state.account}:${state.region}:${state.name}`
    case "role":
      return `role:${state.account}:${state.roleName}`
  }
}

/** The account a resource lives in, for resources inside member accounts. */
export const resourceAccount = (state: ResourceState): string | undefined =>
  state.kind === "pack" || state.kind === "vault" || state.kind === "role" ? state.account : undefined

/** Canonical JSON (keys sorted), so equal documents compare equal whatever their key order. */
export const canonicalJson = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  )

const sameLock = (a: VaultLockSettings | undefined, b: VaultLockSettings | undefined): boolean =>
  a === undefined || b === undefined
    ? a === b
    : a.minRetentionDays === b.minRetentionDays &&
      a.maxRetentionDays === b.maxRetentionDays &&
      (a.changeableForDays === undefined) === (b.changeableForDays === undefined)

/**
 * Whether the live state already is what `wanted` asks for. What AWS does not report (a pack's template, a
 * lock's grace days once set) is not compared when the live side does not know it.
 */
export const satisfies = (live: ResourceState, wanted: ResourceState): boolean => {
  switch (wanted.kind) {
    case "scp-policy":
      // Only the document counts: the description is Rampart's label, and not every read returns it.
      return (
        live.kind === "scp-policy" &&
        (wanted.exists ? live.exists && live.content === wanted.content : !live.exists)
      )
    case "scp-attachment":
      return live.kind === "scp-attachment" && live.attached === wanted.attached
    case "pack":
      if (live.kind !== "pack") return false
      if (!wanted.exists || !live.exists) return live.exists === wanted.exists
      return (
        canonicalJson(live.parameters) === canonicalJson(wanted.parameters) &&
        (live.templateBody === undefined ||
          wanted.templateBody === undefined ||
          live.templateBody === wanted.templateBody)
      )
    case "vault":
      if (live.kind !== "vault") return false
      if (!wanted.exists || !live.exists) return live.exists === wanted.exists
      return sameLock(live.lock, wanted.lock)
    case "role":
      if (live.kind !== "role") return false
      if (!wanted.exists || !live.exists) return live.exists === wanted.exists
      return (
        canonicalJson(live.trust) === canonicalJson(wanted.trust) &&
        canonicalJson(live.permissions) === canonicalJson(wanted.permissions)
      )
  }
}
