/** The effect of a statement. */
export type Effect = "Allow" | "Deny"

/** Which grammar a document follows: SCPs forbid Principal, trust policies require it. */
export type PolicyKind = "scp" | "identity" | "trust"

/** A condition block: operator -> key -> values (OR within a key, AND across keys and operators). */
export type ConditionBlock = Readonly<Record<string, Readonly<Record<string, ReadonlyArray<string>>>>>

/** `Principal` as written: `"*"` or a map of principal type to identifiers. */
export type PrincipalBlock = "*" | Readonly<Record<string, ReadonlyArray<string>>>

/** One statement, normalised: single values become one-element lists, JSON scalars in conditions become strings. */
export interface Statement {
  /** Position of the statement in the document, from 0. */
  readonly index: number
  readonly sid?: string
  readonly effect: Effect
  readonly action?: ReadonlyArray<string>
  readonly notAction?: ReadonlyArray<string>
  readonly resource?: ReadonlyArray<string>
  readonly notResource?: ReadonlyArray<string>
  readonly principal?: PrincipalBlock
  readonly notPrincipal?: PrincipalBlock
  readonly condition?: ConditionBlock
}

/** A parsed policy document. */
export interface PolicyDocument {
  readonly version?: string
  readonly id?: string
  readonly statements: ReadonlyArray<Statement>
}
