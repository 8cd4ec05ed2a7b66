import type { ServiceDefinition } from "../../operation.ts"
import { accountOperations } from "./accounts.ts"
import { delegatedAdministratorOperations } from "./delegated.ts"
import { policyOperations } from "./policies.ts"
import { treeOperations } from "./tree.ts"

/** AWS Organizations: awsJson1_1, global (recorded in us-east-1). */
export const organizationsService: ServiceDefinition = {
  signingName: "organizations",
  actionPrefix: "organizations",
  eventSource: "organizations.amazonaws.com",
  protocol: "awsJson1_1",
  targetPrefix: "AWSOrganizationsV20161128",
  global: true,
  errorMessageKey: "Message",
  operations: [
    ...treeOperations,
    ...accountOperations,
    ...policyOperations,
    ...delegatedAdministratorOperations,
  ],
}
