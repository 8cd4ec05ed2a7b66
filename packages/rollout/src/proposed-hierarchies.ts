import type { OrganizationTree } from "@rampart/aws"
import { effectiveScps } from "@rampart/collector"
import { type HierarchySet, readHierarchySet } from "@rampart/scp"
import type { Change } from "./plan.ts"

/** The organization's tree as it will be once the SCP changes are made (policies created, updated, attached…). */
export const treeAfter = (tree: OrganizationTree, changes: ReadonlyArray<Change>): OrganizationTree => {
  const policies = { ...tree.policies }
  const attachments: Record<string, ReadonlyArray<string>> = { ...tree.attachments }
  const idOf = (name: string) => Object.values(policies).find((p) => p.name === name)?.id ?? `planned:${name}`
  for (const { after } of changes) {
    if (after.kind === "scp-policy") {
      const id = idOf(after.name)
      if (after.exists) policies[id] = { id, name: after.name, awsManaged: false, content: after.content }
      else {
        delete policies[id]
        for (const target of Object.keys(attachments))
          attachments[target] = (attachments[target] ?? []).filter((p) => p !== id)
      }
    } else if (after.kind === "scp-attachment") {
      const id = idOf(after.policyName)
      const current = (attachments[after.targetId] ?? []).filter((p) => p !== id)
      attachments[after.targetId] = after.attached ? [...current, id] : current
    }
  }
  return { ...tree, policies, attachments }
}

/** Every account's SCPs, root to account, as the replay reads them; or why they do not read. */
export const hierarchiesOfTree = (tree: OrganizationTree): HierarchySet | string => {
  const read = readHierarchySet({ hierarchies: effectiveScps(tree) }, "organization")
  return read.ok
    ? read.set
    : `the SCPs of the organization do not read: ${read.diagnostics[0]?.message ?? ""}`
}
