import type { ServiceDefinition } from "../operation.ts"
import { backupService } from "./backup/index.ts"
import { iamService } from "./iam/index.ts"
import { kmsService } from "./kms/index.ts"
import { organizationsService } from "./organizations/index.ts"
import { rdsService } from "./rds/index.ts"
import { stsService } from "./sts/index.ts"

/** Every service the sandbox emulates. KMS comes before the services that encrypt with its keys when seeding. */
export const services: ReadonlyArray<ServiceDefinition> = [
  organizationsService,
  stsService,
  iamService,
  kmsService,
  rdsService,
  backupService,
]
