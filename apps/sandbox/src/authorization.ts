import {
  type CompiledHierarchy,
  type CompiledIdentityPolicies,
  compileHierarchy,
  compileIdentityPolicies,
  type Decision,
  type NamedPolicy,
  parsePolicy,
  type Request,
} from "@rampart/scp"
import type { Principal } from "./identity/principal.ts"
import { awsManagedPolicies, type RoleRecord } from "./state/iam.ts"
import { pathToRoot } from "./state/organization.ts"
import type { SandboxStore } from "./state/store.ts"

/** Why a call was refused, in the words AWS uses. */
export interface Refusal {
  readonly by: "scp" | "identity"
  readonly explicit: boolean
  readonly decision: Decision
  readonly message: string
}

const parsed = (name: string, text: string, kind: "scp" | "identity"): NamedPolicy | undefined => {
  const result = parsePolicy(JSON.parse(text), { kind, file: name })
  return result.document ? { name, document: result.document } : undefined
}

/**
 * Authorizes calls with Rampart's policy engine: the caller's identity policies, then the SCPs on the path of the
 * caller's account (the management account and service-linked roles are not affected). Compiled policies are kept
 * until IAM or the organization changes.
 */
export class Authorizer {
  readonly #store: SandboxStore
  readonly #identity = new Map<string, { revision: number; compiled: CompiledIdentityPolicies }>()
  readonly #scps = new Map<string, { revision: number; compiled: CompiledHierarchy }>()

  constructor(store: SandboxStore) {
    this.#store = store
  }

  /** Undefined when allowed; otherwise who refused and the AWS message. */
  authorize(principal: Principal, request: Request): Refusal | undefined {
    const identity = this.#identityDecision(principal, request)
    const scp = this.#scpDecision(principal, request)
    const action = request.action
    const resource = request.resource ?? "*"
    const who = `User: ${principal.callerArn} is not authorized to perform: ${action}${resource === "*" ? "" : ` on resource: ${resource}`}`
    if (scp?.decision === "ExplicitDeny")
      return {
        by: "scp",
        explicit: true,
        decision: scp,
        message: `${who} with an explicit deny in a service control policy`,
      }
    if (identity?.decision === "ExplicitDeny")
      return {
        by: "identity",
        explicit: true,
        decision: identity,
        message: `${who} with an explicit deny in an identity-based policy`,
      }
    if (scp && scp.decision !== "Allow")
      return {
        by: "scp",
        explicit: false,
        decision: scp,
        message: `${who} because no service control policy allows the ${action} action`,
      }
    if (identity && identity.decision !== "Allow")
      return {
        by: "identity",
        explicit: false,
        decision: identity,
        message: `${who} because no identity-based policy allows the ${action} action`,
      }
    return undefined
  }

  /** The role's identity policies; the root user and principals without a role are allowed by identity. */
  #identityDecision(principal: Principal, request: Request): Decision | undefined {
    if (principal.type === "Root" || principal.roleName === undefined) return undefined
    const iam = this.#store.account(principal.account).iam
    const role = iam.roles[principal.roleName]
    if (!role)
      return {
        decision: "ImplicitDeny",
        decidedBy: [],
        reason: `role ${principal.roleName} no longer exists`,
      }
    const key = `${principal.account}/${role.roleName}`
    let cached = this.#identity.get(key)
    if (!cached || cached.revision !== iam.revision) {
      cached = {
        revision: iam.revision,
        compiled: compileIdentityPolicies(this.#rolePolicies(principal.account, role)),
      }
      this.#identity.set(key, cached)
    }
    return cached.compiled.evaluate(request)
  }

  #rolePolicies(account: string, role: RoleRecord): NamedPolicy[] {
    const iam = this.#store.account(account).iam
    const inline = Object.entries(role.inlinePolicies).map(([name, text]) => parsed(name, text, "identity"))
    const managed = role.attachedPolicyArns.map((arn) => {
      const text = awsManagedPolicies[arn] ?? Object.values(iam.policies).find((p) => p.arn === arn)?.document
      return text ? parsed(arn, text, "identity") : undefined
    })
    return [...inline, ...managed].filter((p) => p !== undefined)
  }

  /** The SCPs of the caller's account; undefined when SCPs do not apply. */
  #scpDecision(principal: Principal, request: Request): Decision | undefined {
    const org = this.#store.organization
    if (!org?.enabledPolicyTypes.includes("SERVICE_CONTROL_POLICY")) return undefined
    if (principal.account === org.managementAccountId || !org.accounts[principal.account]) return undefined
    let cached = this.#scps.get(principal.account)
    if (!cached || cached.revision !== org.revision) {
      const levels = pathToRoot(org, principal.account).map((targetId) => ({
        id: targetId,
        policies: (org.attachments[targetId] ?? [])
          .map((policyId) => org.policies[policyId])
          .filter((p) => p !== undefined)
          .map((p) => parsed(p.name, p.content, "scp"))
          .filter((p) => p !== undefined),
      }))
      cached = {
        revision: org.revision,
        compiled: compileHierarchy({ managementAccountId: org.managementAccountId, levels }),
      }
      this.#scps.set(principal.account, cached)
    }
    return cached.compiled.evaluate(request)
  }
}
