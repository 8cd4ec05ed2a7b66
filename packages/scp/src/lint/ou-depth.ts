import type { HierarchyCheck } from "./lint-check.ts"
import { hierarchyFinding } from "./private/finding.ts"

/** OUs nest at most `quotas.ouDepth` deep under the root; a deeper OU cannot be created (OU_DEPTH_LIMIT_EXCEEDED). */
export const ouDepthCheck: HierarchyCheck = {
  kind: "hierarchy",
  name: "ou-depth",
  level: "error",
  summary: "The path from the root to an account nests OUs deeper than Organizations allows.",
  description:
    "The levels of a hierarchy are the root, the OUs on the path and the account. Organizations nests OUs at " +
    "most five deep under the root; creating or moving an OU deeper fails with OU_DEPTH_LIMIT_EXCEEDED.",
  help: "Flatten the OU structure: move the deepest OUs up, or express the distinction with tags instead of nesting.",
  check: (hierarchy, context) => {
    const limit = context.quotas.ouDepth
    // The first level is the root and the last the account: everything between is an OU.
    const ous = Math.max(0, hierarchy.levels.length - 2)
    if (ous <= limit) return []
    const first = 1 + limit
    const level = hierarchy.levels[first]
    return [
      hierarchyFinding(ouDepthCheck, context, {
        severity: "error",
        at: ["levels", first],
        message: `the path to ${hierarchy.levels.at(-1)?.id ?? "the account"} nests ${ous} OUs; Organizations allows ${limit} under the root (OU_DEPTH_LIMIT_EXCEEDED), ${level?.id ?? "this OU"} is too deep`,
        value: hierarchy.levels.slice(1, -1).map((l) => l.id),
        fix: `move ${level?.id ?? "the deepest OUs"} and what is below it at most ${limit} levels under the root`,
      }),
    ]
  },
}
