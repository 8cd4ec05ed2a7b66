import type { Input, Operation } from "../../operation.ts"
import { requireString, ServiceError } from "../../service-error.ts"
import { authorizedKey, changed, keyResource } from "./access.ts"
import { keyConditionKeys } from "./condition-keys.ts"
import { checkKeyPolicy } from "./key-policy-documents.ts"
import { lockoutCheck } from "./keys.ts"
import { kmsPage, optionalBoolean } from "./validation.ts"

/** KMS keeps one policy per key, named `default`. */
const policyNameOf = (input: Input): string => {
  const name = input.PolicyName ?? "default"
  if (name !== "default")
    throw new ServiceError(
      "NotFoundException",
      `No key policy named ${String(name)}: the only key policy name is default.`,
    )
  return name
}

const getKeyPolicy: Operation = {
  name: "GetKeyPolicy",
  readOnly: true,
  resource: keyResource,
  conditionKeys: keyConditionKeys,
  handle: (input, context) => {
    const key = authorizedKey(context, input, "kms:GetKeyPolicy")
    return { Policy: key.policy, PolicyName: policyNameOf(input) }
  },
}

const putKeyPolicy: Operation = {
  name: "PutKeyPolicy",
  readOnly: false,
  resource: keyResource,
  conditionKeys: (input, context) => ({
    ...keyConditionKeys(input, context),
    "kms:BypassPolicyLockoutSafetyCheck": String(
      optionalBoolean(input, "BypassPolicyLockoutSafetyCheck") ?? false,
    ),
  }),
  handle: (input, context) => {
    const key = authorizedKey(context, input, "kms:PutKeyPolicy")
    policyNameOf(input)
    const policy = requireString(input, "Policy")
    checkKeyPolicy(policy)
    lockoutCheck(context, policy, key.arn, optionalBoolean(input, "BypassPolicyLockoutSafetyCheck") ?? false)
    key.policy = policy
    changed(context, key)
    return {}
  },
}

const listKeyPolicies: Operation = {
  name: "ListKeyPolicies",
  readOnly: true,
  resource: keyResource,
  conditionKeys: keyConditionKeys,
  handle: (input, context) => {
    authorizedKey(context, input, "kms:ListKeyPolicies")
    const page = kmsPage(["default"], input, 1000, 100)
    return { PolicyNames: page.items, Truncated: page.Truncated, NextMarker: page.NextMarker }
  },
}

/** Key policies: GetKeyPolicy, PutKeyPolicy, ListKeyPolicies. */
export const keyPolicyOperations: ReadonlyArray<Operation> = [getKeyPolicy, putKeyPolicy, listKeyPolicies]
