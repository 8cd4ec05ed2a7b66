import type { Hierarchy } from "../hierarchy.ts"
import type { Statement } from "../policy.ts"

/** What the policies of some hierarchies can look at in a request beyond its action and principal. */
export interface PolicyReach {
  /** Lower-case condition keys the policies test or use as `${…}` variables. */
  readonly keys: ReadonlySet<string>
  /** Whether any statement names resources other than `*`. */
  readonly resources: boolean
}

const variable = /\$\{([^}]*)\}/g

const variablesIn = (text: string, into: Set<string>): void => {
  for (const match of text.matchAll(variable)) {
    const inner = (match[1] ?? "").split(",")[0]?.trim().toLowerCase()
    if (inner && inner !== "*" && inner !== "?" && inner !== "$") into.add(inner)
  }
}

const reachStatement = (statement: Statement, keys: Set<string>): boolean => {
  for (const [, entries] of Object.entries(statement.condition ?? {})) {
    for (const [key, values] of Object.entries(entries)) {
      keys.add(key.toLowerCase())
      for (const value of values) variablesIn(value, keys)
    }
  }
  const resources = statement.resource ?? statement.notResource ?? ["*"]
  for (const resource of resources) variablesIn(resource, keys)
  return statement.notResource !== undefined || resources.some((r) => r !== "*")
}

/**
 * The condition keys and resources some hierarchies' policies depend on. Two requests that agree on these (and
 * on action, principal and account) get the same decisions, which is what lets replay evaluate each distinct
 * request once however many events repeat it.
 */
export const policyReach = (hierarchies: Iterable<Hierarchy>): PolicyReach => {
  const keys = new Set<string>()
  let resources = false
  for (const hierarchy of hierarchies) {
    for (const level of hierarchy.levels) {
      for (const policy of level.policies) {
        for (const statement of policy.document.statements) {
          if (reachStatement(statement, keys)) resources = true
        }
      }
    }
  }
  return { keys, resources }
}
