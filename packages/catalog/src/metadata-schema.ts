import { Schema } from "effect"

const ParameterValue = Schema.Union([
  Schema.String,
  Schema.Number,
  Schema.Boolean,
  Schema.Array(Schema.String),
])

const Parameter = Schema.Struct({
  name: Schema.String.check(
    Schema.isPattern(/^[A-Za-z][A-Za-z0-9]*$/, { expected: "a camelCase parameter name" }),
  ),
  type: Schema.Literals(["string", "string-list", "number", "boolean"]),
  description: Schema.String,
  default: Schema.optional(ParameterValue),
  allowed: Schema.optional(Schema.Array(Schema.String)),
  min: Schema.optional(Schema.Number),
  max: Schema.optional(Schema.Number),
})

const common = {
  id: Schema.String.check(Schema.isPattern(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, { expected: "a kebab-case id" })),
  title: Schema.String,
  description: Schema.String,
  rationale: Schema.Struct({
    summary: Schema.String,
    seeds: Schema.Array(
      Schema.String.check(Schema.isPattern(/^\d{3}$/, { expected: "a 3-digit seed number" })),
    ),
  }),
  protects: Schema.Array(Schema.String),
  exceptions: Schema.String,
  parameters: Schema.Array(Parameter),
}

/** The `<id>.guardrail.yaml` file beside each catalog entry. */
export const GuardrailFile = Schema.Union([
  Schema.Struct({ ...common, kind: Schema.Literal("scp"), document: Schema.String }),
  Schema.Struct({ ...common, kind: Schema.Literal("conformance-pack"), template: Schema.String }),
  Schema.Struct({ ...common, kind: Schema.Literal("backup-vault-lock") }),
  Schema.Struct({
    ...common,
    kind: Schema.Literal("role"),
    roleName: Schema.String,
    permissions: Schema.String,
    trust: Schema.String,
  }),
])
export type GuardrailFile = typeof GuardrailFile.Type
