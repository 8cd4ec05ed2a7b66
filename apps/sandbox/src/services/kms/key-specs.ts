/** The algorithms a key of some spec offers for one usage. */
interface Algorithms {
  readonly EncryptionAlgorithms?: ReadonlyArray<string>
  readonly SigningAlgorithms?: ReadonlyArray<string>
  readonly MacAlgorithms?: ReadonlyArray<string>
  readonly KeyAgreementAlgorithms?: ReadonlyArray<string>
}

const rsaEncryption = { EncryptionAlgorithms: ["RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256"] }
const rsaSigning = {
  SigningAlgorithms: [
    "RSASSA_PKCS1_V1_5_SHA_256",
    "RSASSA_PKCS1_V1_5_SHA_384",
    "RSASSA_PKCS1_V1_5_SHA_512",
    "RSASSA_PSS_SHA_256",
    "RSASSA_PSS_SHA_384",
    "RSASSA_PSS_SHA_512",
  ],
}
const ecc = (signing: string) => ({
  SIGN_VERIFY: { SigningAlgorithms: [signing] },
  KEY_AGREEMENT: { KeyAgreementAlgorithms: ["ECDH"] },
})

/** Key specs the sandbox creates, each with the usages KMS allows for it and what they offer. */
export const keySpecs: Readonly<Record<string, Readonly<Record<string, Algorithms>>>> = {
  SYMMETRIC_DEFAULT: { ENCRYPT_DECRYPT: { EncryptionAlgorithms: ["SYMMETRIC_DEFAULT"] } },
  RSA_2048: { ENCRYPT_DECRYPT: rsaEncryption, SIGN_VERIFY: rsaSigning },
  RSA_3072: { ENCRYPT_DECRYPT: rsaEncryption, SIGN_VERIFY: rsaSigning },
  RSA_4096: { ENCRYPT_DECRYPT: rsaEncryption, SIGN_VERIFY: rsaSigning },
  ECC_NIST_P256: ecc("ECDSA_SHA_256"),
  ECC_NIST_P384: ecc("ECDSA_SHA_384"),
  ECC_NIST_P521: ecc("ECDSA_SHA_512"),
  ECC_SECG_P256K1: { SIGN_VERIFY: { SigningAlgorithms: ["ECDSA_SHA_256"] } },
  HMAC_224: { GENERATE_VERIFY_MAC: { MacAlgorithms: ["HMAC_SHA_224"] } },
  HMAC_256: { GENERATE_VERIFY_MAC: { MacAlgorithms: ["HMAC_SHA_256"] } },
  HMAC_384: { GENERATE_VERIFY_MAC: { MacAlgorithms: ["HMAC_SHA_384"] } },
  HMAC_512: { GENERATE_VERIFY_MAC: { MacAlgorithms: ["HMAC_SHA_512"] } },
}

/** Every usage KMS knows (for enum checks). */
export const keyUsages = ["ENCRYPT_DECRYPT", "SIGN_VERIFY", "GENERATE_VERIFY_MAC", "KEY_AGREEMENT"] as const

/** Why a spec and usage do not go together, or undefined when they do. */
export const specUsageProblem = (spec: string, usage: string | undefined): string | undefined => {
  const usages = keySpecs[spec]
  if (!usages) return `KeySpec ${spec} is not supported.`
  if (usage === undefined)
    return spec === "SYMMETRIC_DEFAULT"
      ? undefined
      : "You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys."
  return usages[usage] ? undefined : `KeyUsage ${usage} is not compatible with KeySpec ${spec}.`
}

/** The algorithm lists DescribeKey shows for a spec and usage. */
export const algorithmsOf = (spec: string, usage: string): Algorithms => keySpecs[spec]?.[usage] ?? {}

/** Only symmetric encryption keys rotate automatically. */
export const rotates = (spec: string): boolean => spec === "SYMMETRIC_DEFAULT"
