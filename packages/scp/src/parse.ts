import { type Diagnostic, formatPath, parseJsonText, suggestionFor } from "@rampart/model"
import { baseOperatorNames, parseConditionOperator } from "./condition-operator.ts"
import type {
  ConditionBlock,
  Effect,
  PolicyDocument,
  PolicyKind,
  PrincipalBlock,
  Statement,
} from "./policy.ts"

/** What parsing produced: a document when there were no errors, and every problem found. */
export interface ParsedPolicy {
  readonly document?: PolicyDocument
  readonly diagnostics: ReadonlyArray<Diagnostic>
}

export interface ParseOptions {
  readonly kind: PolicyKind
  /** The file name used in diagnostics. */
  readonly file: string
}

const statementKeys = [
  "Sid",
  "Effect",
  "Action",
  "NotAction",
  "Resource",
  "NotResource",
  "Principal",
  "NotPrincipal",
  "Condition",
]
const documentKeys = ["Version", "Id", "Statement"]
const versions = ["2012-10-17", "2008-10-17"]

/** Parses policy JSON text; syntax errors carry the line and column. */
export const parsePolicyText = (text: string, options: ParseOptions): ParsedPolicy => {
  const json = parseJsonText(text, options.file)
  if (!json.ok) return { diagnostics: [json.error] }
  return parsePolicy(json.value, options)
}

/**
 * Checks a decoded policy against the grammar of its kind and normalises it. SCPs and identity policies must not
 * name a Principal; trust policies must. Element names are case-sensitive, as in IAM.
 */
export const parsePolicy = (value: unknown, options: ParseOptions): ParsedPolicy => {
  const diagnostics: Diagnostic[] = []
  const fail = (path: ReadonlyArray<PropertyKey>, code: string, message: string, got: unknown, fix: string) =>
    diagnostics.push({
      severity: "error",
      code: `policy.${code}`,
      file: options.file,
      path: formatPath(path),
      message,
      fix,
      ...(got === undefined ? {} : { value: got }),
    })

  if (!isRecord(value)) {
    fail(
      [],
      "not-an-object",
      "a policy document must be a JSON object",
      value,
      'write { "Version": "2012-10-17", "Statement": [...] }',
    )
    return { diagnostics }
  }
  for (const key of Object.keys(value)) {
    if (!documentKeys.includes(key)) {
      fail([key], "unknown-element", `unknown policy element "${key}"`, key, suggestionFor(key, documentKeys))
    }
  }
  const version = value.Version
  if (version !== undefined && (typeof version !== "string" || !versions.includes(version))) {
    fail(["Version"], "version", "Version must be 2012-10-17", version, 'set "Version": "2012-10-17"')
  }
  if (version === undefined && options.kind === "scp") {
    fail(
      ["Version"],
      "version",
      "Version is missing",
      undefined,
      'add "Version": "2012-10-17" (without it, policy variables are not evaluated)',
    )
  }
  const id = value.Id
  if (id !== undefined && typeof id !== "string")
    fail(["Id"], "id", "Id must be a string", id, "use a string or drop Id")

  const raw = value.Statement
  const list = Array.isArray(raw) ? raw : raw === undefined ? undefined : [raw]
  if (list === undefined || list.length === 0) {
    fail(["Statement"], "no-statement", "the policy has no Statement", raw, "add at least one statement")
    return { diagnostics }
  }
  const statements: Statement[] = []
  const sids = new Map<string, number>()
  list.forEach((entry: unknown, index: number) => {
    const at = Array.isArray(raw) ? ["Statement", index] : ["Statement"]
    const statement = parseStatement(entry, index, at, options.kind, fail)
    if (statement === undefined) return
    if (statement.sid !== undefined) {
      const first = sids.get(statement.sid)
      if (first !== undefined) {
        fail(
          [...at, "Sid"],
          "duplicate-sid",
          `Sid "${statement.sid}" is already used by statement ${first}`,
          statement.sid,
          "give each statement its own Sid",
        )
      } else sids.set(statement.sid, index)
    }
    statements.push(statement)
  })
  if (diagnostics.length > 0) return { diagnostics }
  return {
    diagnostics,
    document: {
      statements,
      ...(typeof version === "string" ? { version } : {}),
      ...(typeof id === "string" ? { id } : {}),
    },
  }
}

type Fail = (
  path: ReadonlyArray<PropertyKey>,
  code: string,
  message: string,
  got: unknown,
  fix: string,
) => void

const parseStatement = (
  entry: unknown,
  index: number,
  at: ReadonlyArray<PropertyKey>,
  kind: PolicyKind,
  fail: Fail,
): Statement | undefined => {
  if (!isRecord(entry)) {
    fail(
      at,
      "statement-not-object",
      "a statement must be a JSON object",
      entry,
      "write the statement as { ... }",
    )
    return undefined
  }
  for (const key of Object.keys(entry)) {
    if (!statementKeys.includes(key)) {
      fail(
        [...at, key],
        "unknown-element",
        `unknown statement element "${key}"`,
        key,
        suggestionFor(key, statementKeys),
      )
    }
  }
  const sid = entry.Sid
  if (sid !== undefined && (typeof sid !== "string" || !/^[A-Za-z0-9]*$/.test(sid))) {
    fail(
      [...at, "Sid"],
      "sid",
      "Sid must contain only letters and digits",
      sid,
      "rename the Sid, e.g. DenyUnencryptedRds",
    )
  }
  const effect = entry.Effect
  if (effect !== "Allow" && effect !== "Deny") {
    fail(
      [...at, "Effect"],
      "effect",
      "Effect must be Allow or Deny",
      effect,
      'use "Allow" or "Deny" (case-sensitive)',
    )
  }
  const action = stringList(entry, "Action", at, fail)
  const notAction = stringList(entry, "NotAction", at, fail)
  exactlyOne(entry, "Action", "NotAction", at, fail, true)
  for (const [name, list] of [
    ["Action", action],
    ["NotAction", notAction],
  ] as const) {
    list?.forEach((a, i) => {
      if (a !== "*" && !/^[A-Za-z0-9*?-]+:[A-Za-z0-9*?]*$/.test(a)) {
        fail(
          [...at, name, i],
          "action-format",
          `"${a}" is not an action`,
          a,
          'write actions as service:Action, e.g. "rds:CreateDBInstance" or "rds:*"',
        )
      }
    })
  }
  const resource = stringList(entry, "Resource", at, fail)
  const notResource = stringList(entry, "NotResource", at, fail)
  exactlyOne(entry, "Resource", "NotResource", at, fail, kind !== "trust")

  let principal: PrincipalBlock | undefined
  let notPrincipal: PrincipalBlock | undefined
  if (kind === "trust") {
    principal = principalBlock(entry, "Principal", at, fail)
    notPrincipal = principalBlock(entry, "NotPrincipal", at, fail)
    exactlyOne(entry, "Principal", "NotPrincipal", at, fail, true)
  } else {
    for (const name of ["Principal", "NotPrincipal"]) {
      if (entry[name] !== undefined) {
        const fix =
          kind === "scp"
            ? 'SCPs cannot name principals: use a Condition on "aws:PrincipalArn" instead'
            : "identity policies apply to the identity they are attached to: remove the element"
        fail(
          [...at, name],
          "principal-not-allowed",
          `${name} is not allowed in ${kind === "scp" ? "an SCP" : "an identity policy"}`,
          entry[name],
          fix,
        )
      }
    }
  }
  const condition = conditionBlock(entry.Condition, [...at, "Condition"], fail)

  if (effect !== "Allow" && effect !== "Deny") return undefined
  return {
    index,
    effect: effect as Effect,
    ...(typeof sid === "string" ? { sid } : {}),
    ...(action ? { action } : {}),
    ...(notAction ? { notAction } : {}),
    ...(resource ? { resource } : {}),
    ...(notResource ? { notResource } : {}),
    ...(principal ? { principal } : {}),
    ...(notPrincipal ? { notPrincipal } : {}),
    ...(condition ? { condition } : {}),
  }
}

const exactlyOne = (
  entry: Record<string, unknown>,
  a: string,
  b: string,
  at: ReadonlyArray<PropertyKey>,
  fail: Fail,
  required: boolean,
) => {
  const hasA = entry[a] !== undefined
  const hasB = entry[b] !== undefined
  if (hasA && hasB)
    fail(
      [...at, b],
      "both-elements",
      `a statement has either ${a} or ${b}, not both`,
      undefined,
      `remove ${b} or ${a}`,
    )
  else if (required && !hasA && !hasB)
    fail(at, "missing-element", `the statement has neither ${a} nor ${b}`, undefined, `add "${a}"`)
}

const stringList = (
  entry: Record<string, unknown>,
  name: string,
  at: ReadonlyArray<PropertyKey>,
  fail: Fail,
): ReadonlyArray<string> | undefined => {
  const value = entry[name]
  if (value === undefined) return undefined
  if (typeof value === "string") return [value]
  if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === "string"))
    return value as string[]
  fail(
    [...at, name],
    "string-list",
    `${name} must be a string or a non-empty list of strings`,
    value,
    `write "${name}": "..." or "${name}": ["...", "..."]`,
  )
  return undefined
}

const principalBlock = (
  entry: Record<string, unknown>,
  name: string,
  at: ReadonlyArray<PropertyKey>,
  fail: Fail,
): PrincipalBlock | undefined => {
  const value = entry[name]
  if (value === undefined) return undefined
  if (value === "*") return "*"
  if (!isRecord(value)) {
    fail(
      [...at, name],
      "principal",
      `${name} must be "*" or a map such as {"AWS": "arn:..."}`,
      value,
      'use {"AWS": [...]}, {"Service": [...]} or {"Federated": ...}',
    )
    return undefined
  }
  const out: Record<string, ReadonlyArray<string>> = {}
  for (const [type, ids] of Object.entries(value)) {
    if (!["AWS", "Service", "Federated", "CanonicalUser"].includes(type)) {
      fail(
        [...at, name, type],
        "principal-type",
        `unknown principal type "${type}"`,
        type,
        suggestionFor(type, ["AWS", "Service", "Federated", "CanonicalUser"]),
      )
      continue
    }
    if (typeof ids === "string") out[type] = [ids]
    else if (Array.isArray(ids) && ids.every((v) => typeof v === "string")) out[type] = ids as string[]
    else
      fail(
        [...at, name, type],
        "principal",
        "principal identifiers must be strings",
        ids,
        "list ARNs, account ids or service names as strings",
      )
  }
  return out
}

const conditionBlock = (
  value: unknown,
  at: ReadonlyArray<PropertyKey>,
  fail: Fail,
): ConditionBlock | undefined => {
  if (value === undefined) return undefined
  if (!isRecord(value)) {
    fail(
      at,
      "condition",
      "Condition must be an object of operators",
      value,
      'write {"StringEquals": {"aws:RequestedRegion": "eu-west-1"}}',
    )
    return undefined
  }
  const out: Record<string, Record<string, ReadonlyArray<string>>> = {}
  for (const [operatorText, keys] of Object.entries(value)) {
    const operator = parseConditionOperator(operatorText)
    if (operator === undefined) {
      fail(
        [...at, operatorText],
        "condition-operator",
        `unknown condition operator "${operatorText}"`,
        operatorText,
        suggestionFor(
          operatorText.replace(/^For(Any|All)Values?:/i, "").replace(/IfExists$/i, ""),
          baseOperatorNames,
        ),
      )
      continue
    }
    if (!isRecord(keys)) {
      fail(
        [...at, operatorText],
        "condition-keys",
        `the ${operatorText} block must map condition keys to values`,
        keys,
        'write {"aws:PrincipalArn": ["arn:..."]}',
      )
      continue
    }
    const entries: Record<string, ReadonlyArray<string>> = {}
    for (const [key, raw] of Object.entries(keys)) {
      const values = Array.isArray(raw) ? raw : [raw]
      if (values.length === 0 || !values.every((v) => ["string", "number", "boolean"].includes(typeof v))) {
        fail(
          [...at, operatorText, key],
          "condition-values",
          "condition values must be strings, numbers or booleans",
          raw,
          "give one value or a non-empty list of values",
        )
        continue
      }
      entries[key] = values.map((v) => String(v))
    }
    out[operatorText] = entries
  }
  return out
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value)
