import { type Diagnostic, decodeWithDiagnostics, type YamlSource } from "@rampart/model"
import { Schema } from "effect"
import type { Hierarchy, NamedPolicy } from "../hierarchy.ts"
import { parsePolicy } from "../parse.ts"
import { currentQuotas } from "../quotas.ts"
import { minify } from "../size.ts"

const HierarchyFile = Schema.Struct({
  managementAccountId: Schema.optionalKey(
    Schema.String.check(Schema.isPattern(/^\d{12}$/u, { expected: "a 12-digit account id" })),
  ),
  levels: Schema.Array(
    Schema.Struct({
      id: Schema.String,
      policies: Schema.Array(Schema.Struct({ name: Schema.String, document: Schema.Unknown })),
    }),
  ),
})

export type ReadHierarchy =
  | { readonly ok: true; readonly hierarchy: Hierarchy }
  | { readonly ok: false; readonly diagnostics: ReadonlyArray<Diagnostic> }

/**
 * Reads the hierarchy format other tools drive Rampart with: `{"managementAccountId": "…", "levels": [{"id":
 * "r-root", "policies": [{"name": "FullAWSAccess", "document": {…}}]}, …]}`, root first and the account last.
 * Every policy is parsed as an SCP and must fit the character quota (Organizations would not have accepted it);
 * problems carry their path (`levels[1].policies[0].document.Statement[2]`).
 */
export const readHierarchy = (
  value: unknown,
  file: string,
  options: { readonly source?: Pick<YamlSource, "positionOf">; readonly maxCharacters?: number } = {},
): ReadHierarchy => {
  const { source, maxCharacters = currentQuotas.scpCharacters } = options
  const decoded = decodeWithDiagnostics(
    HierarchyFile,
    value,
    { file, ...(source ? { positionOf: source.positionOf } : {}) },
    "hierarchy",
  )
  if (!decoded.ok) return { ok: false, diagnostics: decoded.diagnostics }
  const problems: Diagnostic[] = []
  if (decoded.value.levels.length === 0) {
    problems.push({
      severity: "error",
      code: "hierarchy.no-levels",
      file,
      path: "levels",
      message: "the hierarchy has no levels",
      value: [],
      fix: 'list the levels from the root to the account: [{"id": "r-root", "policies": [...]}, ..., {"id": "111111111111", "policies": [...]}]',
    })
  }
  const levels = decoded.value.levels.map((level, l) => ({
    id: level.id,
    policies: level.policies.flatMap((policy, p): NamedPolicy[] => {
      const parsed = parsePolicy(policy.document, { kind: "scp", file })
      const prefix = `levels[${l}].policies[${p}].document`
      const characters = minify(policy.document).length
      if (characters > maxCharacters) {
        problems.push({
          severity: "error",
          code: "hierarchy.policy-too-large",
          file,
          path: prefix,
          message: `policy ${policy.name} is ${characters} characters even minified; Organizations accepts at most ${maxCharacters}, so it cannot be attached`,
          value: characters,
          fix: "split it into several policies (`rampart scp pack`) or shorten it",
        })
      }
      problems.push(
        ...parsed.diagnostics.map((d) => ({ ...d, path: d.path === "" ? prefix : `${prefix}.${d.path}` })),
      )
      return parsed.document ? [{ name: policy.name, document: parsed.document }] : []
    }),
  }))
  if (problems.length > 0) return { ok: false, diagnostics: problems }
  const management = decoded.value.managementAccountId
  return { ok: true, hierarchy: { levels, ...(management ? { managementAccountId: management } : {}) } }
}
