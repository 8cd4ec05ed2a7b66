import type { GuardrailMetadata } from "@rampart/model"
import type { ConformancePackTemplate } from "./conformance-pack-template.ts"

interface CatalogEntry extends GuardrailMetadata {
  /** The `<id>.guardrail.yaml` file this entry was read from. */
  readonly metadataFile: string
}

/** A service control policy; `document` still holds its `{{placeholders}}`. */
export interface ScpGuardrail extends CatalogEntry {
  readonly kind: "scp"
  readonly documentFile: string
  readonly document: unknown
}

/** A conformance pack; its parameters are the template's. */
export interface ConformancePackGuardrail extends CatalogEntry {
  readonly kind: "conformance-pack"
  readonly templateFile: string
  readonly template: ConformancePackTemplate
}

/** A backup vault with AWS Backup Vault Lock. */
export interface VaultLockGuardrail extends CatalogEntry {
  readonly kind: "backup-vault-lock"
}

/** A cross-account role Rampart uses in member accounts. */
export interface RoleGuardrail extends CatalogEntry {
  readonly kind: "role"
  readonly roleName: string
  readonly permissionsFile: string
  readonly permissions: unknown
  readonly trustFile: string
  readonly trust: unknown
}

/** Any entry of the catalog. */
export type Guardrail = ScpGuardrail | ConformancePackGuardrail | VaultLockGuardrail | RoleGuardrail

const packPrefix = "rampart-"

/**
 * The name a conformance pack is deployed under in member accounts: `rampart-<id>`, so Rampart's packs are told
 * apart from the organization's own (an organization pack's members carry it as `OrgConformsPack-<name>-<suffix>`).
 */
export const deployedPackName = (pack: ConformancePackGuardrail): string => `${packPrefix}${pack.id}`

/**
 * The catalog id a deployed conformance pack stands for: `rampart-<id>` as Rampart deploys it, or an organization
 * pack's member copy `OrgConformsPack-rampart-<id>-<suffix>`; undefined for packs Rampart did not deploy.
 */
export const guardrailOfPack = (deployedName: string): string | undefined => {
  const name = /^OrgConformsPack-(.+)-[a-z0-9]+$/.exec(deployedName)?.[1] ?? deployedName
  return name.startsWith(packPrefix) ? name.slice(packPrefix.length) : undefined
}
