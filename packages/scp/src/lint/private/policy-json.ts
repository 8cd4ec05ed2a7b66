import type { PolicyDocument, PrincipalBlock, Statement } from "../../policy.ts"

type Json = string | ReadonlyArray<string> | { readonly [key: string]: Json }

/** One value as written compactly: a one-element list becomes its element, as AWS accepts either. */
const compact = (values: ReadonlyArray<string>): Json => (values.length === 1 ? (values[0] ?? "") : values)

const principal = (block: PrincipalBlock): Json =>
  block === "*" ? "*" : Object.fromEntries(Object.entries(block).map(([type, ids]) => [type, compact(ids)]))

const statementJson = (s: Statement): Record<string, Json> => ({
  ...(s.sid === undefined ? {} : { Sid: s.sid }),
  Effect: s.effect,
  ...(s.principal ? { Principal: principal(s.principal) } : {}),
  ...(s.notPrincipal ? { NotPrincipal: principal(s.notPrincipal) } : {}),
  ...(s.action ? { Action: compact(s.action) } : {}),
  ...(s.notAction ? { NotAction: compact(s.notAction) } : {}),
  ...(s.resource ? { Resource: compact(s.resource) } : {}),
  ...(s.notResource ? { NotResource: compact(s.notResource) } : {}),
  ...(s.condition
    ? {
        Condition: Object.fromEntries(
          Object.entries(s.condition).map(([operator, keys]) => [
            operator,
            Object.fromEntries(Object.entries(keys).map(([key, values]) => [key, compact(values)])),
          ]),
        ),
      }
    : {}),
})

/**
 * The policy language form of a parsed document, for documents built in memory that have no text: the shortest
 * faithful JSON (condition values stay strings, which AWS accepts for numbers and booleans too).
 */
export const policyJson = (document: PolicyDocument): Record<string, Json | ReadonlyArray<Json>> => ({
  ...(document.version === undefined ? {} : { Version: document.version }),
  ...(document.id === undefined ? {} : { Id: document.id }),
  Statement: document.statements.map(statementJson),
})
