import { isExceptionActive, isOuPath, suggestionFor } from "@rampart/model"
import type { ConfigCheck } from "./check.ts"

/** Exceptions name a configured guardrail, exactly one account or OU, an owner, a reason and a future expiry. */
export const exceptionsCheck: ConfigCheck = {
  name: "exceptions",
  run: ({ config, now, error, warn }) => {
    const configured = config.guardrails.map((g) => g.id)
    config.exceptions?.forEach((exception, i) => {
      const at = ["exceptions", i]
      if (!configured.includes(exception.guardrail)) {
        error(
          [...at, "guardrail"],
          "config.exception-guardrail",
          `${exception.guardrail} is not one of the configured guardrails`,
          exception.guardrail,
          suggestionFor(exception.guardrail, configured),
        )
      }
      if ((exception.account === undefined) === (exception.ou === undefined)) {
        error(
          at,
          "config.exception-target",
          "an exception names exactly one of account or ou",
          { account: exception.account, ou: exception.ou },
          "keep either account: '123456789012' or ou: /Path",
        )
      }
      if (exception.ou !== undefined && !isOuPath(exception.ou)) {
        error(
          [...at, "ou"],
          "config.exception-target",
          "ou must be an OU path",
          exception.ou,
          "write the path of OU names from the root, e.g. /Workloads/Legacy",
        )
      }
      if (exception.owner.trim() === "") {
        error(
          [...at, "owner"],
          "config.exception-owner",
          "an exception needs an owner",
          exception.owner,
          "name the team or person accountable, e.g. data-platform@example.com",
        )
      }
      if (exception.reason.trim().length < 10) {
        error(
          [...at, "reason"],
          "config.exception-reason",
          "an exception needs a reason someone can review",
          exception.reason,
          "say why the guardrail cannot apply yet and what will end the exception",
        )
      }
      const expiry = Date.parse(`${exception.expires}T00:00:00Z`)
      if (Number.isNaN(expiry) || new Date(expiry).toISOString().slice(0, 10) !== exception.expires) {
        error(
          [...at, "expires"],
          "config.exception-expiry",
          "expires is not a calendar date",
          exception.expires,
          "write a real date as YYYY-MM-DD",
        )
        return
      }
      const target =
        exception.account !== undefined
          ? { kind: "account" as const, accountId: exception.account }
          : { kind: "ou" as const, path: exception.ou ?? "/" }
      const resolved = {
        guardrail: exception.guardrail,
        target,
        principals: [],
        owner: exception.owner,
        reason: exception.reason,
        expires: exception.expires,
      }
      if (!isExceptionActive(resolved, now)) {
        error(
          [...at, "expires"],
          "config.exception-expired",
          `the exception expired on ${exception.expires}`,
          exception.expires,
          "remove it, or agree a new expiry with its owner and update the date",
        )
      } else if (expiry - now.getTime() > 366 * 86_400_000) {
        warn(
          [...at, "expires"],
          "config.exception-long",
          "the exception lasts more than a year",
          exception.expires,
          "review exceptions at least yearly; pick a nearer date",
        )
      }
    })
  },
}
