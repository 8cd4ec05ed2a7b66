import type { ConfigurationItem, ParameterSpec, RuleEvaluation } from "@rampart/model"
import { Schema } from "effect"

/** What an evaluator sees: the resource, the rule's input parameters as Config passes them (strings), and the account+region's other recorded resources. */
export interface RuleInput {
  readonly item: ConfigurationItem
  readonly parameters: Readonly<Record<string, string>>
  readonly inventory: (resourceType: string) => ReadonlyArray<ConfigurationItem>
}

/** An offline model of one AWS Config managed rule: its documented contract plus a pure evaluator. */
export interface ManagedRule {
  /** The managed rule's source identifier, e.g. `RDS_STORAGE_ENCRYPTED`. */
  readonly identifier: string
  readonly description: string
  readonly trigger: "configuration-change" | "periodic"
  /** The resource types the rule evaluates; periodic account-level rules use `["AWS::::Account"]`. */
  readonly resourceTypes: ReadonlyArray<string>
  /** The rule's input parameters with their exact AWS names, types and documented defaults. */
  readonly parameters: ReadonlyArray<ParameterSpec>
  /**
   * Judges one resource. Pure: no I/O, no clock. Throws {@link RuleParameterError} when an input parameter
   * cannot be read, because AWS Config itself would not evaluate a rule configured that way.
   */
  readonly evaluate: (input: RuleInput) => RuleEvaluation
}

/** A managed rule's input parameter holds a value the rule cannot use; says which rule, which parameter, the value and what is accepted. */
export class RuleParameterError extends Schema.TaggedError<RuleParameterError>()("RuleParameterError", {
  rule: Schema.String,
  parameter: Schema.String,
  value: Schema.String,
  expected: Schema.String,
}) {
  override get message(): string {
    return `${this.rule}: input parameter ${this.parameter} is ${JSON.stringify(this.value)}, expected ${this.expected}; fix the rule's InputParameters`
  }
}
