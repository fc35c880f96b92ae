/**
 * A consumer root of the registry module for offline plans: the AWS provider, `module "jenkins"`
 * calling the built module in an existing VPC, and the offline provider override beside it.
 * Used where a test plans the module with its own inputs and outputs (module-switches,
 * enterprise-hooks, module-create); module-plan.ts's ModulePlanner reuses one init across roots.
 */
import * as fs from "fs";
import * as path from "path";
import { OFFLINE_PROVIDER_OVERRIDE } from "../../tools/terraform/offline-terraform";

/** The inputs of a module call in an existing VPC (two subnets per tier) with a certificate. */
export const EXISTING_VPC_INPUTS = `  account_id         = "123456789012"
  vpc_id             = "vpc-0123456789abcdef0"
  public_subnet_ids  = ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"]
  private_subnet_ids = ["subnet-0bbbbbbbbbbbbbbb1", "subnet-0bbbbbbbbbbbbbbb2"]`;

/**
 * Writes `dir/main.tf` (the module called from `moduleDir`, by a relative path, with
 * EXISTING_VPC_INPUTS, `certificate_arn` and the `inputs` lines; then the `outputs` HCL) and the
 * offline provider override. Creates `dir`.
 */
export function writeConsumerRoot(dir: string, opts: { moduleDir: string; certificateArn: string; inputs: string; outputs: string }): string {
  return writeConsumerRootCalls(dir, {
    moduleDir: opts.moduleDir,
    certificateArn: opts.certificateArn,
    calls: { jenkins: opts.inputs },
    outputs: opts.outputs,
  });
}

/**
 * {@link writeConsumerRoot} with several calls of the module, one per entry of `calls` (call name →
 * its `inputs` lines), so that one plan covers several cases (module-calls.ts reads each call's part).
 */
export function writeConsumerRootCalls(
  dir: string,
  opts: { moduleDir: string; certificateArn: string; calls: Record<string, string>; outputs: string },
): string {
  fs.mkdirSync(dir, { recursive: true });
  const source = path.relative(dir, opts.moduleDir).split(path.sep).join("/");
  const blocks = Object.entries(opts.calls).map(
    ([call, inputs]) => `module "${call}" {
  source = "${source}"

${EXISTING_VPC_INPUTS}
  certificate_arn    = "${opts.certificateArn}"
${inputs}
}
`,
  );
  fs.writeFileSync(
    path.join(dir, "main.tf"),
    `provider "aws" {
  region = "eu-west-1"
}

${blocks.join("\n")}
${opts.outputs}`,
  );
  fs.writeFileSync(path.join(dir, "zz_offline_override.tf.json"), JSON.stringify({ provider: OFFLINE_PROVIDER_OVERRIDE.provider }, null, 2));
  return dir;
}
