import type { ServiceDefinition } from "../../operation.ts"
import { aggregateComplianceOperations } from "./aggregate-compliance.ts"
import { aggregateResourceCountOperations } from "./aggregate-resource-counts.ts"
import { aggregatorOperations } from "./aggregators.ts"
import { complianceOperations } from "./compliance.ts"
import { conformancePackOperations } from "./conformance-packs.ts"
import { deliveryChannelOperations } from "./delivery-channels.ts"
import { organizationPackOperations } from "./organization-packs.ts"
import { packComplianceOperations } from "./pack-compliance.ts"
import { recorderOperations } from "./recorders.ts"
import { remediationOperations } from "./remediations.ts"
import { ruleOperations } from "./rules.ts"
import { seedConfig } from "./seed.ts"

/**
 * AWS Config: awsJson1_1, regional. Managed rules from the catalog are evaluated over the configuration items of
 * every sandbox service, on demand when compliance is read and only while the account and Region has a recorder
 * that is recording; conformance packs (also organization-wide) create rules and remediations from templates;
 * aggregators read compliance across accounts and Regions. The scenario section `resources.config` (recorders,
 * delivery channels, packs by catalog id or template file) is documented at the top of `seed.ts`.
 */
export const configService: ServiceDefinition = {
  signingName: "config",
  actionPrefix: "config",
  eventSource: "config.amazonaws.com",
  protocol: "awsJson1_1",
  targetPrefix: "StarlingDoveService",
  operations: [
    ...recorderOperations,
    ...deliveryChannelOperations,
    ...ruleOperations,
    ...complianceOperations,
    ...conformancePackOperations,
    ...packComplianceOperations,
    ...organizationPackOperations,
    ...remediationOperations,
    ...aggregatorOperations,
    ...aggregateComplianceOperations,
    ...aggregateResourceCountOperations,
  ],
  seed: seedConfig,
}
