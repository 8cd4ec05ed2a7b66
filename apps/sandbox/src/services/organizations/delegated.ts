import type { Operation } from "../../operation.ts"
import { requireString, ServiceError } from "../../service-error.ts"
import { paginate } from "../pagination.ts"
import { changed, managementOnly, readerOnly, seconds } from "./access.ts"
import { accountShape } from "./shapes.ts"

export const delegatedAdministratorOperations: ReadonlyArray<Operation> = [
  {
    name: "RegisterDelegatedAdministrator",
    readOnly: false,
    handle: (input, context) => {
      const org = managementOnly(context)
      const accountId = requireString(input, "AccountId", "InvalidInputException")
      const servicePrincipal = requireString(input, "ServicePrincipal", "InvalidInputException")
      if (!org.accounts[accountId])
        throw new ServiceError("AccountNotFoundException", "You specified an account that doesn't exist.")
      if (accountId === org.managementAccountId)
        throw new ServiceError(
          "ConstraintViolationException",
          "You cannot register the management account as a delegated administrator.",
          { fields: { Reason: "CANNOT_REGISTER_MASTER_AS_DELEGATED_ADMINISTRATOR" } },
        )
      if (
        org.delegatedAdministrators.some(
          (d) => d.accountId === accountId && d.servicePrincipal === servicePrincipal,
        )
      ) {
        throw new ServiceError(
          "AccountAlreadyRegisteredException",
          "The provided account is already a delegated administrator for your organization.",
        )
      }
      org.delegatedAdministrators.push({
        accountId,
        servicePrincipal,
        delegationEnabledDate: context.clock.now(),
      })
      changed(context, org)
      return {}
    },
  },
  {
    name: "DeregisterDelegatedAdministrator",
    readOnly: false,
    handle: (input, context) => {
      const org = managementOnly(context)
      const accountId = requireString(input, "AccountId", "InvalidInputException")
      const servicePrincipal = requireString(input, "ServicePrincipal", "InvalidInputException")
      const before = org.delegatedAdministrators.length
      org.delegatedAdministrators = org.delegatedAdministrators.filter(
        (d) => !(d.accountId === accountId && d.servicePrincipal === servicePrincipal),
      )
      if (org.delegatedAdministrators.length === before)
        throw new ServiceError(
          "AccountNotRegisteredException",
          "The provided account is not a registered delegated administrator for your organization.",
        )
      changed(context, org)
      return {}
    },
  },
  {
    name: "ListDelegatedAdministrators",
    readOnly: true,
    handle: (input, context) => {
      const org = readerOnly(context)
      const principal = input.ServicePrincipal
      const ids = [
        ...new Set(
          org.delegatedAdministrators
            .filter((d) => principal === undefined || d.servicePrincipal === principal)
            .map((d) => d.accountId),
        ),
      ]
      const admins = ids.flatMap((id) => {
        const account = org.accounts[id]
        const first = org.delegatedAdministrators.find((d) => d.accountId === id)
        return account && first
          ? [{ ...accountShape(account), DelegationEnabledDate: seconds(first.delegationEnabledDate) }]
          : []
      })
      const page = paginate(admins, input)
      return { DelegatedAdministrators: page.items, NextToken: page.nextToken }
    },
  },
  {
    name: "ListDelegatedServicesForAccount",
    readOnly: true,
    handle: (input, context) => {
      const org = readerOnly(context)
      const accountId = requireString(input, "AccountId", "InvalidInputException")
      const services = org.delegatedAdministrators
        .filter((d) => d.accountId === accountId)
        .map((d) => ({
          ServicePrincipal: d.servicePrincipal,
          DelegationEnabledDate: seconds(d.delegationEnabledDate),
        }))
      if (services.length === 0)
        throw new ServiceError(
          "AccountNotRegisteredException",
          "The provided account is not a registered delegated administrator for your organization.",
        )
      const page = paginate(services, input)
      return { DelegatedServices: page.items, NextToken: page.nextToken }
    },
  },
]
