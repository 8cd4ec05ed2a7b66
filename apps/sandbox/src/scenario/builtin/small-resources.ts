import type { Scenario } from "../scenario.ts"

/**
 * The `resources` section of the `small` scenario: each service's own `resources.<signingName>` entry, read by
 * that service's `seed` hook (`src/services/<name>/index.ts`). Empty for now: the RDS, Backup, Config, KMS,
 * CloudTrail and IAM sections are added here as their seed formats land, each in the format its service documents.
 */
export const smallResources = (): NonNullable<Scenario["resources"]> => ({})
