import type { OrganizationTree } from "@rampart/aws"
import { type AccountHierarchy, effectiveScps } from "@rampart/collector"
import type { Diagnostic } from "@rampart/model"
import { type HierarchySet, readHierarchySet } from "@rampart/scp"

/** An SCP a wave attaches to a target (the root, an OU or an account, by id), as it will be sent. */
export interface ScpAttachment {
  readonly targetId: string
  readonly name: string
  readonly document: unknown
}

/** An SCP a wave detaches from a target, by the policy's name. */
export interface ScpDetachment {
  readonly targetId: string
  readonly name: string
}

/** The SCPs in force and after the wave, per account, or why they cannot be read. */
export type WaveHierarchies =
  | { readonly ok: true; readonly current: HierarchySet; readonly proposed: HierarchySet }
  | { readonly ok: false; readonly diagnostics: ReadonlyArray<Diagnostic> }

const read = (hierarchies: Readonly<Record<string, AccountHierarchy>>, file: string) =>
  readHierarchySet({ hierarchies }, file)

/**
 * The current and proposed SCP hierarchies of every account for the impact gate: the organization's attachments
 * as read, and the same with the wave's detachments and attachments made. An SCP replacing an older version of
 * itself is a detachment of the old name and an attachment of the new document.
 */
export const waveHierarchies = (
  tree: OrganizationTree,
  change: { readonly attach: ReadonlyArray<ScpAttachment>; readonly detach?: ReadonlyArray<ScpDetachment> },
): WaveHierarchies => {
  const current = effectiveScps(tree)
  const proposed = Object.fromEntries(
    Object.entries(current).map(([account, hierarchy]) => [
      account,
      {
        ...hierarchy,
        levels: hierarchy.levels.map((level) => ({
          id: level.id,
          policies: [
            ...level.policies.filter(
              (policy) =>
                !(change.detach ?? []).some((d) => d.targetId === level.id && d.name === policy.name),
            ),
            ...change.attach
              .filter((a) => a.targetId === level.id)
              .map((a) => ({ name: a.name, document: a.document })),
          ],
        })),
      },
    ]),
  )
  const readCurrent = read(current, "the organization's SCPs")
  const readProposed = read(proposed, "the wave's SCPs")
  if (!readCurrent.ok || !readProposed.ok)
    return {
      ok: false,
      diagnostics: [
        ...(readCurrent.ok ? [] : readCurrent.diagnostics),
        ...(readProposed.ok ? [] : readProposed.diagnostics),
      ],
    }
  return { ok: true, current: readCurrent.set, proposed: readProposed.set }
}
