import { createHash } from "node:crypto"

const maxInstanceIdLength = 63
const maxRemediationIdLength = 40
const encryptedSuffix = "-rampart-encrypted"

/**
 * Whether a text can name a remediation: it becomes part of RDS snapshot identifiers, so lowercase letters, digits
 * and single hyphens, starting with a letter, at most 40 characters.
 */
export const isRemediationId = (id: string): boolean =>
  id.length <= maxRemediationIdLength && /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(id)

/** A new remediation id from the time it starts: `remediation-20261122t103000`. */
export const newRemediationId = (at: Date): string =>
  `remediation-${at.toISOString().slice(0, 19).replace(/[-:]/g, "").toLowerCase()}`

/**
 * The identifier of an instance's encrypted copy: `<source>-rampart-encrypted`, the same on every run so that a
 * repeated or resumed remediation finds the copy it made. A source too long for the suffix is shortened and
 * given a hash of its full name, so two long names never share a copy.
 */
export const encryptedCopyId = (source: string): string => {
  if (source.length + encryptedSuffix.length <= maxInstanceIdLength) return `${source}${encryptedSuffix}`
  const hash = createHash("sha256").update(source).digest("hex").slice(0, 6)
  const kept = source
    .slice(0, maxInstanceIdLength - encryptedSuffix.length - hash.length - 1)
    .replace(/-+$/, "")
  return `${kept}-${hash}${encryptedSuffix}`
}

/** The manual snapshot remediation takes of a source instance: `rampart-<source>-<remediationId>`. */
export const sourceSnapshotId = (source: string, remediationId: string): string =>
  `rampart-${source}-${remediationId}`

/** The encrypted copy of that snapshot: `rampart-<source>-<remediationId>-encrypted`. */
export const encryptedSnapshotId = (source: string, remediationId: string): string =>
  `${sourceSnapshotId(source, remediationId)}-encrypted`
