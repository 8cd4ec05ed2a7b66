import type { Operation } from "../../operation.ts"
import { requireString, ServiceError } from "../../service-error.ts"
import { objectListMember, stringListMember, stringMember } from "./input.ts"
import type { RemediationDefinition } from "./pack-template.ts"
import { remediationShape, storedRemediation } from "./remediation-record.ts"
import { configState, type RemediationParameter } from "./state.ts"

const invalid = (message: string): ServiceError => new ServiceError("InvalidParameterValueException", message)

/** Reads one `RemediationConfiguration` of a put, refusing what Config refuses. */
const definitionOf = (raw: Readonly<Record<string, unknown>>): RemediationDefinition => {
  const ruleName = requireString(raw, "ConfigRuleName")
  const targetType = requireString(raw, "TargetType")
  if (targetType !== "SSM_DOCUMENT") throw invalid(`TargetType ${targetType} is invalid; use SSM_DOCUMENT.`)
  const targetId = requireString(raw, "TargetId")
  const parameters: Record<string, RemediationParameter> = {}
  const given = raw.Parameters
  if (given !== undefined && (given === null || typeof given !== "object" || Array.isArray(given)))
    throw invalid("Parameters must be a map of parameter names to values.")
  for (const [name, value] of Object.entries((given ?? {}) as Record<string, unknown>)) {
    const spec = (value ?? {}) as Record<string, unknown>
    const resourceValue = spec.ResourceValue as Record<string, unknown> | undefined
    const staticValue = spec.StaticValue as Record<string, unknown> | undefined
    if (resourceValue && resourceValue.Value === "RESOURCE_ID")
      parameters[name] = { ResourceValue: { Value: "RESOURCE_ID" } }
    else if (staticValue && Array.isArray(staticValue.Values))
      parameters[name] = { StaticValue: { Values: staticValue.Values.map(String) } }
    else
      throw invalid(
        `Parameter ${name} needs a ResourceValue (Value RESOURCE_ID) or a StaticValue (Values) in the remediation of ${ruleName}.`,
      )
  }
  const automatic = raw.Automatic === true
  const attempts = raw.MaximumAutomaticAttempts
  const retry = raw.RetryAttemptSeconds
  if (attempts !== undefined && (typeof attempts !== "number" || attempts < 1 || attempts > 25))
    throw invalid("MaximumAutomaticAttempts must be from 1 to 25.")
  if (retry !== undefined && (typeof retry !== "number" || retry < 1 || retry > 2_678_000))
    throw invalid("RetryAttemptSeconds must be from 1 to 2678000.")
  const version = stringMember(raw, "TargetVersion")
  const resourceType = stringMember(raw, "ResourceType")
  const controls = raw.ExecutionControls
  return {
    configRuleName: ruleName,
    targetType,
    targetId,
    parameters,
    automatic,
    ...(version === undefined ? {} : { targetVersion: version }),
    ...(resourceType === undefined ? {} : { resourceType }),
    ...(controls !== null && typeof controls === "object" && !Array.isArray(controls)
      ? { executionControls: controls as Record<string, unknown> }
      : {}),
    ...(typeof attempts === "number" ? { maximumAutomaticAttempts: attempts } : {}),
    ...(typeof retry === "number" ? { retryAttemptSeconds: retry } : {}),
  }
}

/** PutRemediationConfigurations, DescribeRemediationConfigurations, DeleteRemediationConfiguration. */
export const remediationOperations: ReadonlyArray<Operation> = [
  {
    name: "PutRemediationConfigurations",
    readOnly: false,
    handle: (input, context) => {
      const given = objectListMember(input, "RemediationConfigurations") ?? []
      if (given.length === 0 || given.length > 25)
        throw invalid("Give from 1 to 25 RemediationConfigurations.")
      const definitions = given.map(definitionOf)
      const state = configState(context.store, context.account, context.region)
      // Config reports the items it could not store in FailedBatches rather than failing the whole call.
      const failed = new Map<string, Array<Readonly<Record<string, unknown>>>>()
      const fail = (message: string, item: Readonly<Record<string, unknown>>) => {
        const list = failed.get(message) ?? []
        list.push(item)
        failed.set(message, list)
      }
      for (const [index, definition] of definitions.entries()) {
        const raw = given[index] ?? {}
        const rule = state.rules[definition.configRuleName]
        if (!rule) {
          fail(`No such config rule: ${definition.configRuleName}.`, raw)
          continue
        }
        if (rule.pack !== undefined) {
          fail(
            `The rule ${rule.name} belongs to conformance pack ${rule.pack}: put its remediation in the pack template.`,
            raw,
          )
          continue
        }
        state.remediations[rule.name] = storedRemediation(
          context.store,
          { account: context.account, region: context.region, partition: context.partition },
          definition,
          state.remediations[rule.name],
        )
      }
      context.store.touch(context.account)
      return {
        FailedBatches: [...failed].map(([message, items]) => ({
          FailureMessage: message,
          FailedItems: items,
        })),
      }
    },
  },
  {
    name: "DescribeRemediationConfigurations",
    readOnly: true,
    handle: (input, context) => {
      const names = stringListMember(input, "ConfigRuleNames")
      if (!names) throw invalid("ConfigRuleNames is required.")
      if (names.length > 25) throw invalid("Give at most 25 ConfigRuleNames.")
      const state = configState(context.store, context.account, context.region)
      return {
        RemediationConfigurations: names.flatMap((name) => {
          const remediation = state.remediations[name]
          return remediation ? [remediationShape(remediation)] : []
        }),
      }
    },
  },
  {
    name: "DeleteRemediationConfiguration",
    readOnly: false,
    handle: (input, context) => {
      const name = requireString(input, "ConfigRuleName")
      const resourceType = stringMember(input, "ResourceType")
      const state = configState(context.store, context.account, context.region)
      const remediation = state.remediations[name]
      if (
        !remediation ||
        (resourceType !== undefined &&
          remediation.resourceType !== undefined &&
          remediation.resourceType !== resourceType)
      )
        throw new ServiceError(
          "NoSuchRemediationConfigurationException",
          `No RemediationConfiguration for rule exists: ${name}.`,
        )
      if (remediation.pack !== undefined)
        throw new ServiceError(
          "AccessDeniedException",
          `The remediation of ${name} belongs to conformance pack ${remediation.pack}: change the pack template instead.`,
        )
      delete state.remediations[name]
      context.store.touch(context.account)
      return {}
    },
  },
]
