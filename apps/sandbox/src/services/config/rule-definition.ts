import { type ManagedRule, managedRuleByIdentifier, RuleParameterError } from "@rampart/catalog"
import { ServiceError } from "../../service-error.ts"
import type { SandboxStore } from "../../state/store.ts"
import type { RuleRecord, RuleScope } from "./state.ts"

/** A managed rule as PutConfigRule or a conformance pack defines it, before it is stored. */
export interface RuleDefinition {
  readonly name: string
  readonly sourceIdentifier: string
  readonly description?: string
  readonly scope?: RuleScope
  readonly parameters: Readonly<Record<string, string>>
  readonly maximumExecutionFrequency?: string
}

/** The periods Config accepts for periodic rules. */
export const executionFrequencies = [
  "One_Hour",
  "Three_Hours",
  "Six_Hours",
  "Twelve_Hours",
  "TwentyFour_Hours",
]

const invalid = (message: string): ServiceError => new ServiceError("InvalidParameterValueException", message)

/** The managed rule behind a source identifier, or AWS's error for one it does not know. */
export const managedRuleOf = (identifier: string): ManagedRule => {
  const rule = managedRuleByIdentifier.get(identifier)
  if (!rule)
    throw invalid(
      `The sourceIdentifier ${identifier} is invalid. Please refer to the documentation for a list of valid sourceIdentifiers that can be used when AWS is the Owner.`,
    )
  return rule
}

/**
 * A rule's InputParameters JSON text as the strings Config passes to the rule. Config only accepts a JSON object;
 * values that are not strings are passed as their text.
 */
export const parseInputParameters = (text: string | undefined, ruleName: string): Record<string, string> => {
  if (text === undefined || text.trim() === "") return {}
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw invalid(`The input parameters of the rule ${ruleName} are not valid JSON.`)
  }
  if (value === null || typeof value !== "object" || Array.isArray(value))
    throw invalid(`The input parameters of the rule ${ruleName} must be a JSON object.`)
  return Object.fromEntries(
    Object.entries(value).map(([key, v]) => [key, typeof v === "string" ? v : JSON.stringify(v)]),
  )
}

/**
 * Why Config would refuse a rule definition, or undefined: unknown parameter names (AWS's wording), parameter
 * values the rule cannot read (found by letting the evaluator read them on an empty resource of each of its
 * types), and an execution frequency on a rule triggered by configuration changes.
 */
export const ruleProblem = (definition: RuleDefinition): string | undefined => {
  const rule = managedRuleByIdentifier.get(definition.sourceIdentifier)
  if (!rule) return `${definition.sourceIdentifier} is not a managed rule the sandbox can evaluate`
  const known = new Set(rule.parameters.map((p) => p.name))
  const unknown = Object.keys(definition.parameters).filter((key) => !known.has(key))
  if (unknown.length > 0)
    return `Unknown parameters provided in the input parameters for the rule ${definition.name}: ${unknown.join(", ")}.`
  const frequency = definition.maximumExecutionFrequency
  if (frequency !== undefined && !executionFrequencies.includes(frequency))
    return `The MaximumExecutionFrequency ${frequency} is invalid; use one of ${executionFrequencies.join(", ")}.`
  for (const resourceType of rule.resourceTypes) {
    try {
      rule.evaluate({
        item: {
          resourceType,
          resourceId: "probe",
          accountId: "000000000000",
          awsRegion: "",
          configuration: {},
        },
        parameters: definition.parameters,
        inventory: () => [],
      })
    } catch (error) {
      if (error instanceof RuleParameterError) return error.message
      // Any other failure on an empty resource says nothing about the parameters.
    }
  }
  return undefined
}

/** Checks a definition given to PutConfigRule; throws InvalidParameterValueException as Config does. */
export const checkRuleDefinition = (definition: RuleDefinition): void => {
  const rule = managedRuleOf(definition.sourceIdentifier)
  if (definition.maximumExecutionFrequency !== undefined && rule.trigger === "configuration-change")
    throw invalid(
      `A maximum execution frequency is not allowed for the rule ${definition.name}: ${rule.identifier} is triggered by configuration changes.`,
    )
  const problem = ruleProblem(definition)
  if (problem !== undefined) throw invalid(problem)
}

/** Stores a definition as a rule, keeping the identity (ARN, id, creation time) of the rule it replaces. */
export const storedRule = (
  store: SandboxStore,
  where: {
    readonly account: string
    readonly region: string
    readonly partition: string
    readonly now: number
  },
  definition: RuleDefinition,
  previous: RuleRecord | undefined,
  owner?: { readonly createdBy: string; readonly pack: string },
): RuleRecord => {
  const id = previous?.id ?? store.nextId("config-rule-", 6)
  return {
    name: definition.name,
    id,
    arn: previous?.arn ?? `arn:${where.partition}:config:${where.region}:${where.account}:config-rule/${id}`,
    sourceIdentifier: definition.sourceIdentifier,
    parameters: { ...definition.parameters },
    createdAt: previous?.createdAt ?? where.now,
    ...(definition.description === undefined ? {} : { description: definition.description }),
    ...(definition.scope === undefined ? {} : { scope: definition.scope }),
    ...(definition.maximumExecutionFrequency === undefined
      ? {}
      : { maximumExecutionFrequency: definition.maximumExecutionFrequency }),
    ...(owner === undefined ? {} : { createdBy: owner.createdBy, pack: owner.pack }),
  }
}

/** How DescribeConfigRules shows a rule. */
export const ruleShape = (rule: RuleRecord) => ({
  ConfigRuleName: rule.name,
  ConfigRuleArn: rule.arn,
  ConfigRuleId: rule.id,
  ...(rule.description === undefined ? {} : { Description: rule.description }),
  ...(rule.scope === undefined
    ? {}
    : {
        Scope: {
          ...(rule.scope.complianceResourceTypes === undefined
            ? {}
            : { ComplianceResourceTypes: rule.scope.complianceResourceTypes }),
          ...(rule.scope.tagKey === undefined ? {} : { TagKey: rule.scope.tagKey }),
          ...(rule.scope.tagValue === undefined ? {} : { TagValue: rule.scope.tagValue }),
          ...(rule.scope.complianceResourceId === undefined
            ? {}
            : { ComplianceResourceId: rule.scope.complianceResourceId }),
        },
      }),
  Source: { Owner: "AWS", SourceIdentifier: rule.sourceIdentifier },
  InputParameters: JSON.stringify(rule.parameters),
  ...(rule.maximumExecutionFrequency === undefined
    ? {}
    : { MaximumExecutionFrequency: rule.maximumExecutionFrequency }),
  ConfigRuleState: "ACTIVE",
  ...(rule.createdBy === undefined ? {} : { CreatedBy: rule.createdBy }),
  EvaluationModes: [{ Mode: "DETECTIVE" }],
})

/** Reads Config's `Scope` structure. */
export const scopeOf = (raw: Readonly<Record<string, unknown>> | undefined): RuleScope | undefined => {
  if (raw === undefined) return undefined
  const types = raw.ComplianceResourceTypes
  const text = (value: unknown): string | undefined =>
    typeof value === "string" && value !== "" ? value : undefined
  const scope: RuleScope = {
    ...(Array.isArray(types) ? { complianceResourceTypes: types.map(String) } : {}),
    ...(text(raw.TagKey) === undefined ? {} : { tagKey: text(raw.TagKey) as string }),
    ...(text(raw.TagValue) === undefined ? {} : { tagValue: text(raw.TagValue) as string }),
    ...(text(raw.ComplianceResourceId) === undefined
      ? {}
      : { complianceResourceId: text(raw.ComplianceResourceId) as string }),
  }
  return Object.keys(scope).length === 0 ? undefined : scope
}
