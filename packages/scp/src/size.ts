/** The policy as AWS stores it when sent without whitespace: what the size quota should be measured on. */
export const minify = (document: unknown): string => JSON.stringify(document)

/** Characters the quota counts for a policy text: every character, whitespace included. */
export const policyCharacters = (text: string): number => text.length
