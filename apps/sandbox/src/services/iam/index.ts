import type { ServiceDefinition } from "../../operation.ts"
import { attachedPolicyOperations } from "./attached-policies.ts"
import { managedPolicyOperations } from "./managed-policies.ts"
import { rolePolicyOperations } from "./role-policies.ts"
import { roleTagOperations } from "./role-tags.ts"
import { roleOperations } from "./roles.ts"
import { serviceLinkedRoleOperations } from "./service-linked-roles.ts"

/**
 * AWS IAM: awsQuery with XML answers, global (recorded in us-east-1). It keeps the account's `iam` state, the
 * same roles and policies the authorizer evaluates, so a change here takes effect on the next call.
 */
export const iamService: ServiceDefinition = {
  signingName: "iam",
  actionPrefix: "iam",
  eventSource: "iam.amazonaws.com",
  protocol: "awsQuery",
  xmlNamespace: "https://iam.amazonaws.com/doc/2010-05-08/",
  global: true,
  operations: [
    ...roleOperations,
    ...rolePolicyOperations,
    ...attachedPolicyOperations,
    ...managedPolicyOperations,
    ...roleTagOperations,
    ...serviceLinkedRoleOperations,
  ],
}
