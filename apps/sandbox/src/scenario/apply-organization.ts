import type { Principal } from "../identity/principal.ts"
import { fullAwsAccessContent, fullAwsAccessPolicyId, type OrganizationState } from "../state/organization.ts"
import type { AccountState, SandboxStore } from "../state/store.ts"
import type { OuNode, Scenario } from "./scenario.ts"

const quotaProfiles = {
  current: { scpsPerTarget: 10, scpCharacters: 10_240, ouDepth: 5 },
  "before-2026-05": { scpsPerTarget: 5, scpCharacters: 5_120, ouDepth: 5 },
} as const

const text = (document: unknown): string =>
  typeof document === "string" ? document : JSON.stringify(document)

/** A role the scenario or the sandbox defines, in IAM's shape. */
export const putRole = (
  store: SandboxStore,
  partition: string,
  account: string,
  name: string,
  options: {
    readonly trust?: unknown
    readonly managed?: ReadonlyArray<string>
    readonly inline?: Readonly<Record<string, unknown>>
    readonly maxSessionDuration?: number
    readonly created: number
  },
): void => {
  const iam = (store.account(account) as AccountState).iam
  const roleId = store.nextId("AROA", 17, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
  iam.roles[name] = {
    roleId,
    roleName: name,
    arn: `arn:${partition}:iam::${account}:role/${name}`,
    path: "/",
    assumeRolePolicyDocument: text(
      options.trust ?? {
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Principal: { AWS: `arn:${partition}:iam::${account}:root` },
            Action: "sts:AssumeRole",
          },
        ],
      },
    ),
    description: "",
    maxSessionDuration: options.maxSessionDuration ?? 3600,
    createDate: options.created,
    inlinePolicies: Object.fromEntries(Object.entries(options.inline ?? {}).map(([k, v]) => [k, text(v)])),
    attachedPolicyArns: [...(options.managed ?? [])],
    tags: [],
  }
  iam.revision++
  store.touch(account)
}

/**
 * Builds the organization, the accounts with their `OrganizationAccountAccessRole`, the scenario's roles, SCPs
 * and access keys into an empty store.
 */
export const applyOrganization = (store: SandboxStore, scenario: Scenario, now: number): void => {
  const partition = scenario.partition ?? "aws"
  const spec = scenario.organization
  const management = spec.managementAccount.id
  const rootId = spec.rootId ?? `r-${spec.id.slice(2, 6)}`
  const orgArn = `arn:${partition}:organizations::${management}:organization/${spec.id}`
  const org: OrganizationState = {
    id: spec.id,
    arn: orgArn,
    managementAccountId: management,
    managementAccountEmail: spec.managementAccount.email ?? `aws+${management}@example.com`,
    rootId,
    rootArn: `arn:${partition}:organizations::${management}:root/${spec.id}/${rootId}`,
    enabledPolicyTypes: spec.scpEnabled === false ? [] : ["SERVICE_CONTROL_POLICY"],
    ous: {},
    accounts: {},
    policies: {
      [fullAwsAccessPolicyId]: {
        id: fullAwsAccessPolicyId,
        arn: `arn:${partition}:organizations::aws:policy/service_control_policy/${fullAwsAccessPolicyId}`,
        name: "FullAWSAccess",
        description: "Allows access to every operation",
        type: "SERVICE_CONTROL_POLICY",
        awsManaged: true,
        content: fullAwsAccessContent,
      },
    },
    attachments: { [rootId]: [fullAwsAccessPolicyId] },
    delegatedAdministrators: (spec.delegatedAdministrators ?? []).map((d) => ({
      accountId: d.account,
      servicePrincipal: d.servicePrincipal,
      delegationEnabledDate: now,
    })),
    createAccountStatuses: {},
    quotas: { ...quotaProfiles[spec.quotaProfile ?? "current"] },
    revision: 1,
  }
  const paths = new Map<string, string>([["/", rootId]])
  const addAccount = (
    account: { readonly id: string; readonly name: string; readonly email?: string },
    parentId: string,
  ) => {
    org.accounts[account.id] = {
      id: account.id,
      arn: `arn:${partition}:organizations::${management}:account/${spec.id}/${account.id}`,
      name: account.name,
      email: account.email ?? `aws+${account.id}@example.com`,
      status: "ACTIVE",
      joinedMethod: account.id === management ? "INVITED" : "CREATED",
      joinedTimestamp: now,
      parentId,
    }
    org.attachments[account.id] = [fullAwsAccessPolicyId]
    if (account.id !== management) {
      putRole(store, partition, account.id, "OrganizationAccountAccessRole", {
        trust: {
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Principal: { AWS: `arn:${partition}:iam::${management}:root` },
              Action: "sts:AssumeRole",
            },
          ],
        },
        managed: [`arn:${partition}:iam::aws:policy/AdministratorAccess`],
        created: now,
      })
    }
  }
  const addOu = (node: OuNode, parentId: string, parentPath: string) => {
    const id = store.nextId(`ou-${rootId.slice(2)}-`, 8)
    const path = `${parentPath === "/" ? "" : parentPath}/${node.ou}`
    org.ous[id] = {
      id,
      arn: `arn:${partition}:organizations::${management}:ou/${spec.id}/${id}`,
      name: node.ou,
      parentId,
    }
    org.attachments[id] = [fullAwsAccessPolicyId]
    paths.set(path, id)
    for (const account of node.accounts ?? []) addAccount(account, id)
    for (const child of node.children ?? []) addOu(child, id, path)
  }
  addAccount(spec.managementAccount, rootId)
  for (const account of spec.accounts ?? []) addAccount(account, rootId)
  for (const node of spec.tree ?? []) addOu(node, rootId, "/")
  for (const policy of spec.policies ?? []) {
    const id = store.nextId("p-", 8)
    org.policies[id] = {
      id,
      arn: `arn:${partition}:organizations::${management}:policy/${spec.id}/service_control_policy/${id}`,
      name: policy.name,
      description: policy.description ?? "",
      type: "SERVICE_CONTROL_POLICY",
      awsManaged: false,
      content: text(policy.content),
    }
    for (const target of policy.attach ?? []) {
      const targetId = paths.get(target) ?? target
      org.attachments[targetId] ??= [fullAwsAccessPolicyId]
      org.attachments[targetId].push(id)
    }
  }
  store.organization = org
  store.touch("organization")
  for (const role of scenario.roles ?? []) {
    putRole(store, partition, role.account, role.name, {
      ...(role.trust !== undefined ? { trust: role.trust } : {}),
      ...(role.managedPolicies ? { managed: role.managedPolicies } : {}),
      ...(role.inlinePolicies ? { inline: role.inlinePolicies } : {}),
      ...(role.maxSessionDuration !== undefined ? { maxSessionDuration: role.maxSessionDuration } : {}),
      created: now,
    })
  }
  for (const key of scenario.accessKeys) {
    const iam = store.account(key.account).iam
    if (key.role !== "root" && !iam.roles[key.role]) {
      putRole(store, partition, key.account, key.role, {
        managed: [`arn:${partition}:iam::aws:policy/AdministratorAccess`],
        created: now,
      })
    }
    const role = iam.roles[key.role]
    const principal: Principal =
      key.role === "root" || !role
        ? {
            type: "Root",
            account: key.account,
            arn: `arn:${partition}:iam::${key.account}:root`,
            callerArn: `arn:${partition}:iam::${key.account}:root`,
            userId: key.account,
          }
        : {
            type: "AssumedRole",
            account: key.account,
            arn: role.arn,
            callerArn: `arn:${partition}:sts::${key.account}:assumed-role/${role.roleName}/${key.accessKeyId}`,
            userId: `${role.roleId}:${key.accessKeyId}`,
            roleName: role.roleName,
            sessionName: key.accessKeyId,
          }
    store.credentials.set(key.accessKeyId, {
      accessKeyId: key.accessKeyId,
      secretAccessKey: key.secretAccessKey,
      principal,
    })
  }
  store.touch("credentials")
}

/** The OU id of a path such as `/Workloads/Prod` (`/` is the root). */
export const ouIdOfPath = (org: OrganizationState, path: string): string | undefined => {
  if (path === "/") return org.rootId
  let parent = org.rootId
  for (const name of path.split("/").filter((s) => s !== "")) {
    const next = Object.values(org.ous).find((ou) => ou.parentId === parent && ou.name === name)
    if (!next) return undefined
    parent = next.id
  }
  return parent
}
