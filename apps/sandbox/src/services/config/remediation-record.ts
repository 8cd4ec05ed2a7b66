import type { SandboxStore } from "../../state/store.ts"
import type { RemediationDefinition } from "./pack-template.ts"
import type { RemediationRecord } from "./state.ts"

/** Stores a remediation definition, keeping the ARN of the one it replaces. */
export const storedRemediation = (
  store: SandboxStore,
  where: { readonly account: string; readonly region: string; readonly partition: string },
  definition: RemediationDefinition,
  previous: RemediationRecord | undefined,
  owner?: { readonly createdByService: string; readonly pack: string },
): RemediationRecord => ({
  configRuleName: definition.configRuleName,
  arn:
    previous?.arn ??
    `arn:${where.partition}:config:${where.region}:${where.account}:remediation-configuration/${definition.configRuleName}/${store.nextId("", 36, "0123456789abcdef")}`,
  targetType: definition.targetType,
  targetId: definition.targetId,
  parameters: definition.parameters,
  automatic: definition.automatic,
  ...(definition.targetVersion === undefined ? {} : { targetVersion: definition.targetVersion }),
  ...(definition.resourceType === undefined ? {} : { resourceType: definition.resourceType }),
  ...(definition.executionControls === undefined ? {} : { executionControls: definition.executionControls }),
  ...(definition.maximumAutomaticAttempts === undefined
    ? {}
    : { maximumAutomaticAttempts: definition.maximumAutomaticAttempts }),
  ...(definition.retryAttemptSeconds === undefined
    ? {}
    : { retryAttemptSeconds: definition.retryAttemptSeconds }),
  ...(owner === undefined ? {} : { createdByService: owner.createdByService, pack: owner.pack }),
})

/** How Config describes a remediation configuration. */
export const remediationShape = (remediation: RemediationRecord) => ({
  ConfigRuleName: remediation.configRuleName,
  TargetType: remediation.targetType,
  TargetId: remediation.targetId,
  ...(remediation.targetVersion === undefined ? {} : { TargetVersion: remediation.targetVersion }),
  Parameters: remediation.parameters,
  ...(remediation.resourceType === undefined ? {} : { ResourceType: remediation.resourceType }),
  Automatic: remediation.automatic,
  ...(remediation.executionControls === undefined
    ? {}
    : { ExecutionControls: remediation.executionControls }),
  ...(remediation.maximumAutomaticAttempts === undefined
    ? {}
    : { MaximumAutomaticAttempts: remediation.maximumAutomaticAttempts }),
  ...(remediation.retryAttemptSeconds === undefined
    ? {}
    : { RetryAttemptSeconds: remediation.retryAttemptSeconds }),
  Arn: remediation.arn,
  ...(remediation.createdByService === undefined ? {} : { CreatedByService: remediation.createdByService }),
})
