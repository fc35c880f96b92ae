import { Construct } from "constructs";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformSettings } from "./terraform-settings";
import type { JenkinsConfig } from "../config/schema";

/** Settings shared by the provider of every stack. */
export interface AwsProviderSettings {
  /** The validated configuration. */
  readonly config: JenkinsConfig;
  /** Value of the `Stack` default tag. */
  readonly stackName: string;
  /** The stack has `removed` blocks (Terraform >= 1.7). @default false */
  readonly removedBlocks?: boolean;
}

/**
 * Configures hashicorp/aws for a stack: region, default tags on every resource, and, when the
 * account id is known, `allowed_account_ids` so a plan against the wrong account stops early.
 */
export function addAwsProvider(scope: Construct, { config, stackName, removedBlocks }: AwsProviderSettings): AwsProvider {
  const provider = new AwsProvider(scope, "aws", {
    region: config.region,
    allowedAccountIds: config.accountId ? [config.accountId] : undefined,
    defaultTags: [
      {
        tags: {
          ...config.tags,
          ManagedBy: "serverless-jenkins-cdktf",
          Stack: stackName,
          NamePrefix: config.namePrefix,
        },
      },
    ],
  });
  new TerraformSettings(scope, "terraform-settings", {
    // Pin the provider exactly (the version @cdktf/provider-aws 20.1.0 was generated from) and
    // name its full source, so plain `terraform init` on the output needs nothing else.
    requiredProviders: { aws: { source: "hashicorp/aws", version: "5.100.0" } },
    // 1.6: S3 backend `endpoints`; 1.4: terraform_data; 1.7: `removed` blocks. `use_lockfile` needs 1.10.
    requiredVersion: config.backend.type === "s3" && config.backend.locking !== "dynamodb" ? ">= 1.10.0" : removedBlocks ? ">= 1.7.0" : ">= 1.6.0",
  });
  return provider;
}
