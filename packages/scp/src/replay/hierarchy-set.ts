import type { Diagnostic } from "@rampart/model"
import { readHierarchy } from "../evaluate/index.ts"
import type { Hierarchy } from "../hierarchy.ts"

/**
 * The SCPs that apply to each account: one hierarchy per account id, or one hierarchy for every account (the
 * account's own level is then the same policies for all).
 */
export interface HierarchySet {
  readonly hierarchies: Readonly<Record<string, Hierarchy>> | Hierarchy
}

const isHierarchy = (value: unknown): value is Hierarchy =>
  typeof value === "object" && value !== null && Array.isArray((value as { levels?: unknown }).levels)

/** The hierarchy that applies to an account, or undefined when the set has none for it. */
export const hierarchyFor = (set: HierarchySet, account: string): Hierarchy | undefined =>
  isHierarchy(set.hierarchies) ? set.hierarchies : set.hierarchies[account]

/** Every distinct hierarchy of the set. */
export const hierarchiesOf = (set: HierarchySet): ReadonlyArray<Hierarchy> =>
  isHierarchy(set.hierarchies) ? [set.hierarchies] : [...new Set(Object.values(set.hierarchies))]

export type ReadHierarchySet =
  | { readonly ok: true; readonly set: HierarchySet }
  | { readonly ok: false; readonly diagnostics: ReadonlyArray<Diagnostic> }

/**
 * Reads `{"hierarchies": {"111111111111": <hierarchy>, ...}}` or `{"hierarchies": <hierarchy>}`, each hierarchy in
 * the format `readHierarchy` reads; problems carry their path (`hierarchies["111111111111"].levels[0]`).
 */
export const readHierarchySet = (value: unknown, file: string): ReadHierarchySet => {
  const problem = (path: string, message: string, got: unknown, fix: string): ReadHierarchySet => ({
    ok: false,
    diagnostics: [{ severity: "error", code: "replay.hierarchies", file, path, message, value: got, fix }],
  })
  const example = '{"hierarchies": {"111111111111": {"levels": [...]}}} or {"hierarchies": {"levels": [...]}}'
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return problem("", "expected an object with a hierarchies member", value, `write ${example}`)
  }
  const extra = Object.keys(value).filter((key) => key !== "hierarchies")
  if (extra.length > 0) {
    return problem(extra[0] as string, `unknown member "${extra[0]}"`, extra[0], `write ${example}`)
  }
  const hierarchies = (value as { hierarchies?: unknown }).hierarchies
  if (typeof hierarchies !== "object" || hierarchies === null || Array.isArray(hierarchies)) {
    return problem("hierarchies", "hierarchies must be an object", hierarchies, `write ${example}`)
  }
  if ("levels" in hierarchies) {
    const read = readHierarchy(hierarchies, file)
    if (!read.ok) return { ok: false, diagnostics: prefixed(read.diagnostics, "hierarchies") }
    return { ok: true, set: { hierarchies: read.hierarchy } }
  }
  const byAccount: Record<string, Hierarchy> = {}
  const diagnostics: Diagnostic[] = []
  for (const [account, entry] of Object.entries(hierarchies)) {
    const path = `hierarchies[${JSON.stringify(account)}]`
    if (!/^\d{12}$/.test(account)) {
      diagnostics.push({
        severity: "error",
        code: "replay.hierarchies",
        file,
        path,
        message: "hierarchies are keyed by 12-digit account id",
        value: account,
        fix: 'write "111111111111": {"levels": [...]}',
      })
      continue
    }
    const read = readHierarchy(entry, file)
    if (read.ok) byAccount[account] = read.hierarchy
    else diagnostics.push(...prefixed(read.diagnostics, path))
  }
  return diagnostics.length > 0 ? { ok: false, diagnostics } : { ok: true, set: { hierarchies: byAccount } }
}

const prefixed = (diagnostics: ReadonlyArray<Diagnostic>, prefix: string): Diagnostic[] =>
  diagnostics.map((d) => ({ ...d, path: d.path === "" ? prefix : `${prefix}.${d.path}` }))
