import {
  type ConformancePackTemplate,
  cloudFormationTags,
  managedRuleByIdentifier,
  readConformancePackTemplate,
} from "@rampart/catalog"
import { parseYamlText } from "@rampart/model"
import { ServiceError } from "../../service-error.ts"
import type { RuleDefinition } from "./rule-definition.ts"
import { scopeOf } from "./rule-definition.ts"
import type { RemediationParameter } from "./state.ts"

/** A remediation as a pack template defines it, with its values resolved. */
export interface RemediationDefinition {
  readonly configRuleName: string
  readonly targetType: string
  readonly targetId: string
  readonly targetVersion?: string
  readonly parameters: Record<string, RemediationParameter>
  readonly resourceType?: string
  readonly automatic: boolean
  readonly executionControls?: Readonly<Record<string, unknown>>
  readonly maximumAutomaticAttempts?: number
  readonly retryAttemptSeconds?: number
}

/** A template read and checked, before it is resolved for one account. */
export interface CheckedTemplate {
  readonly template: ConformancePackTemplate
  /** The template's Resources as written (the catalog's reading keeps only what it checks). */
  readonly resources: Readonly<Record<string, unknown>>
  /** Every parameter's value: the input's, else the template's Default. */
  readonly values: Readonly<Record<string, string>>
}

/** The rules and remediations a pack creates in one account and Region. */
export interface ResolvedPack {
  readonly rules: ReadonlyArray<RuleDefinition>
  readonly remediations: ReadonlyArray<RemediationDefinition>
}

const record = (value: unknown): Readonly<Record<string, unknown>> | undefined =>
  value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Readonly<Record<string, unknown>>)
    : undefined

/** The error AWS gives for a template it refuses, listing what is wrong. */
const templateError = (code: string, errors: ReadonlyArray<string>): ServiceError =>
  new ServiceError(
    code,
    `Invalid conformance pack template provided. Errors found: [${errors.join(", ")}]. Fix your template and try again.`,
  )

/**
 * Reads a pack template with the catalog's reader (only catalog managed rules, known rule parameters, Refs to
 * declared parameters, at most 51,200 bytes) and settles the parameter values: the input's override the
 * template's Defaults; an undeclared input or a parameter left without a value is an error. Throws
 * ConformancePackTemplateValidationException (or `code`) as Config does.
 */
export const checkTemplate = (
  body: string,
  inputs: ReadonlyArray<{ readonly ParameterName: string; readonly ParameterValue: string }>,
  code = "ConformancePackTemplateValidationException",
): CheckedTemplate => {
  const read = readConformancePackTemplate(body, "template", managedRuleByIdentifier)
  if (!read.ok)
    throw templateError(
      code,
      read.diagnostics.map((d) => (d.path === "" ? d.message : `${d.path}: ${d.message}`)),
    )
  const declared = new Map(read.template.parameters.map((p) => [p.name, p]))
  const values: Record<string, string> = {}
  for (const parameter of read.template.parameters)
    if (parameter.default !== undefined) values[parameter.name] = parameter.default
  const problems: string[] = []
  for (const input of inputs) {
    if (!declared.has(input.ParameterName))
      problems.push(`Parameter ${input.ParameterName} does not exist in the template`)
    else values[input.ParameterName] = input.ParameterValue
  }
  for (const name of declared.keys())
    if (values[name] === undefined) problems.push(`Parameter ${name} must have a value`)
  if (problems.length > 0) throw templateError(code, problems)
  // The catalog's reader accepted the text, so it parses.
  const parsed = parseYamlText(body, "template", { customTags: cloudFormationTags })
  const resources = parsed.ok ? (record(record(parsed.source.value)?.Resources) ?? {}) : {}
  return { template: read.template, resources, values }
}

/** The values a template may refer to in one account and Region. */
export interface TemplateContext {
  readonly account: string
  readonly region: string
  readonly partition: string
  readonly stackName: string
}

const noValue = Symbol("AWS::NoValue")

/** Resolves `Ref`, `Fn::Sub` and `Fn::Join`; other intrinsic functions are refused. */
const resolver = (values: Readonly<Record<string, string>>, where: TemplateContext, code: string) => {
  const pseudo: Readonly<Record<string, string>> = {
    "AWS::AccountId": where.account,
    "AWS::Region": where.region,
    "AWS::Partition": where.partition,
    "AWS::URLSuffix": "amazonaws.com",
    "AWS::StackName": where.stackName,
  }
  const ref = (name: string): string | typeof noValue => {
    if (name === "AWS::NoValue") return noValue
    const value = values[name] ?? pseudo[name]
    if (value === undefined) throw templateError(code, [`Ref ${name} names no parameter`])
    return value
  }
  const sub = (text: string, extra: Readonly<Record<string, unknown>>): string =>
    text.replace(/\$\{([^}!]+)\}/g, (_, name: string) => {
      const given = extra[name]
      if (given !== undefined) return String(resolve(given))
      const value = ref(name)
      return value === noValue ? "" : value
    })
  const resolve = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(resolve).filter((v) => v !== noValue)
    const map = record(value)
    if (!map) return value
    const keys = Object.keys(map)
    const only = keys.length === 1 ? keys[0] : undefined
    if (only === "Ref" && typeof map.Ref === "string") return ref(map.Ref)
    if (only === "Fn::Sub") {
      const arg = map["Fn::Sub"]
      if (typeof arg === "string") return sub(arg, {})
      if (Array.isArray(arg) && typeof arg[0] === "string") return sub(arg[0], record(arg[1]) ?? {})
      throw templateError(code, ["Fn::Sub takes a string or [string, variables]"])
    }
    if (only === "Fn::Join") {
      const arg = map["Fn::Join"]
      const parts = Array.isArray(arg) ? resolve(arg[1]) : undefined
      if (!Array.isArray(arg) || typeof arg[0] !== "string" || !Array.isArray(parts))
        throw templateError(code, ["Fn::Join takes [delimiter, list]"])
      return parts.map(String).join(arg[0])
    }
    if (only?.startsWith("Fn::"))
      throw templateError(code, [`${only} is not supported in a conformance pack by the sandbox`])
    return Object.fromEntries(
      Object.entries(map)
        .map(([key, item]) => [key, resolve(item)] as const)
        .filter(([, item]) => item !== noValue),
    )
  }
  return resolve
}

const text = (value: unknown): string | undefined =>
  typeof value === "string" && value !== "" ? value : typeof value === "number" ? String(value) : undefined

const wholeNumber = (value: unknown): number | undefined => {
  const number = typeof value === "string" ? Number(value) : value
  return typeof number === "number" && Number.isInteger(number) ? number : undefined
}

const remediationParameters = (raw: unknown): Record<string, RemediationParameter> => {
  const parameters: Record<string, RemediationParameter> = {}
  for (const [name, spec] of Object.entries(record(raw) ?? {})) {
    const fields = record(spec)
    const resourceValue = record(fields?.ResourceValue)
    const staticValue = record(fields?.StaticValue)
    if (resourceValue && typeof resourceValue.Value === "string")
      parameters[name] = { ResourceValue: { Value: resourceValue.Value } }
    else if (staticValue && Array.isArray(staticValue.Values))
      parameters[name] = { StaticValue: { Values: staticValue.Values.map(String) } }
  }
  return parameters
}

/** The rules and remediations a checked template creates in one account and Region, every value resolved. */
export const resolvePack = (
  checked: CheckedTemplate,
  where: TemplateContext,
  code = "ConformancePackTemplateValidationException",
): ResolvedPack => {
  const resolve = resolver(checked.values, where, code)
  const propertiesOf = (logicalId: string): Readonly<Record<string, unknown>> =>
    record(resolve(record(record(checked.resources[logicalId])?.Properties) ?? {})) ?? {}
  const rules = checked.template.rules.map((rule): RuleDefinition => {
    const props = propertiesOf(rule.logicalId)
    const inputs = record(props.InputParameters) ?? {}
    const description = text(props.Description)
    const scope = scopeOf(record(props.Scope))
    const frequency = text(props.MaximumExecutionFrequency)
    return {
      name: rule.configRuleName,
      sourceIdentifier: rule.sourceIdentifier,
      // Config passes every input as text; a list parameter arrives comma-separated.
      parameters: Object.fromEntries(
        Object.entries(inputs).map(([key, value]) => [
          key,
          Array.isArray(value) ? value.map(String).join(",") : String(value),
        ]),
      ),
      ...(description === undefined ? {} : { description }),
      ...(scope === undefined ? {} : { scope }),
      ...(frequency === undefined ? {} : { maximumExecutionFrequency: frequency }),
    }
  })
  const remediations = checked.template.remediations.map((remediation): RemediationDefinition => {
    const props = propertiesOf(remediation.logicalId)
    const version = text(props.TargetVersion)
    const resourceType = text(props.ResourceType)
    const controls = record(props.ExecutionControls)
    const attempts = wholeNumber(props.MaximumAutomaticAttempts)
    const retry = wholeNumber(props.RetryAttemptSeconds)
    return {
      configRuleName: remediation.configRuleName,
      targetType: text(props.TargetType) ?? "SSM_DOCUMENT",
      targetId: remediation.targetId,
      parameters: remediationParameters(props.Parameters),
      automatic: props.Automatic === true || props.Automatic === "true",
      ...(version === undefined ? {} : { targetVersion: version }),
      ...(resourceType === undefined ? {} : { resourceType }),
      ...(controls === undefined ? {} : { executionControls: controls }),
      ...(attempts === undefined ? {} : { maximumAutomaticAttempts: attempts }),
      ...(retry === undefined ? {} : { retryAttemptSeconds: retry }),
    }
  })
  return { rules, remediations }
}
