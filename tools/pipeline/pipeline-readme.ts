/** The README.md of a pipeline package: how to init, plan and apply it with plain Terraform. */
import type { PackageManifest } from "./package-manifest";

/** The package's README.md, from its manifest. */
export function pipelineReadme(m: PackageManifest): string {
  const b = m.backend;
  const init = [`terraform init`, `  -backend-config="bucket=${b.bucket}"`, `  -backend-config="key=${b.key}"`, `  -backend-config="region=${b.region}"`];
  if (b.dynamodb_table) init.push(`  -backend-config="dynamodb_table=${b.dynamodb_table}"`);
  if (b.kms_key_id) init.push(`  -backend-config="kms_key_id=${b.kms_key_id}"`);
  return [
    `# ${m.stack} ${m.version}${m.commit ? ` (${m.commit}${m.dirty ? ", uncommitted changes" : ""})` : ""}`,
    "",
    `The \`${m.stack}\` stack of serverless-jenkins-cdktf, synthesized from a configuration with`,
    `SHA-256 \`${m.configSha256}\`${m.varsFile ? ` (${m.varsFile})` : ""}. Plain Terraform; no Node, no cdktf.`,
    "`PACKAGE.json` lists every file with its SHA-256.",
    "",
    "## Needs",
    "",
    `- terraform ${m.terraform.requiredVersion ?? ""} and hashicorp/aws ${Object.values(m.terraform.providers)
      .map((p) => p.version)
      .join(", ")} (pinned in \`.terraform.lock.hcl\` for ${m.terraform.lockPlatforms.join(", ")})`,
    "- AWS credentials for the target account",
    ...m.applyNeeds.map((n) => `- ${n}`),
    "",
    "## Run",
    "",
    "The S3 backend is configured in `cdk.tf.json`; `-backend-config` values override it (partial configuration).",
    "",
    "```sh",
    `${init.join(" \\\n")}`,
    "terraform plan -out=tfplan",
    "terraform apply tfplan",
    "```",
    "",
    "On a platform the lock file does not list, add it where the registry is reachable:",
    "`terraform providers lock -platform=<os>_<arch>`.",
    "",
  ].join("\n");
}
