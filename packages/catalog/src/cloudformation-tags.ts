import type { Tags } from "yaml"

const scalar = (tag: string, key: string, split?: string) => ({
  tag,
  resolve: (value: string) => ({ [key]: split ? value.split(split) : value }),
})
const sequence = (tag: string, key: string) => ({
  tag,
  collection: "seq" as const,
  resolve: (value: unknown) => ({ [key]: (value as { toJSON(): unknown }).toJSON() }),
})

/**
 * CloudFormation's short-form intrinsic functions (`!Ref X`, `!Sub ...`, `!Join [...]`), read into their long
 * form so templates written either way load the same.
 */
export const cloudFormationTags: Tags = [
  scalar("!Ref", "Ref"),
  scalar("!Sub", "Fn::Sub"),
  sequence("!Sub", "Fn::Sub"),
  scalar("!GetAtt", "Fn::GetAtt", "."),
  sequence("!GetAtt", "Fn::GetAtt"),
  sequence("!Join", "Fn::Join"),
  sequence("!Select", "Fn::Select"),
  sequence("!Split", "Fn::Split"),
  sequence("!If", "Fn::If"),
  sequence("!Equals", "Fn::Equals"),
  sequence("!Not", "Fn::Not"),
  sequence("!And", "Fn::And"),
  sequence("!Or", "Fn::Or"),
  sequence("!FindInMap", "Fn::FindInMap"),
  scalar("!Base64", "Fn::Base64"),
  scalar("!ImportValue", "Fn::ImportValue"),
  scalar("!GetAZs", "Fn::GetAZs"),
  scalar("!Condition", "Condition"),
]
