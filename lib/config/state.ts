/**
 * `state` and `backend`: the state bootstrap stack and where the `jenkins` stack keeps its state.
 * Imported by lib/config/schema.ts.
 */
import { z } from "zod";
import { BUCKET, BUCKET_RULES, DDB_TABLE } from "./patterns";

export const StateSchema = z
  .object({
    bucketName: z
      .string()
      .regex(BUCKET, `must be a valid S3 bucket name: ${BUCKET_RULES}`)
      .describe("Name of the S3 bucket that holds Terraform state (created by the `state` stack). Globally unique."),
    lockTableName: z
      .string()
      .regex(DDB_TABLE, "must be 3-255 characters of letters, digits, '_', '-' and '.'")
      .optional()
      .describe("Name of the DynamoDB table used for state locking (hash key `LockID`). Unset: `<namePrefix>-terraform-state-locks`."),
    encryption: z
      .enum(["aws:kms", "AES256"])
      .default("aws:kms")
      .describe(
        "Server-side encryption of the state bucket: `aws:kms` (a customer-managed key with rotation, created by the stack) or `AES256` (S3-managed keys).",
      ),
    noncurrentVersionExpirationDays: z
      .number()
      .int()
      .min(1)
      .max(3650)
      .default(90)
      .describe("Days after which non-current versions of state objects are deleted."),
    accessLogBucket: z
      .string()
      .regex(BUCKET, `must be a valid S3 bucket name: ${BUCKET_RULES}`)
      .optional()
      .describe("Existing bucket that receives S3 server access logs of the state bucket. Unset: access logging off."),
    ownStateInBucket: z
      .boolean()
      .default(false)
      .describe(
        "Keep the `state` stack's own state in its bucket (key `bootstrap/terraform.tfstate`) instead of the local `terraform.state.tfstate`. Turn on after the first deploy, then run `npm run state:migrate`.",
      ),
    forceDestroy: z
      .boolean()
      .default(false)
      .describe(
        "Allow `destroy` to delete a state bucket that still holds objects. Off: destroy refuses while state exists; turn on only to tear everything down.",
      ),
  })
  .strict()
  .describe("The state bootstrap stack (`state`): S3 bucket and DynamoDB lock table.");

export const BackendSchema = z
  .object({
    type: z
      .enum(["local", "s3"])
      .default("local")
      .describe(
        "Backend of the `jenkins` stack: `local` (a relative `terraform.jenkins.tfstate` in the project directory) or `s3` (the bucket and table of `state`).",
      ),
    key: z
      .string()
      .min(1)
      .max(1024)
      .regex(/^[^/].*\.tfstate$/, "must be a relative object key ending in .tfstate")
      .default("jenkins/terraform.tfstate")
      .describe("Object key of the `jenkins` stack state in the state bucket."),
    locking: z
      .enum(["dynamodb", "lockfile", "both"])
      .default("dynamodb")
      .describe("State locking of the S3 backend: the DynamoDB table, S3 native lock files (`use_lockfile`, Terraform >= 1.10), or both while migrating."),
  })
  .strict()
  .describe("Where the `jenkins` stack keeps its state.");
