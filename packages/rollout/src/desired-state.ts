import type { OrganizationTree } from "@rampart/aws"
import { type Catalog, deployedPackName, renderGuardrail } from "@rampart/catalog"
import type { RampartConfig } from "@rampart/config"
import type { Wave } from "@rampart/model"
import { type GuardrailStatements, PackOverflow, packStatements } from "@rampart/scp"
import { type Exemption, exemptedDocument, exemptionFor } from "./scp-exemptions.ts"
import { type ResolvedTarget, resolveWaveTargets } from "./wave-targets.ts"

/** Names of the SCPs Rampart owns start with this; any other SCP is the organization's own and never touched. */
export const scpNamePrefix = "rampart-"

/** One SCP Rampart wants attached to a target. */
export interface DesiredPolicy {
  readonly name: string
  readonly description: string
  /** The minified document, exactly as sent. */
  readonly text: string
  readonly guardrails: ReadonlyArray<string>
}

/** The SCPs one wave target should carry. */
export interface DesiredScps {
  readonly wave: string
  readonly target: ResolvedTarget
  readonly policies: ReadonlyArray<DesiredPolicy>
}

export interface DesiredPack {
  readonly wave: string
  readonly account: string
  readonly region: string
  readonly guardrail: string
  readonly name: string
  readonly templateBody: string
  readonly parameters: Readonly<Record<string, string>>
}

export interface DesiredVault {
  readonly wave: string
  readonly account: string
  readonly region: string
  readonly guardrail: string
  readonly vaultName: string
  readonly mode: "governance" | "compliance"
  readonly minRetentionDays: number
  readonly maxRetentionDays: number
  /** Compliance mode only: the grace period after which the lock can never be removed. */
  readonly changeableForDays?: number
}

export interface DesiredRole {
  readonly wave: string
  readonly account: string
  readonly guardrail: string
  readonly roleName: string
  readonly trust: unknown
  /** The role's one inline policy, named `policyName`. */
  readonly policyName: string
  readonly permissions: unknown
}

/** Something a person must know about the plan, said once per wave and target. */
export interface PlanNote {
  readonly wave: string
  readonly target: string
  readonly message: string
}

/** What the organization should look like once the chosen waves are applied. */
export interface DesiredState {
  /** The waves in effect, in order. */
  readonly waves: ReadonlyArray<string>
  readonly scps: ReadonlyArray<DesiredScps>
  readonly packs: ReadonlyArray<DesiredPack>
  readonly vaults: ReadonlyArray<DesiredVault>
  readonly roles: ReadonlyArray<DesiredRole>
  /** Each account Rampart manages with the wave that first reaches it. */
  readonly accountWaves: ReadonlyMap<string, string>
  readonly notes: ReadonlyArray<PlanNote>
  /** Reasons the plan cannot be applied (unknown targets, refused targets, SCPs that do not fit). */
  readonly problems: ReadonlyArray<string>
}

/** The inline policy name of a Rampart role. */
export const rolePolicyName = "RampartPermissions"

const describeExemption = (guardrail: string, exemption: Exemption): string =>
  exemption.exceptions
    .map(
      (e) =>
        `${guardrail}: exception for ${e.target.kind === "account" ? e.target.accountId : e.target.path}` +
        `${e.principals.length > 0 ? ` (${e.principals.join(", ")})` : ""} owned by ${e.owner}, until ${e.expires}`,
    )
    .join("; ")

/** The SCP policy name of a target's n-th packed policy: the target's id keeps it unique and stable across renames. */
export const scpPolicyName = (targetId: string, index: number): string =>
  `${scpNamePrefix}${targetId}-${index}`

const slotsUsedByOthers = (tree: OrganizationTree, targetId: string): number =>
  (tree.attachments[targetId] ?? []).filter(
    (id) => !(tree.policies[id]?.name ?? "").startsWith(scpNamePrefix),
  ).length

const scpsFor = (
  target: ResolvedTarget,
  wave: Wave,
  config: RampartConfig,
  catalog: Catalog,
  tree: OrganizationTree,
  now: Date,
  notes: PlanNote[],
  problems: string[],
): DesiredScps => {
  const inputs: GuardrailStatements[] = []
  for (const id of wave.guardrails) {
    const guardrail = catalog.byId.get(id)
    const use = config.guardrails.find((g) => g.id === id)
    if (guardrail?.kind !== "scp" || use === undefined) continue
    const exemption = exemptionFor(id, target, config.exceptions, now)
    if (exemption.exceptions.length > 0)
      notes.push({ wave: wave.name, target: target.label, message: describeExemption(id, exemption) })
    if (exemption.wholeTarget.length > 0) continue
    const rendered = renderGuardrail(guardrail, use.parameters, config.context)
    if (rendered.kind === "scp")
      inputs.push({ guardrail: id, document: exemptedDocument(rendered.document, exemption) })
  }
  if (target.accounts.some((a) => a.id === config.organization.managementAccountId))
    notes.push({
      wave: wave.name,
      target: target.label,
      message: `SCPs do not apply to the management account ${config.organization.managementAccountId}, which is under this target`,
    })
  const quotas = config.organization.quotas
  const freeSlots = quotas.scpsPerTarget - slotsUsedByOthers(tree, target.id)
  try {
    const packed =
      inputs.length === 0 ? [] : packStatements(inputs, { freeSlots, maxCharacters: quotas.scpCharacters })
    return {
      wave: wave.name,
      target,
      policies: packed.map((p) => ({
        name: scpPolicyName(target.id, p.index),
        description: `Rampart guardrails for ${target.label}: ${p.guardrails.join(", ")}`.slice(0, 512),
        text: p.text,
        guardrails: p.guardrails,
      })),
    }
  } catch (error) {
    if (!(error instanceof PackOverflow)) throw error
    problems.push(`wave ${wave.name}: the SCPs for ${target.label} do not fit: ${error.message}`)
    return { wave: wave.name, target, policies: [] }
  }
}

/**
 * What the organization should look like after the waves up to and including `throughWave` (all waves when not
 * given): each wave target's SCPs, packed into the slots the organization's own SCPs leave free, with the
 * exceptions in force written in; and in every account the waves reach (not the management account unless
 * allowed, nor accounts an exception takes out) the conformance packs, backup vault with its lock and the Rampart
 * roles of the guardrails of the first wave that reaches it, in each of the guardrail's regions.
 */
export const desiredState = (
  config: RampartConfig,
  catalog: Catalog,
  tree: OrganizationTree,
  now: Date,
  throughWave?: string,
): DesiredState => {
  const last =
    throughWave === undefined
      ? config.waves.length - 1
      : config.waves.findIndex((w) => w.name === throughWave)
  const waves = config.waves.slice(0, last + 1)
  const resolved = resolveWaveTargets(waves, tree, config.organization)
  const notes: PlanNote[] = []
  const problems: string[] = [...resolved.problems]
  if (last < 0) problems.push(`no wave "${throughWave}" in ${config.file}`)
  const scps = resolved.targets.map((target) => {
    const wave = waves.find((w) => w.name === target.wave) as Wave
    return scpsFor(target, wave, config, catalog, tree, now, notes, problems)
  })
  const packs: DesiredPack[] = []
  const vaults: DesiredVault[] = []
  const roles: DesiredRole[] = []
  const management = config.organization.managementAccountId
  for (const [account, waveName] of resolved.accountWaves) {
    if (account === management && !config.organization.allowManagementAccount) {
      notes.push({
        wave: waveName,
        target: account,
        message: "the management account is left unchanged (organization.allowManagementAccount is false)",
      })
      continue
    }
    const wave = waves.find((w) => w.name === waveName) as Wave
    const ouPath = tree.accounts.find((a) => a.id === account)?.ouPath ?? "/"
    const target: ResolvedTarget = {
      wave: waveName,
      label: account,
      kind: "account",
      id: account,
      path: ouPath,
      accounts: tree.accounts.filter((a) => a.id === account),
    }
    for (const id of wave.guardrails) {
      const guardrail = catalog.byId.get(id)
      const use = config.guardrails.find((g) => g.id === id)
      if (guardrail === undefined || guardrail.kind === "scp" || use === undefined) continue
      const excepted = exemptionFor(id, target, config.exceptions, now).wholeTarget
      if (excepted.length > 0) {
        notes.push({
          wave: waveName,
          target: account,
          message: describeExemption(id, {
            wholeTarget: excepted,
            accounts: [],
            principals: [],
            exceptions: excepted,
          }),
        })
        continue
      }
      const rendered = renderGuardrail(guardrail, use.parameters, config.context)
      switch (rendered.kind) {
        case "conformance-pack":
          if (guardrail.kind !== "conformance-pack") break
          for (const region of use.regions)
            packs.push({
              wave: waveName,
              account,
              region,
              guardrail: id,
              name: deployedPackName(guardrail),
              templateBody: rendered.templateBody,
              parameters: rendered.parameters,
            })
          break
        case "backup-vault-lock": {
          // Rendering has applied the catalog defaults: every setting is there.
          const settings = rendered.settings
          const mode = settings.mode === "compliance" ? "compliance" : "governance"
          for (const region of use.regions)
            vaults.push({
              wave: waveName,
              account,
              region,
              guardrail: id,
              vaultName: String(settings.vaultName),
              mode,
              minRetentionDays: Number(settings.minRetentionDays),
              maxRetentionDays: Number(settings.maxRetentionDays),
              ...(mode === "compliance" ? { changeableForDays: Number(settings.changeableForDays) } : {}),
            })
          break
        }
        case "role":
          roles.push({
            wave: waveName,
            account,
            guardrail: id,
            roleName: rendered.roleName,
            trust: rendered.trust,
            policyName: rolePolicyName,
            permissions: rendered.permissions,
          })
          break
        case "scp":
          break
      }
    }
  }
  return {
    waves: waves.map((w) => w.name),
    scps,
    packs,
    vaults,
    roles,
    accountWaves: resolved.accountWaves,
    notes,
    problems,
  }
}
