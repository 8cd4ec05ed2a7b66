/** The base condition operators of the IAM policy language, by family. */
export const conditionOperatorFamilies = {
  String: [
    "StringEquals",
    "StringNotEquals",
    "StringEqualsIgnoreCase",
    "StringNotEqualsIgnoreCase",
    "StringLike",
    "StringNotLike",
  ],
  Numeric: [
    "NumericEquals",
    "NumericNotEquals",
    "NumericLessThan",
    "NumericLessThanEquals",
    "NumericGreaterThan",
    "NumericGreaterThanEquals",
  ],
  Date: [
    "DateEquals",
    "DateNotEquals",
    "DateLessThan",
    "DateLessThanEquals",
    "DateGreaterThan",
    "DateGreaterThanEquals",
  ],
  Bool: ["Bool"],
  Binary: ["BinaryEquals"],
  IpAddress: ["IpAddress", "NotIpAddress"],
  Arn: ["ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike"],
  Null: ["Null"],
} as const

export type ConditionFamily = keyof typeof conditionOperatorFamilies

/** A condition operator split into its parts: `ForAllValues:StringLikeIfExists` -> set, base, ifExists. */
export interface ConditionOperator {
  readonly text: string
  readonly set?: "ForAnyValue" | "ForAllValues"
  readonly base: string
  readonly family: ConditionFamily
  readonly ifExists: boolean
  /** Negated operators (`StringNotLike`, `NotIpAddress`, ...) match when the key is absent. */
  readonly negated: boolean
}

const familyOf = new Map<string, ConditionFamily>(
  Object.entries(conditionOperatorFamilies).flatMap(([family, ops]) =>
    ops.map((op) => [op.toLowerCase(), family as ConditionFamily] as const),
  ),
)
const canonical = new Map<string, string>(
  Object.values(conditionOperatorFamilies).flatMap((ops) => ops.map((op) => [op.toLowerCase(), op] as const)),
)

/** Every operator name the language accepts without qualifiers, for suggestions. */
export const baseOperatorNames: ReadonlyArray<string> = [...canonical.values()]

/**
 * Reads an operator name. AWS matches operator names case-insensitively; `IfExists` is not allowed on `Null`.
 * Returns undefined for an operator the language does not have.
 */
export const parseConditionOperator = (text: string): ConditionOperator | undefined => {
  let rest = text
  let set: ConditionOperator["set"]
  const colon = rest.indexOf(":")
  if (colon >= 0) {
    const prefix = rest.slice(0, colon).toLowerCase()
    if (prefix === "foranyvalue") set = "ForAnyValue"
    else if (prefix === "forallvalues") set = "ForAllValues"
    else return undefined
    rest = rest.slice(colon + 1)
  }
  let ifExists = false
  if (rest.toLowerCase().endsWith("ifexists")) {
    ifExists = true
    rest = rest.slice(0, -"ifexists".length)
  }
  const base = canonical.get(rest.toLowerCase())
  const family = familyOf.get(rest.toLowerCase())
  if (base === undefined || family === undefined) return undefined
  if (family === "Null" && (ifExists || set !== undefined)) return undefined
  const negated = /Not/.test(base)
  return { text, base, family, ifExists, negated, ...(set ? { set } : {}) }
}
