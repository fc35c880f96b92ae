/**
 * `credentials`: build credentials from AWS Secrets Manager through the Jenkins AWS Secrets
 * Manager Credentials Provider plugin. Imported by lib/config/schema.ts.
 */
import { z } from "zod";

/** Characters of a Secrets Manager secret name. */
const SECRET_NAME_CHARS = /^[A-Za-z0-9/_+=.@-]+$/;
const TAG_KEY = /^(?!aws:)[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u;
const KMS_KEY_ARN =
  /^arn:aws(-cn|-us-gov)?:kms:([a-z]{2}(-gov)?-[a-z]+-\d):(\d{12}):key\/[a-f0-9-]{36}$|^arn:aws(-cn|-us-gov)?:kms:([a-z]{2}(-gov)?-[a-z]+-\d):(\d{12}):key\/mrk-[a-f0-9]{32}$/;

export const CredentialsSchema = z
  .object({
    secretsManager: z
      .object({
        enabled: z
          .boolean()
          .default(true)
          .describe("Offer the Secrets Manager secrets below as Jenkins credentials (read-only; the controller's task role may read only them)."),
        namePrefix: z
          .string()
          .min(1)
          .max(256)
          .regex(SECRET_NAME_CHARS, "must be characters of a Secrets Manager secret name: letters, digits and /_+=.@-")
          .default("jenkins/")
          .describe(
            "Only secrets whose name starts with this prefix are credentials; the credential id is the rest of the name (`jenkins/github-token` becomes `github-token`).",
          ),
        tag: z
          .object({
            key: z.string().regex(TAG_KEY, "must be a tag key of 1-128 characters, not starting with aws:").describe("Tag key."),
            value: z.string().regex(TAG_VALUE, "must be a tag value of at most 256 characters").describe("Tag value."),
          })
          .strict()
          .optional()
          .describe(
            "Additionally require this tag on a secret (e.g. `jenkins:instance` = `ci`); IAM then allows reading only secrets with the prefix and the tag.",
          ),
        kmsKeyArns: z
          .array(z.string().regex(KMS_KEY_ARN, "must be a KMS key ARN like arn:aws:kms:eu-west-1:123456789012:key/<uuid>"))
          .default([])
          .describe(
            "Customer-managed KMS keys the secrets are encrypted with. Empty: any key of the account, still only through Secrets Manager and only for the secrets with the prefix (secrets on the default `aws/secretsmanager` key need no IAM grant).",
          ),
        cache: z.boolean().default(true).describe("Cache the list of credentials for 5 minutes (the plugin's cache); a new secret appears within that time."),
      })
      .strict()
      .prefault({})
      .describe("AWS Secrets Manager as a read-only Jenkins credentials store."),
  })
  .strict()
  .describe("Build credentials.");

export type CredentialsConfig = z.output<typeof CredentialsSchema>;

/** Credential ids (the names after the prefix) must follow the credentials plugin's rule. */
export const CREDENTIAL_ID = /^[a-zA-Z0-9_.-]+$/;

type Issue = (path: (string | number)[], message: string) => void;

/** Cross-field rules of `credentials`. */
export function credentialsProblems(credentials: CredentialsConfig, ctx: { region: string; accountId?: string }, issue: Issue): void {
  const sm = credentials.secretsManager;
  const p = (...rest: (string | number)[]) => ["credentials", "secretsManager", ...rest];
  if (!sm.enabled) return;
  if (sm.namePrefix.includes("*") || sm.namePrefix.includes("?")) issue(p("namePrefix"), "no wildcards; it is a literal name prefix");
  sm.kmsKeyArns.forEach((arn, i) => {
    const m = KMS_KEY_ARN.exec(arn);
    if (!m) return; // the field's own rule reports it
    const region = m[2] ?? m[6];
    const account = m[4] ?? m[8];
    if (region !== ctx.region) issue(p("kmsKeyArns", i), `is in ${region}, the stack and its secrets in ${ctx.region}`);
    if (ctx.accountId && account !== ctx.accountId) issue(p("kmsKeyArns", i), `belongs to account ${account}, not accountId ${ctx.accountId}`);
  });
}
