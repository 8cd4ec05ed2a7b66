import { Data } from "effect"
import type { Verification } from "./verification.ts"

/** An action could not finish: what went wrong, and the rule's verdict when the failure is a failed verification. */
export class RemediationFailure extends Data.TaggedError("RemediationFailure")<{
  readonly message: string
  readonly verification?: Verification
}> {}
