import { formatTarget, isAccountId, ouPathSegments, parseTarget, suggestionFor } from "@rampart/model"
import { before2026Quotas, currentQuotas, splitArn } from "@rampart/scp"
import type { ConfigCheck } from "./check.ts"

/** `*`, or an ARN whose six parts are there (wildcards allowed in each): what aws:PrincipalArn can match. */
const isPrincipalPattern = (text: string): boolean => {
  if (text === "*") return true
  if (/\s/.test(text)) return false
  const parts = splitArn(text)
  return parts !== undefined && parts[0] === "arn" && parts[1] !== "" && parts[5] !== ""
}

/** `*`, or `service:Action` with IAM's wildcards, such as rds:CreateDBInstance or rds:*. */
const isActionPattern = (text: string): boolean => text === "*" || /^[a-z0-9*?-]+:[A-Za-z0-9*?]+$/u.test(text)

/**
 * Waves: at least one, distinct names, targets that are OU paths or account ids, no target in two waves, the
 * root and the management account only when explicitly allowed, only configured guardrails, and
 * acknowledgements with a principal ARN pattern, an action pattern and a reason.
 */
export const wavesCheck: ConfigCheck = {
  name: "waves",
  run: ({ config, error, warn }) => {
    const org = config.organization
    if (config.waves.length === 0) {
      error(
        ["waves"],
        "config.no-waves",
        "the waves list is empty, so nothing would ever be rolled out",
        config.waves,
        "add a wave, e.g. { name: canary, targets: ['/Sandbox'] }",
      )
      return
    }
    const depthLimit =
      org.quotas?.ouDepth ??
      (org.quotaProfile === "before-2026-05" ? before2026Quotas : currentQuotas).ouDepth
    const names = new Map<string, number>()
    const targets = new Map<string, string>()
    const configured = config.guardrails.map((g) => g.id)
    const applied = new Set<string>()
    config.waves.forEach((wave, w) => {
      const first = names.get(wave.name)
      if (first !== undefined)
        error(
          ["waves", w, "name"],
          "config.duplicate-wave",
          `wave name "${wave.name}" is already used by waves[${first}]`,
          wave.name,
          "give each wave its own name",
        )
      else names.set(wave.name, w)
      if (wave.targets.length === 0) {
        error(
          ["waves", w, "targets"],
          "config.no-targets",
          `wave ${wave.name} has no targets`,
          wave.targets,
          "add an OU path or an account id",
        )
      }
      wave.targets.forEach((text, t) => {
        const at = ["waves", w, "targets", t]
        const target = parseTarget(text)
        if (!target) {
          const fix = /^\d+$/.test(text)
            ? "an account id has exactly 12 digits (quote it in YAML)"
            : text.startsWith("ou-")
              ? "write the OU by its path of names from the root, e.g. /Workloads/Prod"
              : "write an OU path such as /Workloads/Prod or a 12-digit account id"
          error(
            at,
            "config.wave-target",
            "a wave target must be an OU path or a 12-digit account id",
            text,
            fix,
          )
          return
        }
        const key = formatTarget(target)
        const owner = targets.get(key)
        if (owner !== undefined) {
          error(
            at,
            "config.target-in-two-waves",
            `${key} is already a target of wave ${owner}`,
            text,
            "a target belongs to one wave: remove it from one of them",
          )
        } else targets.set(key, wave.name)
        if (target.kind === "ou" && target.path === "/" && org.allowRootAttachment !== true) {
          error(
            at,
            "config.root-target",
            "targeting the organization root attaches to every account at once",
            text,
            "target OUs instead, or set organization.allowRootAttachment: true if this is really meant",
          )
        }
        if (target.kind === "ou" && ouPathSegments(target.path).length > depthLimit) {
          error(
            at,
            "config.ou-depth",
            `OUs nest at most ${depthLimit} deep under the root`,
            text,
            "check the path",
          )
        }
        if (
          target.kind === "account" &&
          target.accountId === org.managementAccountId &&
          org.allowManagementAccount !== true
        ) {
          error(
            at,
            "config.management-target",
            "this is the management account: SCPs do not apply to it and Rampart leaves it alone unless told",
            text,
            "remove it, or set organization.allowManagementAccount: true for the non-SCP guardrails",
          )
        }
        if (target.kind === "account" && !isAccountId(target.accountId)) return
      })
      wave.guardrails?.forEach((id, g) => {
        if (!configured.includes(id)) {
          error(
            ["waves", w, "guardrails", g],
            "config.wave-guardrail",
            `${id} is not one of the configured guardrails`,
            id,
            configured.includes(id) ? "" : suggestionFor(id, configured),
          )
        }
        applied.add(id)
      })
      if (!wave.guardrails) for (const id of configured) applied.add(id)
      wave.acknowledge?.forEach((acknowledgement, a) => {
        const at = ["waves", w, "acknowledge", a]
        if (!isPrincipalPattern(acknowledgement.principal))
          error(
            [...at, "principal"],
            "config.acknowledge-principal",
            "principal must be a principal ARN pattern",
            acknowledgement.principal,
            "write the role or user ARN, with * or ? as wildcards, e.g. arn:aws:iam::222222222202:role/CiDeploy",
          )
        if (acknowledgement.action !== undefined && !isActionPattern(acknowledgement.action))
          error(
            [...at, "action"],
            "config.acknowledge-action",
            "action must be service:Action, with * or ? as wildcards",
            acknowledgement.action,
            "write e.g. rds:CreateDBInstance or rds:*, or leave action out to cover every action",
          )
        if (acknowledgement.reason.trim().length < 10)
          error(
            [...at, "reason"],
            "config.acknowledge-reason",
            "an acknowledgement needs a reason someone can review",
            acknowledgement.reason,
            "say why the denied calls are acceptable, e.g. the pipeline moves to encrypted storage in PLAT-1500",
          )
      })
      if (wave.soak === undefined && w < config.waves.length - 1) {
        warn(
          ["waves", w],
          "config.no-soak",
          `wave ${wave.name} has no soak, so its gates are read right after applying`,
          undefined,
          "add soak: 30m (or longer) so denials have time to show",
        )
      }
    })
    config.guardrails.forEach((use, i) => {
      if (!applied.has(use.id))
        warn(
          ["guardrails", i, "id"],
          "config.guardrail-in-no-wave",
          `${use.id} is configured but no wave applies it`,
          use.id,
          "add it to a wave's guardrails or remove it",
        )
    })
  },
}
