import type { Target } from "./target.ts"

/** A time-limited, owned exemption of one account or OU from one guardrail. */
export interface GuardrailException {
  readonly guardrail: string
  readonly target: Target
  /** Principal ARN patterns the exception exempts in the guardrail's SCPs; every principal of its accounts when empty. */
  readonly principals: ReadonlyArray<string>
  readonly owner: string
  readonly reason: string
  /** The last day the exception applies, YYYY-MM-DD in UTC. */
  readonly expires: string
}

/** True while the exception still applies on the given instant (through the end of its last day, UTC). */
export const isExceptionActive = (exception: GuardrailException, now: Date): boolean =>
  now.getTime() < Date.parse(`${exception.expires}T00:00:00Z`) + 24 * 3600 * 1000
