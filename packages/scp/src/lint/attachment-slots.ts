import type { Diagnostic } from "@rampart/model"
import type { NamedPolicy } from "../hierarchy.ts"
import type { HierarchyCheck } from "./lint-check.ts"
import { hierarchyFinding } from "./private/finding.ts"

/** Whether a policy has a statement that allows every action on every resource without conditions. */
const allowsEverything = (policy: NamedPolicy): boolean =>
  policy.document.statements.some(
    (s) =>
      s.effect === "Allow" &&
      s.action?.includes("*") === true &&
      s.resource?.includes("*") === true &&
      s.condition === undefined,
  )

const hasAnyAllow = (policy: NamedPolicy): boolean =>
  policy.document.statements.some((s) => s.effect === "Allow")

/**
 * Each root, OU and account holds a limited number of directly attached SCPs, FullAWSAccess and policies Rampart
 * does not own included, and never fewer than one. A level without an Allow of `*` denies everything below it
 * that its policies do not allow.
 */
export const attachmentSlotsCheck: HierarchyCheck = {
  kind: "hierarchy",
  name: "attachment-slots",
  level: "error",
  summary: "A root, OU or account has too many SCPs attached, none, or no Allow of every action.",
  description:
    "Organizations allows a fixed number of SCPs directly attached to each root, OU and account (10 since May " +
    "2026, 5 before), counting FullAWSAccess and policies other tools manage; one more is refused with " +
    "MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED. Every target must keep at least one SCP " +
    "(MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED). A level where no policy allows `*` implicitly denies every " +
    "action its policies do not allow, for every account below it.",
  help:
    "Merge Rampart's deny statements into fewer SCPs, or attach guardrails higher in the tree. Keep FullAWSAccess " +
    "(or an intended allow-list) attached at every level.",
  check: (hierarchy, context) => {
    const out: Diagnostic[] = []
    const quota = context.quotas.scpsPerTarget
    hierarchy.levels.forEach((level, i) => {
      const at = ["levels", i, "policies"]
      const names = level.policies.map((p) => p.name)
      if (level.policies.length === 0) {
        out.push(
          hierarchyFinding(attachmentSlotsCheck, context, {
            severity: "error",
            at,
            message: `${level.id} has no SCP attached; AWS requires at least one on every root, OU and account (MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED)`,
            value: names,
            fix: "keep FullAWSAccess attached (or an allow-list SCP) when detaching the last policy",
          }),
        )
        return
      }
      const owned = context.ownedPolicyNames
      const ours = owned === undefined ? undefined : names.filter((n) => owned.has(n)).length
      const split =
        ours === undefined ? "" : ` (${ours} Rampart's, ${names.length - ours} others such as FullAWSAccess)`
      if (names.length > quota) {
        out.push(
          hierarchyFinding(attachmentSlotsCheck, context, {
            severity: "error",
            at,
            message: `${level.id} would have ${names.length} SCPs attached${split}; the quota is ${quota} per target (MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED)`,
            value: names,
            fix: `free ${names.length - quota} slot(s): merge Rampart's deny statements into fewer SCPs or attach them at a parent OU`,
          }),
        )
      } else if (names.length === quota) {
        out.push(
          hierarchyFinding(attachmentSlotsCheck, context, {
            severity: "warning",
            at,
            message: `${level.id} uses all ${quota} SCP slots${split}; no further SCP can be attached here`,
            value: names,
            fix: "merge guardrails into fewer SCPs before the next one is needed",
          }),
        )
      }
      if (!level.policies.some(allowsEverything)) {
        const allowList = level.policies.some(hasAnyAllow)
        out.push(
          hierarchyFinding(attachmentSlotsCheck, context, {
            severity: "warning",
            at,
            message: allowList
              ? `no SCP at ${level.id} allows "*": only the actions its Allow statements list are possible below it (allow-list)`
              : `no SCP at ${level.id} allows anything: every action is implicitly denied for all accounts below it`,
            value: names,
            fix: 'attach FullAWSAccess (Allow "*" on "*") again, unless an allow-list strategy is intended here',
          }),
        )
      }
    })
    return out
  },
}
