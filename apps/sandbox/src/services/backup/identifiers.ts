import type { SandboxStore } from "../../state/store.ts"

/*
 * Identifiers in AWS Backup's formats, drawn from the store's sequence so that a scenario replays to the same
 * ids and a restarted sandbox keeps counting where it stopped.
 */

const hex = "0123456789abcdef"

/** A UUID-shaped id (`8-4-4-4-12` hexadecimal digits), as Backup gives plans, rules, selections and jobs. */
export const newUuid = (store: SandboxStore, kind: string): string => {
  const prefix = `backup-${kind}:`
  const digits = store.nextId(prefix, 32, hex).slice(prefix.length)
  return [
    digits.slice(0, 8),
    digits.slice(8, 12),
    digits.slice(12, 16),
    digits.slice(16, 20),
    digits.slice(20, 32),
  ].join("-")
}

/** A plan version id: opaque base64 text, as Backup's are. */
export const newVersionId = (store: SandboxStore): string => {
  const prefix = "backup-version:"
  return Buffer.from(store.nextId(prefix, 36).slice(prefix.length)).toString("base64")
}
