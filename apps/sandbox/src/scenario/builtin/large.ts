import type { OuNode, Scenario } from "../scenario.ts"
import { smallScenario } from "./small.ts"

const small = smallScenario()

/** Accounts of the small scenario, which the large one contains unchanged. */
const smallAccountCount = (() => {
  const count = (nodes: ReadonlyArray<OuNode>): number =>
    nodes.reduce((sum, node) => sum + (node.accounts?.length ?? 0) + count(node.children ?? []), 0)
  return 1 + (small.organization.accounts?.length ?? 0) + count(small.organization.tree ?? [])
})()

/** How many accounts `large` may have, and how it spreads them. */
export const largeScenarioLimits = {
  defaultAccounts: 1_000,
  /** The large scenario contains the small one. */
  minimumAccounts: smallAccountCount,
  maximumAccounts: 10_000,
  /** Accounts per generated leaf OU (each unit has a Dev and a Prod OU). */
  accountsPerOu: 250,
} as const

/** Generated accounts are numbered from here: 500000000001, 500000000002, ... */
const firstGeneratedId = 500_000_000_000

/**
 * A large organization for benchmarks: the small scenario (so examples/rampart.yaml's targets, keys and activity
 * all work) plus generated accounts in top-level unit OUs, each with a Dev and a Prod OU of at most 250 accounts
 * (`/Unit01/Dev`, `/Unit01/Prod`, `/Unit02/Dev`, ...), two levels deep. Ids and names are deterministic:
 * `large:N` is the same organization every time.
 */
export const largeScenario = (options: { readonly accounts?: number } = {}): Scenario => {
  const total = options.accounts ?? largeScenarioLimits.defaultAccounts
  const { minimumAccounts, maximumAccounts, accountsPerOu } = largeScenarioLimits
  if (!Number.isInteger(total) || total < minimumAccounts || total > maximumAccounts)
    throw new RangeError(
      `the large scenario takes ${minimumAccounts} to ${maximumAccounts} accounts, not ${total}`,
    )
  const generated = total - minimumAccounts
  const units = Math.ceil(generated / (2 * accountsPerOu))
  const width = Math.max(2, String(units).length)
  const tree: OuNode[] = [...(small.organization.tree ?? [])]
  let next = 1
  for (let u = 1; u <= units; u++) {
    const unit = `Unit${String(u).padStart(width, "0")}`
    const children: OuNode[] = []
    for (const environment of ["Dev", "Prod"]) {
      const count = Math.min(accountsPerOu, generated - (next - 1))
      if (count <= 0) break
      const accounts = Array.from({ length: count }, (_, k) => ({
        id: String(firstGeneratedId + next + k),
        name: `${unit} ${environment} ${String(k + 1).padStart(3, "0")}`,
      }))
      next += count
      children.push({ ou: environment, accounts })
    }
    tree.push({ ou: unit, children })
  }
  return {
    ...small,
    name: total === largeScenarioLimits.defaultAccounts ? "large" : `large:${total}`,
    description: `${total} accounts: the small organization plus ${units} unit OUs with Dev and Prod children, for benchmarks.`,
    organization: { ...small.organization, tree },
  }
}
