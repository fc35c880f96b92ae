/**
 * Issue 18's claim about build credentials, as one assertion shared by the stack's tests
 * (__tests__/constructs/auth/team-access.test.ts) and the registry module's
 * (__tests__/module/module-credentials.test.ts): with a name prefix, optionally a tag and
 * optionally named KMS keys, the controller's task role lists secrets, reads exactly the
 * prefixed (and tagged) secrets of its account and region, writes none, and decrypts only
 * through Secrets Manager, only for those secrets, only with the named keys (or any key of the
 * account when none are named). Decisions come from the IAM policy simulator.
 */
import { IamPolicy, decide } from "./iam-simulate";

export const ACCOUNT = "123456789012";
/** A customer-managed key of the account, and another one. */
export const KEY = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/0f1e2d3c-4b5a-4697-8877-665544332211`;
export const OTHER_KEY = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/11111111-2222-4333-8444-555555555555`;

/** The ARN of a secret named `name` (with Secrets Manager's 6-character suffix). */
export const secretArn = (name: string, opts: { region?: string; account?: string } = {}) =>
  `arn:aws:secretsmanager:${opts.region ?? "eu-west-1"}:${opts.account ?? ACCOUNT}:secret:${name}-AbCdEf`;

/** The request context of a KMS call Secrets Manager makes for `secret`. */
export const viaSecretsManager = (secret: string) => ({
  "kms:ViaService": "secretsmanager.eu-west-1.amazonaws.com",
  "kms:EncryptionContext:SecretARN": secret,
});

/** What the build credentials are configured with. */
export interface CredentialSettings {
  readonly prefix: string;
  /** @default - no tag */
  readonly tag?: { readonly key: string; readonly value: string };
  /** @default - none named: any key of the account */
  readonly kmsKeyArns?: readonly string[];
}

/** Asserts the claim for `policies` (the task role's identity policies) and `settings`. */
export async function expectReadsExactlyCredentialSecrets(policies: IamPolicy[], settings: CredentialSettings): Promise<void> {
  const { prefix, tag } = settings;
  const tagged = tag ? { [`secretsmanager:ResourceTag/${tag.key}`]: tag.value } : {};
  const ok = secretArn(`${prefix}github-token`);
  const decision = async (what: string, action: string, resource: string, ctx: Record<string, string> = {}) => [
    what,
    await decide(policies, action, resource, ctx),
  ];
  expect(await decision("list", "secretsmanager:ListSecrets", "*")).toEqual(["list", "Allowed"]);
  expect(await decision("read", "secretsmanager:GetSecretValue", ok, tagged)).toEqual(["read", "Allowed"]);
  expect(await decision("read nested", "secretsmanager:GetSecretValue", secretArn(`${prefix}team-a/ssh-key`), tagged)).toEqual(["read nested", "Allowed"]);

  const denied: [string, string, Record<string, string>][] = [
    ["outside the prefix", secretArn("prod/database"), tagged],
    ["the prefix in another case", secretArn(`${prefix.toUpperCase()}github-token`), tagged],
    ["another account", secretArn(`${prefix}github-token`, { account: "210987654321" }), tagged],
    ["another region", secretArn(`${prefix}github-token`, { region: "us-east-1" }), tagged],
  ];
  if (prefix.endsWith("/")) denied.push(["a sibling name sharing the prefix without its slash", secretArn(`${prefix.slice(0, -1)}-admin`), tagged]);
  if (tag) denied.push(["untagged", ok, {}], ["tagged with another value", ok, { [`secretsmanager:ResourceTag/${tag.key}`]: `${tag.value}-other` }]);
  for (const [what, arn, ctx] of denied) expect(await decision(what, "secretsmanager:GetSecretValue", arn, ctx)).toEqual([what, "ImplicitlyDenied"]);
  for (const action of ["secretsmanager:PutSecretValue", "secretsmanager:DeleteSecret", "secretsmanager:UpdateSecret", "secretsmanager:GetResourcePolicy"])
    expect(await decision(action, action, ok, tagged)).toEqual([action, "ImplicitlyDenied"]);

  // Decryption: only by Secrets Manager, only for those secrets, only with the named keys.
  const keys = settings.kmsKeyArns ?? [];
  const key = keys[0] ?? KEY;
  expect(await decision("decrypt via Secrets Manager", "kms:Decrypt", key, viaSecretsManager(ok))).toEqual(["decrypt via Secrets Manager", "Allowed"]);
  const deniedDecrypt: [string, string, Record<string, string>][] = [
    ["decrypt directly", key, { "kms:EncryptionContext:SecretARN": ok }],
    ["decrypt via SSM", key, { "kms:ViaService": "ssm.eu-west-1.amazonaws.com", "kms:EncryptionContext:SecretARN": ok }],
    ["decrypt for a secret outside the prefix", key, viaSecretsManager(secretArn("prod/database"))],
    ["decrypt via S3", key, { "kms:ViaService": "s3.eu-west-1.amazonaws.com" }],
    ["decrypt with a key of another account", key.replace(ACCOUNT, "210987654321"), viaSecretsManager(ok)],
  ];
  if (keys.length > 0 && !keys.includes(OTHER_KEY)) deniedDecrypt.push(["decrypt with a key not named", OTHER_KEY, viaSecretsManager(ok)]);
  for (const [what, k, ctx] of deniedDecrypt) expect(await decision(what, "kms:Decrypt", k, ctx)).toEqual([what, "ImplicitlyDenied"]);
  if (keys.length === 0)
    expect(await decision("any key of the account", "kms:Decrypt", OTHER_KEY, viaSecretsManager(ok))).toEqual(["any key of the account", "Allowed"]);
  for (const k of keys) expect(await decision(`named key ${k}`, "kms:Decrypt", k, viaSecretsManager(ok))).toEqual([`named key ${k}`, "Allowed"]);
}
