import { type ConditionOperator, parseConditionOperator } from "../../condition-operator.ts"
import type { Statement } from "../../policy.ts"

/** One key tested by one operator of a statement's Condition, with the path parts to report it at. */
export interface ConditionTest {
  readonly operatorText: string
  readonly operator: ConditionOperator
  readonly key: string
  readonly values: ReadonlyArray<string>
}

/** Every (operator, key) pair of a statement's Condition whose operator the language knows. */
export const conditionTests = (statement: Statement): ReadonlyArray<ConditionTest> =>
  Object.entries(statement.condition ?? {}).flatMap(([operatorText, keys]) => {
    const operator = parseConditionOperator(operatorText)
    if (operator === undefined) return []
    return Object.entries(keys).map(([key, values]) => ({ operatorText, operator, key, values }))
  })

/**
 * What a test evaluates to when its key is absent from the request: `Null` says so directly, `...IfExists`,
 * negated operators and `ForAllValues` are true, everything else is false.
 */
export const whenAbsent = (test: Pick<ConditionTest, "operator" | "values">): boolean => {
  const { operator } = test
  if (operator.family === "Null") return test.values.some((v) => v.toLowerCase() === "true")
  if (operator.set === "ForAllValues") return true
  if (operator.set === "ForAnyValue") return false
  return operator.ifExists || operator.negated
}

/** Whether a value uses a policy variable such as `${aws:username}`, which is only known at request time. */
export const usesPolicyVariable = (value: string): boolean => value.includes("${")
