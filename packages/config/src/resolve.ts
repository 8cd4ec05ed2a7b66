import type { RenderContext } from "@rampart/catalog"
import {
  durationMilliseconds,
  type ParameterValue,
  parseTarget,
  type Quantity,
  type Target,
} from "@rampart/model"
import { before2026Quotas, currentQuotas } from "@rampart/scp"
import type { RampartConfig } from "./config.ts"
import type { RampartFile } from "./schema.ts"

/** Applies defaults to a file that has passed every check. */
export const resolveConfig = (file: RampartFile, path: string): RampartConfig => {
  const org = file.organization
  const profile = org.quotaProfile === "before-2026-05" ? before2026Quotas : currentQuotas
  const roles = {
    ...file.roles,
    bootstrap: file.roles.bootstrap ?? "OrganizationAccountAccessRole",
    sessionDurationSeconds: file.roles.sessionDurationSeconds ?? 3600,
    chain: file.roles.chain ?? [],
  }
  const regions = org.regions
  const configured = file.guardrails.map((g) => g.id)
  const organization = {
    id: org.id,
    partition: org.partition ?? "aws",
    managementAccountId: org.managementAccountId,
    hubAccountId: org.hubAccountId,
    homeRegion: org.homeRegion ?? regions[0] ?? "us-east-1",
    regions,
    quotas: { ...profile, ...org.quotas },
    allowRootAttachment: org.allowRootAttachment ?? false,
    allowManagementAccount: org.allowManagementAccount ?? false,
  }
  return {
    file: path,
    organization,
    roles,
    // The parameter check has matched every value against its spec, so the values are parameter values.
    guardrails: file.guardrails.map((g) => ({
      id: g.id,
      parameters: (g.parameters ?? {}) as Readonly<Record<string, ParameterValue>>,
      regions: g.regions ?? regions,
    })),
    waves: file.waves.map((w) => ({
      name: w.name,
      targets: w.targets.map(target),
      guardrails: w.guardrails ?? configured,
      soakSeconds: seconds(w.soak ?? "0s"),
      gates: {
        maxNewScpDenials: w.gates?.maxNewScpDenials ?? 0,
        maxComplianceRegression: w.gates?.maxComplianceRegression ?? 0,
      },
      approval: w.approval ?? false,
      maxConcurrency: quantity(w.maxConcurrency ?? 10),
      errorBudget: quantity(w.errorBudget ?? 0),
      onGateFailure: w.onGateFailure ?? "rollback",
      acknowledgements: (w.acknowledge ?? []).map((a) => ({
        principal: a.principal,
        ...(a.action !== undefined ? { action: a.action } : {}),
        reason: a.reason,
      })),
    })),
    exceptions: (file.exceptions ?? []).map((e) => ({
      guardrail: e.guardrail,
      target: e.account !== undefined ? { kind: "account", accountId: e.account } : target(e.ou ?? "/"),
      principals: e.principals ?? [],
      owner: e.owner,
      reason: e.reason,
      expires: e.expires,
    })),
    remediation: {
      kmsKeyAlias: file.remediation?.kmsKeyAlias ?? "alias/rampart-rds",
      backupRetentionDays: file.remediation?.backupRetentionDays ?? 7,
      maxConcurrency: quantity(file.remediation?.maxConcurrency ?? 1),
      maxErrors: quantity(file.remediation?.maxErrors ?? 0),
      ...(file.remediation?.maintenanceWindow
        ? { maintenanceWindow: file.remediation.maintenanceWindow }
        : {}),
      actions: file.remediation?.actions ?? [
        "encrypt-rds",
        "enable-backups",
        "enable-deletion-protection",
        "disable-public-access",
      ],
    },
    context: renderContext(file),
  }
}

/** The values catalog documents take from the file: `{{org.hubAccountId}}`, `{{roles.audit}}`, ... */
export const renderContext = (file: RampartFile): RenderContext => ({
  "org.id": file.organization.id,
  "org.managementAccountId": file.organization.managementAccountId,
  "org.hubAccountId": file.organization.hubAccountId,
  "org.partition": file.organization.partition ?? "aws",
  "roles.hub": file.roles.hub,
  "roles.audit": file.roles.audit,
  "roles.remediation": file.roles.remediation,
  "roles.pipeline": file.roles.pipeline,
  "roles.breakGlass": file.roles.breakGlass,
  "roles.externalId": file.roles.externalId,
})

const target = (text: string): Target => {
  const parsed = parseTarget(text)
  if (!parsed) throw new Error(`unchecked target ${text}`)
  return parsed
}

const quantity = (value: number | string): Quantity =>
  typeof value === "number"
    ? { kind: "count", value }
    : { kind: "percent", value: Number(value.slice(0, -1)) }

/** Seconds in a duration written `30m`, `2h`, `1d`. */
export const seconds = (duration: string): number => durationMilliseconds(duration) / 1000
