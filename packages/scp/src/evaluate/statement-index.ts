import type { PreparedRequest } from "./prepared-request.ts"
import type { CompiledStatement } from "./statement.ts"

/**
 * Statements indexed by what they can match, so a request only visits statements that name its action, its
 * service, or any service (NotAction and wildcard services).
 */
export interface StatementIndex {
  readonly exact: ReadonlyMap<string, ReadonlyArray<CompiledStatement>>
  readonly byService: ReadonlyMap<string, ReadonlyArray<CompiledStatement>>
  readonly anyService: ReadonlyArray<CompiledStatement>
  readonly size: number
}

const push = <K, V>(map: Map<K, V[]>, key: K, value: V) => {
  const list = map.get(key)
  if (list) list.push(value)
  else map.set(key, [value])
}

/** Builds the index of a set of statements. */
export const indexStatements = (statements: ReadonlyArray<CompiledStatement>): StatementIndex => {
  const exact = new Map<string, CompiledStatement[]>()
  const byService = new Map<string, CompiledStatement[]>()
  const anyService: CompiledStatement[] = []
  for (const statement of statements) {
    if (statement.notAction) {
      anyService.push(statement)
      continue
    }
    for (const action of statement.exactActions) push(exact, action, statement)
    const services = new Set<string | undefined>(statement.actionPatterns.map((p) => p.service))
    if (services.has(undefined)) anyService.push(statement)
    else for (const service of services) push(byService, service as string, statement)
  }
  return { exact, byService, anyService, size: statements.length }
}

/**
 * Calls `visit` once for each statement of the index that may match the request, in no particular order;
 * `stamp` must be unique per request (it marks statements already visited).
 */
export const forEachCandidate = (
  index: StatementIndex,
  request: PreparedRequest,
  stamp: number,
  visit: (statement: CompiledStatement) => boolean | undefined,
): void => {
  const lists = [index.exact.get(request.action), index.byService.get(request.service), index.anyService]
  for (const list of lists) {
    if (list === undefined) continue
    for (const statement of list) {
      if (statement.seen === stamp) continue
      statement.seen = stamp
      if (visit(statement) === true) return
    }
  }
}
