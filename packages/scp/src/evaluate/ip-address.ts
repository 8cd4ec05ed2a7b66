/** A compiled CIDR block (or single address) that tests addresses of its own family. */
export type CidrMatcher = (address: string) => boolean

const ipv4 = (text: string): bigint | undefined => {
  const parts = text.split(".")
  if (parts.length !== 4) return undefined
  let value = 0n
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined
    const n = Number(part)
    if (n > 255) return undefined
    value = (value << 8n) | BigInt(n)
  }
  return value
}

const ipv6 = (text: string): bigint | undefined => {
  if (!/^[0-9a-fA-F:.]+$/.test(text) || !text.includes(":")) return undefined
  let head = text
  let tailV4: bigint | undefined
  const lastColon = text.lastIndexOf(":")
  if (text.slice(lastColon + 1).includes(".")) {
    tailV4 = ipv4(text.slice(lastColon + 1))
    if (tailV4 === undefined) return undefined
    head = `${text.slice(0, lastColon + 1)}0:0`
  }
  const halves = head.split("::")
  if (halves.length > 2) return undefined
  const left = halves[0] === "" ? [] : (halves[0] ?? "").split(":")
  const right = halves.length === 2 ? (halves[1] === "" ? [] : (halves[1] ?? "").split(":")) : []
  const missing = 8 - left.length - right.length
  if (halves.length === 1 ? left.length !== 8 : missing < 1) return undefined
  const groups = [...left, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...right]
  let value = 0n
  for (const group of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return undefined
    value = (value << 16n) | BigInt(Number.parseInt(group, 16))
  }
  if (tailV4 !== undefined) value = (value & ~0xffffffffn) | tailV4
  return value
}

/** Parses `10.0.0.0/8`, `2001:db8::/32` or a bare address; undefined when it is neither. */
export const compileCidr = (block: string): CidrMatcher | undefined => {
  const [address = "", prefixText] = block.split("/")
  const v4 = ipv4(address)
  const v6 = v4 === undefined ? ipv6(address) : undefined
  if (v4 === undefined && v6 === undefined) return undefined
  const bits = v4 !== undefined ? 32 : 128
  const prefix = prefixText === undefined ? bits : Number(prefixText)
  if (
    !Number.isInteger(prefix) ||
    prefix < 0 ||
    prefix > bits ||
    (prefixText !== undefined && !/^\d+$/.test(prefixText))
  )
    return undefined
  const shift = BigInt(bits - prefix)
  const network = ((v4 ?? v6) as bigint) >> shift
  const parse = v4 !== undefined ? ipv4 : ipv6
  return (text) => {
    const value = parse(text)
    return value !== undefined && value >> shift === network
  }
}
