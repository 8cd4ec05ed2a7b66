import type { Operation } from "../../operation.ts"
import { requireString, ServiceError } from "../../service-error.ts"
import { paginate } from "../pagination.ts"
import { evaluatedState } from "./evaluations.ts"
import { missingMember, objectMember, stringListMember, stringMember } from "./input.ts"
import {
  checkRuleDefinition,
  parseInputParameters,
  type RuleDefinition,
  ruleShape,
  scopeOf,
  storedRule,
} from "./rule-definition.ts"
import { type ConfigState, configState, type RuleRecord, recorderOf } from "./state.ts"

/** AWS's limit on Config rules per account and Region. */
export const maxRulesPerRegion = 1000

/** The error AWS answers for a rule name it does not know. */
export const noSuchRule = (name: string): ServiceError =>
  new ServiceError(
    "NoSuchConfigRuleException",
    `The ConfigRule '${name}' provided in the request is invalid. Please check the configRule name`,
  )

/** A rule of the caller's account and Region, or NoSuchConfigRuleException. */
export const ruleOrThrow = (state: ConfigState, name: string): RuleRecord => {
  const rule = state.rules[name]
  if (!rule) throw noSuchRule(name)
  return rule
}

/** Rules created by a service (conformance packs) belong to it: callers may not change or delete them. */
export const serviceOwned = (rule: RuleRecord): ServiceError =>
  new ServiceError(
    "AccessDeniedException",
    `An AWS service owns ServiceLinkedConfigRule ${rule.name} (${rule.createdBy ?? "config-conforms.amazonaws.com"}). You do not have permissions to take action on this rule.`,
  )

const definitionOf = (raw: Readonly<Record<string, unknown>>, name: string): RuleDefinition => {
  const source = objectMember(raw, "Source")
  if (!source) throw missingMember("Source")
  const owner = stringMember(source, "Owner")
  if (owner !== "AWS")
    throw new ServiceError(
      "InvalidParameterValueException",
      `The sandbox evaluates AWS managed rules only (Source.Owner AWS), not ${owner ?? "a rule without an owner"}.`,
    )
  const identifier = requireString(source, "SourceIdentifier", "InvalidParameterValueException")
  const description = stringMember(raw, "Description")
  const scope = scopeOf(objectMember(raw, "Scope"))
  const frequency = stringMember(raw, "MaximumExecutionFrequency")
  return {
    name,
    sourceIdentifier: identifier,
    parameters: parseInputParameters(stringMember(raw, "InputParameters"), name),
    ...(description === undefined ? {} : { description }),
    ...(scope === undefined ? {} : { scope }),
    ...(frequency === undefined ? {} : { maximumExecutionFrequency: frequency }),
  }
}

/** PutConfigRule, DescribeConfigRules, DeleteConfigRule, StartConfigRulesEvaluation. */
export const ruleOperations: ReadonlyArray<Operation> = [
  {
    name: "PutConfigRule",
    readOnly: false,
    handle: (input, context) => {
      const raw = objectMember(input, "ConfigRule")
      if (!raw) throw missingMember("ConfigRule")
      const state = configState(context.store, context.account, context.region)
      // An update may name the rule by ARN or id instead of by name.
      const arn = stringMember(raw, "ConfigRuleArn")
      const id = stringMember(raw, "ConfigRuleId")
      const named = stringMember(raw, "ConfigRuleName")
      const existing = Object.values(state.rules).find(
        (r) => r.name === named || (arn !== undefined && r.arn === arn) || (id !== undefined && r.id === id),
      )
      const name = named ?? existing?.name
      if (name === undefined) throw missingMember("ConfigRuleName")
      if (!/^[A-Za-z0-9_-]{1,128}$/.test(name))
        throw new ServiceError(
          "InvalidParameterValueException",
          `The ConfigRuleName ${name} is invalid: use 1 to 128 letters, digits, hyphens and underscores.`,
        )
      if (!recorderOf(state))
        throw new ServiceError(
          "NoAvailableConfigurationRecorderException",
          "There are no configuration recorders available to provide the role needed to describe your resources. Create a configuration recorder.",
        )
      if (existing?.createdBy !== undefined) throw serviceOwned(existing)
      if (!existing && Object.keys(state.rules).length >= maxRulesPerRegion)
        throw new ServiceError(
          "MaxNumberOfConfigRulesExceededException",
          `Failed to put rule ${name} because the maximum number of config rules: ${maxRulesPerRegion} is reached.`,
        )
      const definition = definitionOf(raw, name)
      checkRuleDefinition(definition)
      state.rules[name] = storedRule(
        context.store,
        {
          account: context.account,
          region: context.region,
          partition: context.partition,
          now: context.clock.now(),
        },
        definition,
        existing,
      )
      // Changed parameters or scope make the old results meaningless: Config evaluates the rule afresh.
      delete state.evaluations[name]
      context.store.touch(context.account)
      return {}
    },
  },
  {
    name: "DescribeConfigRules",
    readOnly: true,
    handle: (input, context) => {
      const state = configState(context.store, context.account, context.region)
      const names = stringListMember(input, "ConfigRuleNames")
      const rules =
        names && names.length > 0
          ? names.map((name) => ruleOrThrow(state, name))
          : Object.values(state.rules).sort((a, b) => a.name.localeCompare(b.name))
      // DescribeConfigRules takes no Limit: AWS answers pages of 25 rules.
      const page = paginate(
        rules.map(ruleShape),
        { NextToken: input.NextToken },
        { limit: 25, invalidTokenCode: "InvalidNextTokenException" },
      )
      return { ConfigRules: page.items, NextToken: page.nextToken }
    },
  },
  {
    name: "DeleteConfigRule",
    readOnly: false,
    handle: (input, context) => {
      const name = requireString(input, "ConfigRuleName")
      const state = configState(context.store, context.account, context.region)
      const rule = ruleOrThrow(state, name)
      if (rule.createdBy !== undefined) throw serviceOwned(rule)
      if (state.remediations[name])
        throw new ServiceError(
          "ResourceInUseException",
          `The rule ${name} currently has a RemediationConfiguration. Please delete the RemediationConfiguration and try again.`,
        )
      delete state.rules[name]
      delete state.evaluations[name]
      context.store.touch(context.account)
      return {}
    },
  },
  {
    name: "StartConfigRulesEvaluation",
    readOnly: false,
    handle: (input, context) => {
      const state = configState(context.store, context.account, context.region)
      const names = stringListMember(input, "ConfigRuleNames") ?? []
      if (names.length > 25)
        throw new ServiceError(
          "InvalidParameterValueException",
          "StartConfigRulesEvaluation accepts at most 25 rule names.",
        )
      for (const name of names) ruleOrThrow(state, name)
      const invoked = new Set(names.length > 0 ? names : Object.keys(state.rules))
      evaluatedState(context, invoked)
      return {}
    },
  },
]
