/** A TIMESTAMPTZ as the drivers return it (a Date from node-postgres, a Date or text from PGlite), as ISO 8601. */
export const isoTimestamp = (value: Date | string): string =>
  value instanceof Date ? value.toISOString() : new Date(value).toISOString()
