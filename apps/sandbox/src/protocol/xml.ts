const escapeXml = (text: string): string =>
  text.replace(
    /[<>&"']/g,
    (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c] ?? c,
  )

/** Element names for the members of lists, by the list's own element name (`DBInstances` -> `DBInstance`). */
export type MemberNames = Readonly<Record<string, string>>

/**
 * Writes a value as awsQuery XML: objects become child elements, lists a wrapper of member elements (named
 * `member` unless `members` names them), dates ISO 8601, booleans `true`/`false`. Undefined fields are left out.
 */
export const toXml = (name: string, value: unknown, members: MemberNames = {}): string => {
  if (value === undefined || value === null) return ""
  if (Array.isArray(value)) {
    const member = members[name] ?? "member"
    return `<${name}>${value.map((item) => toXml(member, item, members)).join("")}</${name}>`
  }
  if (value instanceof Date) return `<${name}>${value.toISOString()}</${name}>`
  if (typeof value === "object") {
    const children = Object.entries(value as Record<string, unknown>)
      .map(([key, child]) => toXml(key, child, members))
      .join("")
    return `<${name}>${children}</${name}>`
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`
}

/** The envelope of an awsQuery answer. */
export const queryResponse = (
  operation: string,
  namespace: string,
  result: unknown,
  requestId: string,
  members: MemberNames,
): string => {
  const body =
    result === undefined ||
    (typeof result === "object" && result !== null && Object.keys(result).length === 0)
      ? ""
      : toXml(`${operation}Result`, result, members)
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${operation}Response xmlns="${namespace}">${body}<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${operation}Response>`
}

/** The envelope of an awsQuery error. */
export const queryError = (
  namespace: string,
  fault: string,
  code: string,
  message: string,
  requestId: string,
): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse xmlns="${namespace}"><Error><Type>${fault}</Type><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`
