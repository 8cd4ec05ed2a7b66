import { parsePolicy } from "@rampart/scp"
import type { CallContext, Input, Operation } from "../../operation.ts"
import { requireString, ServiceError } from "../../service-error.ts"
import { fullAwsAccessPolicyId, type OrganizationState, type PolicyRecord } from "../../state/organization.ts"
import { paginate } from "../pagination.ts"
import { changed, managementOnly, readerOnly } from "./access.ts"
import { policySummaryShape, targetType } from "./shapes.ts"

/** Every new root, OU and account starts with FullAWSAccess attached, as in AWS. */
export const attachFullAwsAccess = (org: OrganizationState, targetId: string): void => {
  org.attachments[targetId] = [fullAwsAccessPolicyId]
}

const policyOrThrow = (org: OrganizationState, id: string): PolicyRecord => {
  const policy = org.policies[id]
  if (!policy)
    throw new ServiceError(
      "PolicyNotFoundException",
      "We can't find a policy with the PolicyId that you specified.",
    )
  return policy
}

const requireTarget = (org: OrganizationState, id: string) => {
  const type = targetType(org, id)
  if (!type)
    throw new ServiceError(
      "TargetNotFoundException",
      "We can't find a root, OU, account, or email target with the TargetId that you specified.",
    )
  return type
}

const requireScpType = (input: Input) => {
  const type = input.Type ?? input.Filter
  if (type !== undefined && type !== "SERVICE_CONTROL_POLICY") {
    throw new ServiceError(
      "InvalidInputException",
      `The sandbox manages service control policies only, not ${String(type)}.`,
      { fields: { Reason: "INVALID_ENUM_POLICY_TYPE" } },
    )
  }
}

/** Checks a document as Organizations does: valid SCP grammar and within the character quota. */
const checkContent = (org: OrganizationState, content: string) => {
  if (content.length > org.quotas.scpCharacters) {
    throw new ServiceError(
      "ConstraintViolationException",
      "You have exceeded the maximum size for this policy type.",
      { fields: { Reason: "POLICY_CONTENT_LIMIT_EXCEEDED" } },
    )
  }
  let json: unknown
  try {
    json = JSON.parse(content)
  } catch {
    throw new ServiceError(
      "MalformedPolicyDocumentException",
      "The provided policy document does not meet the requirements of the specified policy type.",
    )
  }
  const parsed = parsePolicy(json, { kind: "scp", file: "policy" })
  if (!parsed.document) {
    throw new ServiceError(
      "MalformedPolicyDocumentException",
      `The provided policy document does not meet the requirements of the specified policy type: ${parsed.diagnostics[0]?.path} ${parsed.diagnostics[0]?.message}`,
    )
  }
}

const notEnabled = (org: OrganizationState) => {
  if (!org.enabledPolicyTypes.includes("SERVICE_CONTROL_POLICY")) {
    throw new ServiceError(
      "PolicyTypeNotEnabledException",
      "This operation can be performed only for enabled policy types.",
    )
  }
}

const policyWire = (p: PolicyRecord) => ({ PolicySummary: policySummaryShape(p), Content: p.content })

export const policyOperations: ReadonlyArray<Operation> = [
  {
    name: "CreatePolicy",
    readOnly: false,
    handle: (input, context) => {
      const org = managementOnly(context)
      requireScpType(input)
      const name = requireString(input, "Name", "InvalidInputException")
      const content = requireString(input, "Content", "InvalidInputException")
      checkContent(org, content)
      if (Object.values(org.policies).some((p) => p.name === name))
        throw new ServiceError("DuplicatePolicyException", "A policy with the same name already exists.")
      const id = context.store.nextId("p-", 8)
      const policy: PolicyRecord = {
        id,
        arn: `arn:${context.partition}:organizations::${org.managementAccountId}:policy/${org.id}/service_control_policy/${id}`,
        name,
        description: typeof input.Description === "string" ? input.Description : "",
        type: "SERVICE_CONTROL_POLICY",
        awsManaged: false,
        content,
      }
      org.policies[id] = policy
      changed(context, org)
      return { Policy: policyWire(policy) }
    },
  },
  {
    name: "UpdatePolicy",
    readOnly: false,
    handle: (input, context) => {
      const org = managementOnly(context)
      const policy = policyOrThrow(org, requireString(input, "PolicyId", "InvalidInputException"))
      if (policy.awsManaged)
        throw new ServiceError("PolicyChangesInProgressException", "AWS managed policies cannot be changed.")
      if (typeof input.Content === "string") {
        checkContent(org, input.Content)
        policy.content = input.Content
      }
      if (typeof input.Name === "string") policy.name = input.Name
      if (typeof input.Description === "string") policy.description = input.Description
      changed(context, org)
      return { Policy: policyWire(policy) }
    },
  },
  {
    name: "DescribePolicy",
    readOnly: true,
    handle: (input, context) => ({
      Policy: policyWire(
        policyOrThrow(readerOnly(context), requireString(input, "PolicyId", "InvalidInputException")),
      ),
    }),
  },
  {
    name: "DeletePolicy",
    readOnly: false,
    handle: (input, context) => {
      const org = managementOnly(context)
      const policy = policyOrThrow(org, requireString(input, "PolicyId", "InvalidInputException"))
      if (policy.awsManaged)
        throw new ServiceError("AccessDeniedException", "You can't delete an AWS managed policy.")
      if (Object.values(org.attachments).some((ids) => ids.includes(policy.id))) {
        throw new ServiceError(
          "PolicyInUseException",
          "The policy is attached to one or more entities. You must detach it from all roots, OUs, and accounts before performing this operation.",
        )
      }
      delete org.policies[policy.id]
      changed(context, org)
      return {}
    },
  },
  {
    name: "ListPolicies",
    readOnly: true,
    handle: (input, context) => {
      const org = readerOnly(context)
      requireScpType(input)
      const page = paginate(
        Object.values(org.policies)
          .sort((a, b) => a.name.localeCompare(b.name))
          .map(policySummaryShape),
        input,
      )
      return { Policies: page.items, NextToken: page.nextToken }
    },
  },
  {
    name: "ListPoliciesForTarget",
    readOnly: true,
    handle: (input, context) => {
      const org = readerOnly(context)
      requireScpType(input)
      const targetId = requireString(input, "TargetId", "InvalidInputException")
      requireTarget(org, targetId)
      const policies = (org.attachments[targetId] ?? [])
        .map((id) => org.policies[id])
        .filter((p) => p !== undefined)
      const page = paginate(policies.map(policySummaryShape), input)
      return { Policies: page.items, NextToken: page.nextToken }
    },
  },
  {
    name: "ListTargetsForPolicy",
    readOnly: true,
    handle: (input, context) => {
      const org = readerOnly(context)
      const policy = policyOrThrow(org, requireString(input, "PolicyId", "InvalidInputException"))
      const targets = Object.entries(org.attachments)
        .filter(([, ids]) => ids.includes(policy.id))
        .map(([id]) => {
          const type = targetType(org, id)
          const arn = type === "ROOT" ? org.rootArn : (org.ous[id]?.arn ?? org.accounts[id]?.arn ?? "")
          const name = type === "ROOT" ? "Root" : (org.ous[id]?.name ?? org.accounts[id]?.name ?? "")
          return { TargetId: id, Arn: arn, Name: name, Type: type }
        })
        .filter((t) => t.Type !== undefined)
      const page = paginate(targets, input)
      return { Targets: page.items, NextToken: page.nextToken }
    },
  },
  {
    name: "AttachPolicy",
    readOnly: false,
    handle: (input, context) => {
      const org = managementOnly(context)
      notEnabled(org)
      const policy = policyOrThrow(org, requireString(input, "PolicyId", "InvalidInputException"))
      const targetId = requireString(input, "TargetId", "InvalidInputException")
      requireTarget(org, targetId)
      org.attachments[targetId] ??= []
      const attached = org.attachments[targetId]
      if (attached.includes(policy.id))
        throw new ServiceError(
          "DuplicatePolicyAttachmentException",
          "The selected policy is already attached to the specified target.",
        )
      if (attached.length >= org.quotas.scpsPerTarget) {
        throw new ServiceError(
          "ConstraintViolationException",
          "You have attached the maximum number of policies of this type to the specified target.",
          { fields: { Reason: "MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED" } },
        )
      }
      attached.push(policy.id)
      changed(context, org)
      return {}
    },
  },
  {
    name: "DetachPolicy",
    readOnly: false,
    handle: (input, context) => {
      const org = managementOnly(context)
      const policy = policyOrThrow(org, requireString(input, "PolicyId", "InvalidInputException"))
      const targetId = requireString(input, "TargetId", "InvalidInputException")
      requireTarget(org, targetId)
      const attached = org.attachments[targetId] ?? []
      if (!attached.includes(policy.id))
        throw new ServiceError(
          "PolicyNotAttachedException",
          "The policy isn't attached to the specified target in the specified root.",
        )
      if (attached.length === 1) {
        throw new ServiceError(
          "ConstraintViolationException",
          "You attempted to detach the last policy of this type from a target; every root, OU and account must have at least one.",
          { fields: { Reason: "MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED" } },
        )
      }
      org.attachments[targetId] = attached.filter((id) => id !== policy.id)
      changed(context, org)
      return {}
    },
  },
  {
    name: "EnablePolicyType",
    readOnly: false,
    handle: (input, context) => {
      const org = managementOnly(context)
      requireScpType({ Type: input.PolicyType })
      if (requireString(input, "RootId", "InvalidInputException") !== org.rootId)
        throw new ServiceError(
          "RootNotFoundException",
          "We can't find a root with the RootId that you specified.",
        )
      if (org.enabledPolicyTypes.includes("SERVICE_CONTROL_POLICY"))
        throw new ServiceError(
          "PolicyTypeAlreadyEnabledException",
          "The specified policy type is already enabled.",
        )
      org.enabledPolicyTypes.push("SERVICE_CONTROL_POLICY")
      for (const target of [org.rootId, ...Object.keys(org.ous), ...Object.keys(org.accounts)])
        if (!org.attachments[target]?.length) attachFullAwsAccess(org, target)
      changed(context, org)
      return {
        Root: {
          Id: org.rootId,
          Arn: org.rootArn,
          Name: "Root",
          PolicyTypes: [{ Type: "SERVICE_CONTROL_POLICY", Status: "ENABLED" }],
        },
      }
    },
  },
  {
    name: "DisablePolicyType",
    readOnly: false,
    handle: (input, context: CallContext) => {
      const org = managementOnly(context)
      requireScpType({ Type: input.PolicyType })
      notEnabled(org)
      org.enabledPolicyTypes = org.enabledPolicyTypes.filter((t) => t !== "SERVICE_CONTROL_POLICY")
      changed(context, org)
      return { Root: { Id: org.rootId, Arn: org.rootArn, Name: "Root", PolicyTypes: [] } }
    },
  },
]
