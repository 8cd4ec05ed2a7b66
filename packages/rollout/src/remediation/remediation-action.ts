import type { AwsError, DBInstance, RdsWriter } from "@rampart/aws"
import type { Effect } from "effect"
import type { SqlClient } from "effect/sql/SqlClient"
import type { SqlError } from "effect/sql/SqlError"
import type { WaitSettings } from "./instance-waits.ts"
import type { StepRecord } from "./journaled-step.ts"
import type { RemediationFailure } from "./remediation-failure.ts"
import type { RemediationActionId, RemediationItem } from "./remediation-item.ts"
import type { RemediationPolicy } from "./remediation-policy.ts"
import type { Verification } from "./verification.ts"

/** What an action works with: its item, the remediation it belongs to, and RDS in the item's account and Region. */
export interface ActionContext {
  readonly remediationId: string
  readonly item: RemediationItem
  readonly policy: RemediationPolicy
  /** RDS through the remediation role of the item's account, in its Region. */
  readonly rds: RdsWriter
  readonly waits: WaitSettings
  /** Steps of this item an earlier run of the same remediation journaled (whatever their outcome). */
  readonly journaledSteps: ReadonlySet<string>
  /** Told of each step as it ends, for progress. */
  readonly onStep: (step: StepRecord) => void
}

/** What an action did to its item, verified. */
export interface ActionResult {
  /** `remediated`: this remediation changed something; `already-compliant`: the rule already held, nothing changed. */
  readonly outcome: "remediated" | "already-compliant"
  /** The rule re-evaluated on the resource as read after the action (the encrypted copy for encrypt-rds). */
  readonly verification: Verification
  readonly steps: ReadonlyArray<StepRecord>
  /** encrypt-rds: the encrypted instance that replaces the source. */
  readonly replacement?: string
  /** encrypt-rds: what a person does to switch to the replacement, and what to delete by hand afterwards. */
  readonly cutover?: ReadonlyArray<string>
}

/**
 * A remediation action: the managed rule whose NON_COMPLIANT findings it answers, which instances it cannot
 * change (and why), and how it changes one: journaled, repeatable, verified by re-evaluating the rule.
 */
export interface RemediationAction {
  readonly id: RemediationActionId
  /** The managed rule's source identifier (`RDS_STORAGE_ENCRYPTED`). */
  readonly answers: string
  readonly summary: string
  /** Why the action cannot run on this instance (an Aurora member, a read replica); undefined when it can. */
  readonly notSupported: (instance: DBInstance) => string | undefined
  readonly run: (
    context: ActionContext,
  ) => Effect.Effect<ActionResult, AwsError | RemediationFailure | SqlError, SqlClient>
}
