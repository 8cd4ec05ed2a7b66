import type { DBInstance } from "@rampart/aws"

const endpointOf = (instance: DBInstance): string =>
  instance.Endpoint?.Address === undefined
    ? "(no endpoint reported yet)"
    : `${instance.Endpoint.Address}:${instance.Endpoint.Port ?? instance.DbInstancePort ?? ""}`

/**
 * What a person does to move from an unencrypted instance to its encrypted copy, in order, and what to delete by
 * hand afterwards. Rampart never deletes the source: the endpoint changes, and only the owner knows when the
 * application has moved.
 */
export const cutoverSteps = (
  source: DBInstance,
  replacement: DBInstance,
  snapshots: { readonly source: string; readonly encrypted: string; readonly takenAt?: string },
): ReadonlyArray<string> => {
  const from = source.DBInstanceIdentifier ?? ""
  const to = replacement.DBInstanceIdentifier ?? ""
  return [
    `Stop writes to ${from}: the copy holds the data of snapshot ${snapshots.source}${snapshots.takenAt === undefined ? "" : ` (taken ${snapshots.takenAt})`}; replay anything written since then with the engine's own tools, or take a fresh remediation in a quiet window.`,
    `Switch clients from ${from} (${endpointOf(source)}) to ${to} (${endpointOf(replacement)}): connection strings, secrets (Secrets Manager, SSM parameters), DNS names (CNAME records) pointing at the old endpoint, and security group or firewall rules naming the old instance.`,
    `Move what refers to ${from} by name or ARN: read replicas, RDS event subscriptions, AWS Backup selections, CloudWatch alarms and dashboards, IAM policies and any infrastructure code that declares the instance.`,
    `Check ${to} before relying on it: it is encrypted with ${replacement.KmsKeyId ?? "the remediation key"}, keeps the source's class, subnet group, security groups, parameter and option groups and backup settings; confirm the application works on it.`,
    `Then delete by hand, in this order: ${from} (turn its deletion protection off first if it is on; keep a final snapshot), the unencrypted snapshot ${snapshots.source}, and, once the copy has its own backups, ${snapshots.encrypted}. Rampart deletes none of them.`,
  ]
}
