import { type ConditionOperator, parseConditionOperator } from "../condition-operator.ts"
import type { ConditionBlock } from "../policy.ts"
import { compileArnPattern } from "./arn.ts"
import { compileGlob } from "./glob.ts"
import { compileCidr } from "./ip-address.ts"
import { compileTemplate, hasPolicyVariable } from "./policy-variable.ts"
import { type PreparedRequest, unknownValue } from "./prepared-request.ts"
import { type RequestTest, sharedTest, type TestCache } from "./test-cache.ts"
import { False, True, type Truth, Unknown } from "./truth.ts"

/** A compiled condition block: all operators and all keys must hold. */
export interface CompiledCondition {
  readonly test: (request: PreparedRequest) => Truth
  /** Lower-case keys the block reads, for explaining Unknown decisions. */
  readonly keys: ReadonlyArray<string>
}

/** Does one request value match one of the policy values, by the operator's positive form? */
type ValueTest = (value: string) => boolean

const positiveTest = (operator: ConditionOperator, policyValues: ReadonlyArray<string>): ValueTest => {
  const base = operator.base
  switch (operator.family) {
    case "String": {
      if (base === "StringEqualsIgnoreCase" || base === "StringNotEqualsIgnoreCase") {
        const set = new Set(policyValues.map((v) => v.toLowerCase()))
        return (v) => set.has(v.toLowerCase())
      }
      if (base === "StringLike" || base === "StringNotLike") {
        const globs = policyValues.map((v) => compileGlob(v, false))
        return (v) => globs.some((g) => g(v))
      }
      const set = new Set(policyValues)
      return (v) => set.has(v)
    }
    case "Arn": {
      const [first, ...more] = policyValues.map(compileArnPattern)
      if (first !== undefined && more.length === 0) return first
      const globs = [first, ...more].filter((g) => g !== undefined)
      return (v) => {
        for (const glob of globs) if (glob(v)) return true
        return false
      }
    }
    case "Bool": {
      const set = new Set(policyValues.map((v) => v.toLowerCase()))
      return (v) => set.has(v.toLowerCase())
    }
    case "Binary": {
      const set = new Set(policyValues)
      return (v) => set.has(v)
    }
    case "IpAddress": {
      const blocks = policyValues.map(compileCidr).filter((b) => b !== undefined)
      return (v) => blocks.some((b) => b(v))
    }
    case "Numeric":
      return compare(policyValues.map(Number), base.replace("Numeric", ""), (v) =>
        /^\s*-?\d+(\.\d+)?\s*$/.test(v) ? Number(v) : Number.NaN,
      )
    case "Date":
      return compare(policyValues.map(parseDate), base.replace("Date", ""), parseDate)
    case "Null":
      return () => false
  }
}

const compare = (
  targets: ReadonlyArray<number>,
  relation: string,
  read: (v: string) => number,
): ValueTest => {
  const valid = targets.filter((t) => !Number.isNaN(t))
  const test: (a: number, b: number) => boolean =
    relation === "Equals" || relation === "NotEquals"
      ? (a, b) => a === b
      : relation === "LessThan"
        ? (a, b) => a < b
        : relation === "LessThanEquals"
          ? (a, b) => a <= b
          : relation === "GreaterThan"
            ? (a, b) => a > b
            : (a, b) => a >= b
  return (v) => {
    const value = read(v)
    return !Number.isNaN(value) && valid.some((t) => test(value, t))
  }
}

/** Dates are ISO 8601 text or seconds since the epoch. */
const parseDate = (text: string): number =>
  /^\d+(\.\d+)?$/.test(text) ? Number(text) * 1000 : Date.parse(text)

type KeyTest = RequestTest

const compileKey = (
  operator: ConditionOperator,
  key: string,
  policyValues: ReadonlyArray<string>,
  cache?: TestCache,
): KeyTest =>
  sharedTest(
    cache,
    JSON.stringify(["key", operator.text.toLowerCase(), key.toLowerCase(), policyValues]),
    () => compileKeyTest(operator, key, policyValues),
  )

const compileKeyTest = (
  operator: ConditionOperator,
  key: string,
  policyValues: ReadonlyArray<string>,
): KeyTest => {
  const lowerKey = key.toLowerCase()
  if (operator.family === "Null") {
    const wantsAbsent = policyValues.map((v) => v.toLowerCase() === "true")
    return (request) => {
      const values = request.lookup(lowerKey)
      if (values === unknownValue) return Unknown
      const absent = values === undefined || values.length === 0
      return wantsAbsent.some((want) => want === absent) ? True : False
    }
  }
  const dynamic = policyValues.some(hasPolicyVariable)
  const staticTest = dynamic ? undefined : positiveTest(operator, policyValues)
  const templates = dynamic ? policyValues.map(compileTemplate) : []
  const { negated, ifExists, set } = operator
  return (request) => {
    const values = request.lookup(lowerKey)
    if (values === unknownValue) return Unknown
    if (values === undefined || values.length === 0) {
      if (set === "ForAllValues") return True
      if (set === "ForAnyValue") return ifExists ? True : False
      if (ifExists) return True
      return negated ? True : False
    }
    let matches = staticTest
    if (matches === undefined) {
      const resolved: string[] = []
      for (const template of templates) {
        const value = template(request)
        if (value === unknownValue) return Unknown
        if (value !== undefined) resolved.push(value)
      }
      matches = positiveTest(operator, resolved)
    }
    if (set === "ForAllValues") {
      for (const v of values) if (matches(v) === negated) return False
      return True
    }
    if (set === "ForAnyValue") {
      for (const v of values) if (matches(v) !== negated) return True
      return False
    }
    let any = false
    for (const v of values) {
      if (matches(v)) {
        any = true
        break
      }
    }
    return any !== negated ? True : False
  }
}

/**
 * Compiles a Condition element. Operators and keys combine with AND; the values of one key with OR (NOR for
 * negated operators). A key absent from the request makes a plain operator false and a negated one true;
 * `…IfExists` is true when the key is absent; `ForAllValues` is true for an absent key, `ForAnyValue` false.
 */
export const compileCondition = (block: ConditionBlock, cache?: TestCache): CompiledCondition => {
  const tests: KeyTest[] = []
  const keys: string[] = []
  for (const [operatorText, entries] of Object.entries(block)) {
    const operator = parseConditionOperator(operatorText)
    if (!operator) throw new Error(`unparsed condition operator ${operatorText}`)
    for (const [key, values] of Object.entries(entries)) {
      tests.push(compileKey(operator, key, values, cache))
      keys.push(key.toLowerCase())
    }
  }
  return {
    keys,
    test: (request) => {
      let result: Truth = True
      for (const test of tests) {
        const truth = test(request)
        if (truth === False) return False
        if (truth === Unknown) result = Unknown
      }
      return result
    },
  }
}
