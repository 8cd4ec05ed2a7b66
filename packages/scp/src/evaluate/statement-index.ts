import type { PreparedRequest } from "./prepared-request.ts"
import type { CompiledStatement } from "./statement.ts"

/**
 * Statements indexed by action. Whether a statement's Action or NotAction matches depends on the action alone,
 * so the statements that match an action are worked out the first time the action is seen and remembered; a
 * request then visits only statements that name its action, and only checks their resources and conditions.
 */
export interface StatementIndex {
  readonly statements: ReadonlyArray<CompiledStatement>
  /** The statements matching the request's action, in statement order. */
  readonly forAction: (request: PreparedRequest) => ReadonlyArray<CompiledStatement>
  /** The same statements grouped by their shared guard (resource and condition), so each guard is tested once. */
  readonly groupsForAction: (request: PreparedRequest) => ReadonlyArray<GuardGroup>
}

/** Statements that apply or not together, because they share a resource and condition. */
export interface GuardGroup {
  readonly guard: CompiledStatement["guard"]
  readonly statements: ReadonlyArray<CompiledStatement>
  readonly origins: ReadonlyArray<CompiledStatement["origin"]>
}

interface ActionEntry {
  readonly statements: ReadonlyArray<CompiledStatement>
  readonly groups: ReadonlyArray<GuardGroup>
}

/** How many distinct actions an index remembers before it starts over (IAM has about 17,000 actions). */
const cacheLimit = 50_000

/** Builds the index of a set of statements. */
export const indexStatements = (statements: ReadonlyArray<CompiledStatement>): StatementIndex => {
  const byService = new Map<string, CompiledStatement[]>()
  const anyService: CompiledStatement[] = []
  for (const statement of statements) {
    const services = new Set(statement.exactActions.map((a) => a.slice(0, a.indexOf(":"))))
    for (const pattern of statement.actionPatterns) services.add(pattern.service ?? "*")
    if (statement.notAction || services.has("*")) anyService.push(statement)
    else
      for (const service of services) {
        const list = byService.get(service)
        if (list) list.push(statement)
        else byService.set(service, [statement])
      }
  }
  const order = new Map(statements.map((s, i) => [s, i]))
  const cache = new Map<string, ActionEntry>()
  const entryFor = (request: PreparedRequest): ActionEntry => {
    const known = cache.get(request.action)
    if (known !== undefined) return known
    const candidates = [...new Set([...(byService.get(request.service) ?? []), ...anyService])]
    const matching = candidates
      .filter((s) => s.matchesAction(request))
      .sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0))
    const byGuard = new Map<CompiledStatement["guard"], CompiledStatement[]>()
    for (const statement of matching) {
      const group = byGuard.get(statement.guard)
      if (group) group.push(statement)
      else byGuard.set(statement.guard, [statement])
    }
    const groups = [...byGuard].map(([guard, members]) => ({
      guard,
      statements: members,
      origins: members.map((m) => m.origin),
    }))
    if (cache.size >= cacheLimit) cache.clear()
    const entry = { statements: matching, groups }
    cache.set(request.action, entry)
    return entry
  }
  return {
    statements,
    forAction: (request) => entryFor(request).statements,
    groupsForAction: (request) => entryFor(request).groups,
  }
}
