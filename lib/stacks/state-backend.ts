import { partitionOf } from "../constructs/foundation/aws-environment";
import { LocalBackend, TerraformStack } from "../cdktf-core";
import { LockingS3Backend } from "./terraform-settings";
import type { JenkinsConfig } from "../config/schema";

/** Alias (without `alias/`) of the `state` stack's KMS key, when `state.encryption` is `aws:kms`. */
export function stateKeyAlias(namePrefix: string): string {
  return `${namePrefix}-tfstate`;
}

/**
 * The `kms_key_id` of the S3 backends: the state stack's key, by alias, since a backend block
 * cannot reference a resource and the key's id is only known after the state stack's apply.
 * With `accountId` in the config it is the alias ARN
 * (`arn:<partition>:kms:<region>:<account>:alias/<prefix>-tfstate`), else the alias name
 * (`alias/<prefix>-tfstate`, which S3 resolves in the caller's account). Terraform's S3 backend
 * accepts both from 1.6.1 on (1.6.0 rejected aliases: hashicorp/terraform#33979).
 *
 * Without it, `encrypt = true` makes Terraform write state with SSE-S3 (it sends AES256
 * explicitly, overriding the bucket's default KMS encryption). Undefined with
 * `state.encryption` `AES256`, where SSE-S3 is what is configured.
 */
export function stateKmsKeyId(config: JenkinsConfig): string | undefined {
  if (config.state.encryption !== "aws:kms") return undefined;
  const alias = `alias/${stateKeyAlias(config.namePrefix)}`;
  return config.accountId ? `arn:${partitionOf(config.region)}:kms:${config.region}:${config.accountId}:${alias}` : alias;
}

/**
 * Where a local state file lives, relative to the stack's synthesized directory
 * (`cdktf.out/stacks/<stack>`): the project root, which `cdktf synth` never cleans.
 * Relative, so no path of the build machine ends up in the output.
 */
export function localStatePath(stackName: string): string {
  return `../../../terraform.${stackName}.tfstate`;
}

/** Uses a local backend with a relative path (the default of cdktf is absolute). */
export function useLocalBackend(stack: TerraformStack, stackName: string): LocalBackend {
  return new LocalBackend(stack, { path: localStatePath(stackName) });
}

/**
 * Backend of the `jenkins` stack: the S3 bucket and lock table of the `state` stack when
 * `backend.type` is `s3`, else a local file. Pipelines can override any S3 setting with
 * `terraform init -backend-config=...` (partial configuration).
 */
export function useJenkinsBackend(stack: TerraformStack, stackName: string, config: JenkinsConfig): void {
  if (config.backend.type === "local") {
    useLocalBackend(stack, stackName);
    return;
  }
  useS3Backend(stack, config, config.backend.key, config.backend.locking);
}

/** Object key of the `state` stack's own state when it lives in its bucket. */
export const STATE_STACK_KEY = "bootstrap/terraform.tfstate";

/**
 * Backend of the `state` stack: a relative local file by default (the bucket cannot hold the
 * state of its own creation), or, once it exists and `state.ownStateInBucket` is on, the
 * bucket itself (migrate with `cdktf deploy state --migrate-state`).
 */
export function useStateBackend(stack: TerraformStack, stackName: string, config: JenkinsConfig): void {
  if (!config.state.ownStateInBucket) {
    useLocalBackend(stack, stackName);
    return;
  }
  useS3Backend(stack, config, STATE_STACK_KEY, "dynamodb");
}

/** The S3 backend in the state bucket, encrypted with the state key, locked by the table, S3 lock files or both. */
function useS3Backend(stack: TerraformStack, config: JenkinsConfig, key: string, locking: JenkinsConfig["backend"]["locking"]): void {
  new LockingS3Backend(stack, {
    bucket: config.state.bucketName,
    key,
    region: config.region,
    encrypt: true,
    kmsKeyId: stateKmsKeyId(config),
    dynamodbTable: locking === "lockfile" ? undefined : config.state.lockTableName,
    useLockfile: locking !== "dynamodb" ? true : undefined,
  });
}
