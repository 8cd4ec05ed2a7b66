import { type Diagnostic, formatPath, parseYamlText, suggestionFor } from "@rampart/model"
import { cloudFormationTags } from "./cloudformation-tags.ts"
import type { ManagedRule } from "./managed-rules/index.ts"

/** AWS Config's limit on a conformance pack template body. */
export const maxTemplateBytes = 51_200

/** A pack parameter as the template declares it; Config passes every value as a string. */
export interface PackParameter {
  readonly name: string
  readonly type: string
  readonly default?: string
  readonly description?: string
}

/** One `AWS::Config::ConfigRule` of a pack. */
export interface PackRule {
  readonly logicalId: string
  readonly configRuleName: string
  readonly sourceIdentifier: string
  /** Rule input parameters: literal strings, or `{ Ref: PackParameter }`. */
  readonly inputParameters: Readonly<Record<string, unknown>>
  readonly resourceTypes: ReadonlyArray<string>
}

/** One `AWS::Config::RemediationConfiguration` of a pack. */
export interface PackRemediation {
  readonly logicalId: string
  readonly configRuleName: string
  readonly targetId: string
  readonly automatic: boolean
}

/** A conformance pack template, read and checked. */
export interface ConformancePackTemplate {
  readonly body: string
  readonly bytes: number
  readonly parameters: ReadonlyArray<PackParameter>
  readonly rules: ReadonlyArray<PackRule>
  readonly remediations: ReadonlyArray<PackRemediation>
}

export type ReadTemplate =
  | {
      readonly ok: true
      readonly template: ConformancePackTemplate
      readonly warnings: ReadonlyArray<Diagnostic>
    }
  | { readonly ok: false; readonly diagnostics: ReadonlyArray<Diagnostic> }

const resourceTypes = ["AWS::Config::ConfigRule", "AWS::Config::RemediationConfiguration"]

/**
 * Reads a conformance pack template and checks what Config would reject or Rampart could not evaluate: rules
 * must be AWS managed rules from the catalog's list, their input parameters must exist, every `Ref` must name a
 * pack parameter, remediations must point at a rule of the pack, and the body must fit Config's size limit.
 */
export const readConformancePackTemplate = (
  body: string,
  file: string,
  rules: ReadonlyMap<string, ManagedRule>,
): ReadTemplate => {
  const parsed = parseYamlText(body, file, { customTags: cloudFormationTags })
  if (!parsed.ok) return { ok: false, diagnostics: parsed.errors }
  const source = parsed.source
  const problems: Diagnostic[] = []
  const warnings: Diagnostic[] = []
  const report = (
    list: Diagnostic[],
    path: ReadonlyArray<PropertyKey>,
    code: string,
    message: string,
    value: unknown,
    fix: string,
  ) => {
    const position = source.positionOf(path)
    list.push({
      severity: list === warnings ? "warning" : "error",
      code: `pack.${code}`,
      file,
      path: formatPath(path),
      message,
      fix,
      ...(value === undefined ? {} : { value }),
      ...(position ? { position } : {}),
    })
  }
  const error = (
    path: ReadonlyArray<PropertyKey>,
    code: string,
    message: string,
    value: unknown,
    fix: string,
  ) => report(problems, path, code, message, value, fix)

  const bytes = Buffer.byteLength(body, "utf8")
  if (bytes > maxTemplateBytes) {
    error(
      [],
      "too-large",
      `the template is ${bytes} bytes; Config accepts at most ${maxTemplateBytes}`,
      bytes,
      "split the pack in two",
    )
  }
  const root = record(source.value)
  if (!root) {
    error(
      [],
      "not-a-template",
      "a conformance pack template must be a YAML mapping",
      source.value,
      "start with Parameters: and Resources:",
    )
    return { ok: false, diagnostics: problems }
  }
  const parameters = readParameters(root.Parameters, error)
  const parameterNames = new Set(parameters.map((p) => p.name))
  const resources = record(root.Resources)
  if (!resources || Object.keys(resources).length === 0) {
    error(
      ["Resources"],
      "no-resources",
      "the template has no Resources",
      root.Resources,
      "add AWS::Config::ConfigRule resources",
    )
    return { ok: false, diagnostics: problems }
  }
  checkRefs(root.Resources, ["Resources"], parameterNames, error)

  const packRules: PackRule[] = []
  const remediations: PackRemediation[] = []
  for (const [logicalId, raw] of Object.entries(resources)) {
    const at = ["Resources", logicalId]
    const resource = record(raw)
    const type = resource?.Type
    if (typeof type !== "string" || !resourceTypes.includes(type)) {
      error(
        [...at, "Type"],
        "resource-type",
        "a conformance pack holds only Config rules and remediation configurations",
        type,
        suggestionFor(String(type), resourceTypes),
      )
      continue
    }
    const props = record(resource?.Properties) ?? {}
    if (type === "AWS::Config::ConfigRule") {
      const rule = readRule(logicalId, props, [...at, "Properties"], rules, error)
      if (rule) packRules.push(rule)
    } else {
      const targetId = props.TargetId
      const ruleName = props.ConfigRuleName
      if (typeof targetId !== "string")
        error(
          [...at, "Properties", "TargetId"],
          "remediation-target",
          "TargetId must name an SSM document",
          targetId,
          "use an AWS runbook name such as AWSConfigRemediation-EnableRDSInstanceBackup",
        )
      if (typeof ruleName !== "string")
        error(
          [...at, "Properties", "ConfigRuleName"],
          "remediation-rule",
          "ConfigRuleName must be the name of a rule in this pack",
          ruleName,
          "write the rule's ConfigRuleName as a string",
        )
      if (typeof targetId === "string" && typeof ruleName === "string") {
        remediations.push({
          logicalId,
          configRuleName: ruleName,
          targetId,
          automatic: props.Automatic === true,
        })
      }
    }
  }
  const ruleNames = new Set(packRules.map((r) => r.configRuleName))
  const seenNames = new Map<string, string>()
  for (const rule of packRules) {
    const other = seenNames.get(rule.configRuleName)
    if (other)
      error(
        ["Resources", rule.logicalId, "Properties", "ConfigRuleName"],
        "duplicate-rule-name",
        `ConfigRuleName "${rule.configRuleName}" is also used by ${other}`,
        rule.configRuleName,
        "give each rule its own name",
      )
    seenNames.set(rule.configRuleName, rule.logicalId)
  }
  for (const remediation of remediations) {
    if (!ruleNames.has(remediation.configRuleName)) {
      error(
        ["Resources", remediation.logicalId, "Properties", "ConfigRuleName"],
        "remediation-rule",
        `no rule of this pack is named "${remediation.configRuleName}"`,
        remediation.configRuleName,
        suggestionFor(remediation.configRuleName, [...ruleNames]),
      )
    }
  }
  for (const parameter of parameters) {
    if (parameter.default === undefined) {
      report(
        warnings,
        ["Parameters", parameter.name],
        "parameter-default",
        `parameter ${parameter.name} has no Default, so every deployment must give it`,
        undefined,
        "add a Default",
      )
    }
  }
  if (problems.length > 0) return { ok: false, diagnostics: problems }
  return { ok: true, warnings, template: { body, bytes, parameters, rules: packRules, remediations } }
}

type Report = (
  path: ReadonlyArray<PropertyKey>,
  code: string,
  message: string,
  value: unknown,
  fix: string,
) => void

const readParameters = (raw: unknown, error: Report): ReadonlyArray<PackParameter> => {
  if (raw === undefined) return []
  const map = record(raw)
  if (!map) {
    error(
      ["Parameters"],
      "parameters",
      "Parameters must be a mapping of names to declarations",
      raw,
      "write Parameters: { Name: { Type: String, Default: ... } }",
    )
    return []
  }
  const out: PackParameter[] = []
  for (const [name, declaration] of Object.entries(map)) {
    const decl = record(declaration)
    const type = decl?.Type
    if (typeof type !== "string" || !["String", "Number", "CommaDelimitedList"].includes(type)) {
      error(
        ["Parameters", name, "Type"],
        "parameter-type",
        "a pack parameter's Type must be String, Number or CommaDelimitedList",
        type,
        "use Type: String (Config passes every value as a string)",
      )
      continue
    }
    const fallback = decl?.Default
    out.push({
      name,
      type,
      ...(fallback === undefined ? {} : { default: String(fallback) }),
      ...(typeof decl?.Description === "string" ? { description: decl.Description } : {}),
    })
  }
  return out
}

const readRule = (
  logicalId: string,
  props: Record<string, unknown>,
  at: ReadonlyArray<PropertyKey>,
  rules: ReadonlyMap<string, ManagedRule>,
  error: Report,
): PackRule | undefined => {
  const name = props.ConfigRuleName
  if (typeof name !== "string" || !/^[A-Za-z0-9_-]{1,128}$/.test(name)) {
    error(
      [...at, "ConfigRuleName"],
      "rule-name",
      "ConfigRuleName must be 1-128 letters, digits, - or _",
      name,
      "name the rule, e.g. rampart-rds-storage-encrypted",
    )
    return undefined
  }
  const sourceBlock = record(props.Source)
  if (sourceBlock?.Owner !== "AWS") {
    error(
      [...at, "Source", "Owner"],
      "rule-owner",
      "Rampart evaluates only AWS managed rules",
      sourceBlock?.Owner,
      "set Source.Owner to AWS and use a managed rule identifier",
    )
    return undefined
  }
  const identifier = sourceBlock.SourceIdentifier
  const rule = typeof identifier === "string" ? rules.get(identifier) : undefined
  if (!rule) {
    error(
      [...at, "Source", "SourceIdentifier"],
      "unknown-rule",
      `"${String(identifier)}" is not in the catalog's list of managed rules`,
      identifier,
      suggestionFor(String(identifier), [...rules.keys()]),
    )
    return undefined
  }
  const inputs = props.InputParameters === undefined ? {} : record(props.InputParameters)
  if (!inputs) {
    error(
      [...at, "InputParameters"],
      "input-parameters",
      "InputParameters must be a mapping",
      props.InputParameters,
      "write InputParameters: { name: value }",
    )
    return undefined
  }
  const known = rule.parameters.map((p) => p.name)
  for (const key of Object.keys(inputs)) {
    if (!known.includes(key)) {
      error(
        [...at, "InputParameters", key],
        "unknown-rule-parameter",
        `${rule.identifier} has no parameter "${key}"`,
        key,
        known.length > 0
          ? suggestionFor(key, known)
          : `${rule.identifier} takes no parameters: remove InputParameters`,
      )
    }
  }
  const scope = record(props.Scope)
  const types = Array.isArray(scope?.ComplianceResourceTypes)
    ? scope.ComplianceResourceTypes.map(String)
    : rule.resourceTypes
  return {
    logicalId,
    configRuleName: name,
    sourceIdentifier: rule.identifier,
    inputParameters: inputs,
    resourceTypes: types,
  }
}

const checkRefs = (
  value: unknown,
  path: ReadonlyArray<PropertyKey>,
  parameters: ReadonlySet<string>,
  error: Report,
): void => {
  const map = record(value)
  if (map) {
    if (
      typeof map.Ref === "string" &&
      Object.keys(map).length === 1 &&
      !parameters.has(map.Ref) &&
      !map.Ref.startsWith("AWS::")
    ) {
      error(
        [...path, "Ref"],
        "unknown-ref",
        `Ref "${map.Ref}" names no pack parameter`,
        map.Ref,
        parameters.size > 0 ? suggestionFor(map.Ref, [...parameters]) : "declare it under Parameters",
      )
    }
    for (const [key, item] of Object.entries(map)) checkRefs(item, [...path, key], parameters, error)
  } else if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) checkRefs(item, [...path, i], parameters, error)
  }
}

const record = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined
