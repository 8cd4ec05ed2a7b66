import type { ClientCredentials } from "./client-settings.ts"

/**
 * Where a call goes: a Region, and the credentials of the account session to call with. Without credentials the
 * SDK's default chain answers, which is the caller's own account.
 */
export interface Scope {
  readonly region: string
  readonly credentials?: ClientCredentials
}
