import { guardrailOfPack } from "@rampart/catalog"
import {
  type Finding,
  formatTarget,
  type GuardrailException,
  isExceptionActive,
  ouPathContains,
} from "@rampart/model"

/** Whether an exception's target (an account, or an OU subtree) holds the finding's account. */
const covers = (exception: GuardrailException, finding: Finding): boolean =>
  exception.target.kind === "account"
    ? exception.target.accountId === finding.accountId
    : ouPathContains(exception.target.path, finding.ouPath ?? "")

/**
 * Marks each finding with the exception that covers it, as `guardrail:target`: an exception in force `now` from
 * the finding's guardrail (the pack it came from) for its account or an OU above it. The finding stays as it is
 * otherwise: an excepted resource is still reported, only known to be accepted for now.
 */
export const withExceptions =
  (exceptions: ReadonlyArray<GuardrailException>, now: Date) =>
  (finding: Finding): Finding => {
    const guardrail = finding.guardrail === undefined ? undefined : guardrailOfPack(finding.guardrail)
    if (guardrail === undefined || finding.kind !== "evaluation") return finding
    const exception = exceptions.find(
      (e) => e.guardrail === guardrail && covers(e, finding) && isExceptionActive(e, now),
    )
    return exception === undefined
      ? finding
      : { ...finding, exception: `${exception.guardrail}:${formatTarget(exception.target)}` }
  }
