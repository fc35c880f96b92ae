import { LocalBackend, S3Backend, TerraformStack } from "./cdktf-core";
import type { JenkinsConfig } from "./config/schema";

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
  const { locking } = config.backend;
  new S3Backend(stack, {
    bucket: config.state.bucketName,
    key: config.backend.key,
    region: config.region,
    encrypt: true,
    dynamodbTable: locking === "lockfile" ? undefined : config.state.lockTableName,
  });
  if (locking !== "dynamodb") stack.addOverride("terraform.backend.s3.use_lockfile", true);
  if (config.emulator.enabled) {
    // Test-only: the emulator's S3 and DynamoDB endpoints (see lib/emulator.ts).
    const e = config.emulator.endpoint;
    stack.addOverride("terraform.backend.s3.endpoints", { s3: e, dynamodb: e, sts: e, iam: e });
    stack.addOverride("terraform.backend.s3.use_path_style", true);
    stack.addOverride("terraform.backend.s3.skip_credentials_validation", true);
    stack.addOverride("terraform.backend.s3.skip_requesting_account_id", true);
    stack.addOverride("terraform.backend.s3.skip_metadata_api_check", true);
    stack.addOverride("terraform.backend.s3.access_key", "testing");
    stack.addOverride("terraform.backend.s3.secret_key", "testing");
  }
}
