import type { ParameterValue } from "@rampart/model"
import type { RenderContext } from "./context.ts"
import type { Guardrail } from "./guardrail.ts"
import { parameterValues } from "./parameters.ts"
import { renderPlaceholders } from "./placeholder.ts"

/** A guardrail with every placeholder filled in for one organization. */
export type RenderedGuardrail =
  | { readonly kind: "scp"; readonly id: string; readonly document: unknown }
  | {
      readonly kind: "role"
      readonly id: string
      readonly roleName: string
      readonly permissions: unknown
      readonly trust: unknown
    }
  | {
      readonly kind: "conformance-pack"
      readonly id: string
      readonly templateBody: string
      readonly parameters: Readonly<Record<string, string>>
    }
  | {
      readonly kind: "backup-vault-lock"
      readonly id: string
      readonly settings: Readonly<Record<string, ParameterValue>>
    }

/**
 * Fills a guardrail's documents with the given parameters (defaults for the rest) and the organization's context.
 * Throws RenderError when a placeholder has no value; `checkParameters` and the catalog load rule that out.
 */
export const renderGuardrail = (
  guardrail: Guardrail,
  given: Readonly<Record<string, ParameterValue>>,
  context: RenderContext,
): RenderedGuardrail => {
  const values = parameterValues(guardrail.parameters, given, context)
  const lookup = (name: string): ParameterValue | undefined =>
    values[name] ?? (context as Readonly<Record<string, string>>)[name]
  switch (guardrail.kind) {
    case "scp":
      return { kind: "scp", id: guardrail.id, document: renderPlaceholders(guardrail.document, lookup) }
    case "role":
      return {
        kind: "role",
        id: guardrail.id,
        roleName: String(renderPlaceholders(guardrail.roleName, lookup)),
        permissions: renderPlaceholders(guardrail.permissions, lookup),
        trust: renderPlaceholders(guardrail.trust, lookup),
      }
    case "conformance-pack":
      return {
        kind: "conformance-pack",
        id: guardrail.id,
        templateBody: guardrail.template.body,
        parameters: Object.fromEntries(
          Object.entries(values).map(([k, v]) => [k, Array.isArray(v) ? v.join(",") : String(v)]),
        ),
      }
    case "backup-vault-lock":
      return { kind: "backup-vault-lock", id: guardrail.id, settings: values }
  }
}
