import type { CallContext, Operation } from "../../operation.ts"
import { requireString, ServiceError } from "../../service-error.ts"
import type { CreateAccountStatusRecord, OrganizationState } from "../../state/organization.ts"
import { paginate } from "../pagination.ts"
import { changed, managementOnly, readerOnly, seconds } from "./access.ts"
import { attachFullAwsAccess } from "./policies.ts"
import { accountShape } from "./shapes.ts"

/** How long (simulated) a CreateAccount takes before the account exists. */
export const accountCreationMilliseconds = 60_000

/** The trust of the role a created account gets: the management account may assume it. */
const bootstrapTrust = (partition: string, managementAccountId: string): string =>
  JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { AWS: `arn:${partition}:iam::${managementAccountId}:root` },
        Action: "sts:AssumeRole",
      },
    ],
  })

/** Finishes the account creations whose time has come: the account joins under the root with its bootstrap role. */
export const settleCreatedAccounts = (context: CallContext, org: OrganizationState): void => {
  const now = context.clock.now()
  for (const status of Object.values(org.createAccountStatuses)) {
    if (status.state !== "IN_PROGRESS" || status.readyAt > now) continue
    if (Object.values(org.accounts).some((a) => a.email === status.email)) {
      status.state = "FAILED"
      status.failureReason = "EMAIL_ALREADY_EXISTS"
      status.completedTimestamp = now
      changed(context, org)
      continue
    }
    const id = context.store.nextId("", 12, "0123456789")
    org.accounts[id] = {
      id,
      arn: `arn:${context.partition}:organizations::${org.managementAccountId}:account/${org.id}/${id}`,
      name: status.accountName,
      email: status.email,
      status: "ACTIVE",
      joinedMethod: "CREATED",
      joinedTimestamp: status.readyAt,
      parentId: status.parentId,
    }
    attachFullAwsAccess(org, id)
    const iam = context.store.account(id).iam
    const roleId = context.store.nextId("AROA", 17, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
    iam.roles[status.roleName] = {
      roleId,
      roleName: status.roleName,
      arn: `arn:${context.partition}:iam::${id}:role/${status.roleName}`,
      path: "/",
      assumeRolePolicyDocument: bootstrapTrust(context.partition, org.managementAccountId),
      description: "",
      maxSessionDuration: 3600,
      createDate: status.readyAt,
      inlinePolicies: {},
      attachedPolicyArns: [`arn:${context.partition}:iam::aws:policy/AdministratorAccess`],
      tags: [],
    }
    iam.revision++
    context.store.touch(id)
    status.state = "SUCCEEDED"
    status.accountId = id
    status.completedTimestamp = status.readyAt
    changed(context, org)
  }
}

const statusShape = (s: CreateAccountStatusRecord) => ({
  Id: s.id,
  AccountName: s.accountName,
  State: s.state,
  RequestedTimestamp: seconds(s.requestedTimestamp),
  ...(s.completedTimestamp !== undefined ? { CompletedTimestamp: seconds(s.completedTimestamp) } : {}),
  ...(s.accountId !== undefined ? { AccountId: s.accountId } : {}),
  ...(s.failureReason !== undefined ? { FailureReason: s.failureReason } : {}),
})

const accountOrThrow = (org: OrganizationState, id: string) => {
  const account = org.accounts[id]
  if (!account)
    throw new ServiceError("AccountNotFoundException", "You specified an account that doesn't exist.")
  return account
}

export const accountOperations: ReadonlyArray<Operation> = [
  {
    name: "ListAccounts",
    readOnly: true,
    handle: (input, context) => {
      const org = readerOnly(context)
      settleCreatedAccounts(context, org)
      const page = paginate(
        Object.values(org.accounts)
          .sort((a, b) => a.id.localeCompare(b.id))
          .map(accountShape),
        input,
      )
      return { Accounts: page.items, NextToken: page.nextToken }
    },
  },
  {
    name: "ListAccountsForParent",
    readOnly: true,
    handle: (input, context) => {
      const org = readerOnly(context)
      settleCreatedAccounts(context, org)
      const parentId = requireString(input, "ParentId", "InvalidInputException")
      if (parentId !== org.rootId && !org.ous[parentId])
        throw new ServiceError(
          "ParentNotFoundException",
          "We can't find a root or OU with the ParentId that you specified.",
        )
      const accounts = Object.values(org.accounts)
        .filter((a) => a.parentId === parentId)
        .sort((a, b) => a.id.localeCompare(b.id))
      const page = paginate(accounts.map(accountShape), input)
      return { Accounts: page.items, NextToken: page.nextToken }
    },
  },
  {
    name: "DescribeAccount",
    readOnly: true,
    handle: (input, context) => {
      const org = readerOnly(context)
      settleCreatedAccounts(context, org)
      return {
        Account: accountShape(
          accountOrThrow(org, requireString(input, "AccountId", "InvalidInputException")),
        ),
      }
    },
  },
  {
    name: "CreateAccount",
    readOnly: false,
    redact: ["Email"],
    handle: (input, context) => {
      const org = managementOnly(context)
      const email = requireString(input, "Email", "InvalidInputException")
      const accountName = requireString(input, "AccountName", "InvalidInputException")
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
        throw new ServiceError(
          "InvalidInputException",
          "You provided a value that does not match the required pattern.",
          { fields: { Reason: "INVALID_EMAIL_ADDRESS_TARGET" } },
        )
      const roleName =
        typeof input.RoleName === "string" && input.RoleName !== ""
          ? input.RoleName
          : "OrganizationAccountAccessRole"
      const id = context.store.nextId("car-", 32, "0123456789abcdef")
      const now = context.clock.now()
      const status: CreateAccountStatusRecord = {
        id,
        accountName,
        email,
        roleName,
        parentId: org.rootId,
        state: "IN_PROGRESS",
        requestedTimestamp: now,
        readyAt: now + accountCreationMilliseconds,
      }
      org.createAccountStatuses[id] = status
      changed(context, org)
      return { CreateAccountStatus: statusShape(status) }
    },
  },
  {
    name: "DescribeCreateAccountStatus",
    readOnly: true,
    handle: (input, context) => {
      const org = readerOnly(context)
      settleCreatedAccounts(context, org)
      const status =
        org.createAccountStatuses[requireString(input, "CreateAccountRequestId", "InvalidInputException")]
      if (!status)
        throw new ServiceError(
          "CreateAccountStatusNotFoundException",
          "We can't find a create account request with the CreateAccountRequestId that you specified.",
        )
      return { CreateAccountStatus: statusShape(status) }
    },
  },
  {
    name: "ListCreateAccountStatus",
    readOnly: true,
    handle: (input, context) => {
      const org = readerOnly(context)
      settleCreatedAccounts(context, org)
      const states = Array.isArray(input.States) ? (input.States as string[]) : undefined
      const statuses = Object.values(org.createAccountStatuses).filter(
        (s) => !states || states.includes(s.state),
      )
      const page = paginate(statuses.map(statusShape), input)
      return { CreateAccountStatuses: page.items, NextToken: page.nextToken }
    },
  },
  {
    name: "MoveAccount",
    readOnly: false,
    handle: (input, context) => {
      const org = managementOnly(context)
      settleCreatedAccounts(context, org)
      const account = accountOrThrow(org, requireString(input, "AccountId", "InvalidInputException"))
      const source = requireString(input, "SourceParentId", "InvalidInputException")
      const destination = requireString(input, "DestinationParentId", "InvalidInputException")
      if (source !== org.rootId && !org.ous[source])
        throw new ServiceError(
          "SourceParentNotFoundException",
          "We can't find a source root or OU with the ParentId that you specified.",
        )
      if (destination !== org.rootId && !org.ous[destination])
        throw new ServiceError(
          "DestinationParentNotFoundException",
          "We can't find a destination root or OU with the ParentId that you specified.",
        )
      if (account.parentId !== source)
        throw new ServiceError(
          "AccountNotFoundException",
          "You specified an account that doesn't exist in the source parent.",
        )
      if (source === destination)
        throw new ServiceError(
          "DuplicateAccountException",
          "That account is already present in the specified destination.",
        )
      account.parentId = destination
      changed(context, org)
      return {}
    },
  },
]
