/** The kinds of guardrail Rampart deploys. */
export type GuardrailKind = "scp" | "conformance-pack" | "backup-vault-lock" | "role"

export const guardrailKinds: ReadonlyArray<GuardrailKind> = [
  "scp",
  "conformance-pack",
  "backup-vault-lock",
  "role",
]

/** The value types a guardrail parameter can take. */
export type ParameterType = "string" | "string-list" | "number" | "boolean"

/** A value given to a guardrail parameter. */
export type ParameterValue = string | number | boolean | ReadonlyArray<string>

/** One parameter a guardrail accepts, with its type and default. */
export interface ParameterSpec {
  readonly name: string
  readonly type: ParameterType
  readonly description: string
  readonly default?: ParameterValue
  /** For strings: the only values accepted. */
  readonly allowed?: ReadonlyArray<string>
  readonly min?: number
  readonly max?: number
}

/** Why a guardrail exists, tied back to the source material it answers. */
export interface Rationale {
  readonly summary: string
  /** Seed document numbers (`"002"`) whose concern this guardrail answers. */
  readonly seeds: ReadonlyArray<string>
}

/** What every catalog entry says about itself. */
export interface GuardrailMetadata {
  readonly id: string
  readonly kind: GuardrailKind
  readonly title: string
  readonly description: string
  readonly rationale: Rationale
  /** The resources or controls the guardrail keeps safe, in plain words. */
  readonly protects: ReadonlyArray<string>
  /** How a team gets an exception and what the guardrail does for it. */
  readonly exceptions: string
  readonly parameters: ReadonlyArray<ParameterSpec>
}
