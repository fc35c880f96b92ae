/**
 * `kms`: a customer-provided KMS key (issue 16, enterprise hooks) used instead of the keys the
 * stack creates. Imported by lib/config/schema.ts; the registry module's `kms_key_arn` mirrors it.
 */
import { z } from "zod";

/** A KMS key ARN (not an alias: IAM policies and EFS need the key itself). */
export const KMS_KEY_ARN = /^arn:aws(-cn|-us-gov)?:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]{1,128}$/;

export const KmsSchema = z
  .object({
    keyArn: z
      .string()
      .regex(KMS_KEY_ARN, "must be a KMS key ARN like arn:aws:kms:eu-west-1:123456789012:key/<key id> (not an alias)")
      .optional()
      .describe(
        "A KMS key of yours used instead of the keys the stack creates: for log groups, EFS, the alerts topic, ECR, backups, the password parameter and image builds. It must be in the stack's region, and its key policy must allow what docs/security.md lists. Unset: the stack creates its data key and alerts key.",
      ),
  })
  .strict()
  .describe("Encryption: a customer-provided KMS key.");

/** Cross-field rule of `kms` (lib/config/rules/index.ts runs it): the key is in the stack's region (its partition is checked with every ARN, rules/arns.ts). */
export function kmsProblems(kms: z.output<typeof KmsSchema>, region: string, add: (path: (string | number)[], message: string) => void): void {
  const arn = kms.keyArn;
  if (arn && arn.split(":")[3] !== region)
    add(
      ["kms", "keyArn"],
      `is a key of region ${arn.split(":")[3]}, but the stack is in ${region}; KMS keys are regional (a multi-Region replica in ${region} has its own ARN)`,
    );
}
