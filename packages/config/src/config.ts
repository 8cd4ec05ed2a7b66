import type { RenderContext } from "@rampart/catalog"
import type { GuardrailException, ParameterValue, Quantity, Wave } from "@rampart/model"
import type { ScpQuotas } from "@rampart/scp"

/** A guardrail as this organization uses it. */
export interface GuardrailUse {
  readonly id: string
  readonly parameters: Readonly<Record<string, ParameterValue>>
  readonly regions: ReadonlyArray<string>
}

/** The remediation policy with its defaults applied. */
export interface RemediationPolicy {
  readonly kmsKeyAlias: string
  readonly backupRetentionDays: number
  readonly maxConcurrency: Quantity
  readonly maxErrors: Quantity
  readonly maintenanceWindow?: {
    readonly days: ReadonlyArray<string>
    readonly start: string
    readonly end: string
  }
  readonly actions: ReadonlyArray<string>
}

/** rampart.yaml after checking, with every default applied: what the rest of Rampart works from. */
export interface RampartConfig {
  readonly file: string
  readonly organization: {
    readonly id: string
    readonly partition: string
    readonly managementAccountId: string
    readonly hubAccountId: string
    readonly homeRegion: string
    readonly regions: ReadonlyArray<string>
    readonly quotas: ScpQuotas
    readonly allowRootAttachment: boolean
    readonly allowManagementAccount: boolean
  }
  readonly roles: {
    readonly hub: string
    readonly audit: string
    readonly remediation: string
    readonly pipeline: string
    readonly breakGlass: string
    readonly externalId: string
    readonly bootstrap: string
    readonly sessionDurationSeconds: number
    readonly chain: ReadonlyArray<string>
  }
  readonly guardrails: ReadonlyArray<GuardrailUse>
  readonly waves: ReadonlyArray<Wave>
  readonly exceptions: ReadonlyArray<GuardrailException>
  readonly remediation: RemediationPolicy
  /** The values catalog documents take from this file (`{{org.hubAccountId}}`, ...). */
  readonly context: RenderContext
}
