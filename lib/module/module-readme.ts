/**
 * README.md of the registry module: prose, a usage example, and generated Requirements,
 * Providers, Resources, Inputs and Outputs tables between the `BEGIN_TF_DOCS`/`END_TF_DOCS`
 * markers in terraform-docs' markdown-table layout (so `terraform-docs` can take over).
 */
import { hclPretty } from "./hcl";
import { TERRAFORM_REQUIRED_VERSION, awsProviderConstraint, prettyType } from "./module-files";
import type { ModuleVariable } from "./variables";
import { CORE_ADDRESS_PREFIX, CORE_DIR, CORE_MODULE_CALL } from "./module-wrapper";

export const DOCS_BEGIN = "<!-- BEGIN_TF_DOCS -->";
export const DOCS_END = "<!-- END_TF_DOCS -->";

/** What the README needs. */
export interface ReadmeInput {
  readonly moduleName: string;
  readonly version: string;
  readonly variables: ModuleVariable[];
  readonly outputs: Array<{ name: string; description: string }>;
  /** `type.name` of every resource and data source in modules/core/main.tf.json. */
  readonly resources: string[];
  readonly dataSources: string[];
  /** The module block of the usage example. */
  readonly usage: string;
}

const anchor = (kind: string, name: string) => `<a name="${kind}_${name}"></a> [${name.replace(/_/g, "\\_")}](#${kind}\\_${name.replace(/_/g, "\\_")})`;

/** Table cell text: pipes escaped, `<`/`>` escaped outside code spans, one line. */
export function cell(text: string): string {
  return text
    .replace(/\r?\n/g, " ")
    .split("`")
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")))
    .join("`")
    .replace(/\|/g, "\\|");
}

/** A value as a table cell: inline code, or a `<pre>` block for multi-line text. */
function codeCell(text: string): string {
  if (!text.includes("\n")) return `\`${text.replace(/\|/g, "\\|")}\``;
  const html = text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\|/g, "&#124;");
  return `<pre>${html.split("\n").join("<br/>")}</pre>`;
}

function docsUrl(kind: "resources" | "data-sources", type: string): string {
  return `https://registry.terraform.io/providers/hashicorp/aws/latest/docs/${kind}/${type.replace(/^aws_/, "")}`;
}

/** The generated section between the markers. */
export function docsSection(input: ReadmeInput): string {
  const aws = awsProviderConstraint();
  const lines: string[] = [DOCS_BEGIN, "## Requirements", "", "| Name | Version |", "|------|---------|"];
  lines.push(`| ${anchor("requirement", "terraform")} | ${TERRAFORM_REQUIRED_VERSION} |`);
  lines.push(`| ${anchor("requirement", "aws")} | ${aws} |`);
  lines.push("", "## Providers", "", "| Name | Version |", "|------|---------|", `| ${anchor("provider", "aws")} | ${aws} |`);
  lines.push(
    "",
    "## Modules",
    "",
    "| Name | Source | Version |",
    "|------|--------|---------|",
    `| ${anchor("module", CORE_MODULE_CALL)} | ./${CORE_DIR} | n/a |`,
  );
  lines.push("", "## Resources", "", `Of \`${CORE_DIR}\`, at \`${CORE_ADDRESS_PREFIX}<type>.<name>\` in this module (none when \`create\` is false).`);
  lines.push("", "| Name | Type |", "|------|------|");
  for (const r of [...input.resources].sort()) lines.push(`| [${r}](${docsUrl("resources", r.split(".")[0])}) | resource |`);
  for (const d of [...input.dataSources].sort()) lines.push(`| [${d}](${docsUrl("data-sources", d.split(".")[0])}) | data source |`);
  lines.push("", "## Inputs", "", "| Name | Description | Type | Default | Required |", "|------|-------------|------|---------|:--------:|");
  const sorted = [...input.variables].sort((a, b) => Number(b.required) - Number(a.required) || a.name.localeCompare(b.name));
  for (const v of sorted) {
    const dflt = v.required ? "n/a" : codeCell(hclPretty(v.default));
    lines.push(`| ${anchor("input", v.name)} | ${cell(v.description)} | ${codeCell(prettyType(v.type, ""))} | ${dflt} | ${v.required ? "yes" : "no"} |`);
  }
  lines.push("", "## Outputs", "", "| Name | Description |", "|------|-------------|");
  for (const o of [...input.outputs].sort((a, b) => a.name.localeCompare(b.name))) lines.push(`| ${anchor("output", o.name)} | ${cell(o.description)} |`);
  lines.push(DOCS_END);
  return lines.join("\n");
}

/** README.md */
export function moduleReadme(input: ReadmeInput): string {
  return `# ${input.moduleName}

Serverless Jenkins on AWS as a Terraform module: a Jenkins controller on ECS Fargate with
JENKINS_HOME on EFS, behind an HTTPS Application Load Balancer, and build agents launched by
the amazon-ecs plugin on two ECS clusters, one on FARGATE and one on FARGATE_SPOT. Agents reach
the controller through Cloud Map. AWS Backup protects JENKINS_HOME. An SNS topic, encrypted with
its own KMS key, receives the CloudWatch alarms and EventBridge events; its key policy lets those
services publish, so the alerts arrive.

Version ${input.version}, generated from the \`jenkins\` stack of serverless-jenkins-cdktf. The
stack's constructs are reused, and the variables are derived from the same configuration schema,
so both validate the same rules with the same messages.

## Usage

\`\`\`hcl
${input.usage}
\`\`\`

Network: give \`vpc_id\` with public subnets and private subnets that have outbound internet
access (NAT), or leave \`vpc_id\` unset and the module creates the VPC the \`jenkins\` stack
creates (\`vpc_cidr\`, \`availability_zones\`, \`nat_gateways\`, \`vpc_flow_logs\`). Either way it
needs an ACM certificate in the provider's region. See
[\`examples/complete\`](examples/complete) for a full configuration in your own VPC with a
provider block, variables and \`terraform.tfvars.sample\`, and
[\`examples/new-vpc\`](examples/new-vpc) for the fewest inputs (it plans with none).

The release archive \`${input.moduleName}-${input.version}.tar.gz\` holds the module at its root
(no top-level directory), so an HTTP address of it is a module source as it is, without
\`//subdir\`:

\`\`\`hcl
module "jenkins" {
  source = "https://artifacts.example.com/${input.moduleName}-${input.version}.tar.gz"
  # ...
}
\`\`\`

To try the complete example from the archive:

\`\`\`sh
mkdir ${input.moduleName} && tar -xzf ${input.moduleName}-${input.version}.tar.gz -C ${input.moduleName}
cd ${input.moduleName}/examples/complete
cp terraform.tfvars.sample terraform.tfvars   # then edit it
terraform init
terraform plan -out jenkins.tfplan
terraform apply jenkins.tfplan
\`\`\`

## How inputs shape the resources

Every part that depends on an input is switched by Terraform (\`count\`, \`for_each\`, \`dynamic\`),
so a change of inputs is a plan, not a regeneration:

| Input | Effect |
|-------|--------|
| \`agent_templates\` | One JCasC template per entry, built with \`yamlencode\`. Spot entries go to the \`fargate-spot\` cloud with a FARGATE_SPOT capacity provider strategy. Entries with \`task_policy_json\` each get their own task role (\`for_each\`), and the controller may pass only those roles and the agent execution role. |
| \`controller_image\` | Unset: CodeBuild builds the image (\`count\`), with a content-addressed tag. Set: the image is used as given. |
| \`route53_zone_id\` | Set: an alias record for \`hostname\` (\`count\`). |
| \`allowed_cidrs\` | One ALB ingress rule per CIDR and port (\`for_each\`). |
| \`private_subnet_ids\`, \`internal_alb\` | One EFS mount target per private subnet (\`count\`, so ids known only after apply work). An internal ALB goes in the private subnets. |
| \`alert_emails\`, \`alert_https_endpoints\`, \`alert_sqs_queue_arns\` | One subscription each (\`for_each\`). |
| \`create_admin_password\` | Creates the SSM SecureString from \`admin_password\` (\`count\`); off, the parameter must exist. |
| \`efs_throughput_mode\` | \`bursting\` gets a burst-credit alarm; the other modes get a "no clients" alarm (\`count\`). |
| \`efs_transition_to_ia_days\`, \`alb_access_logs_bucket\` | \`dynamic\` lifecycle policy and access-log blocks. |
| \`create\` | false: nothing is created and every output is null (the core is \`module.this\` with \`count\`). |
| \`account_id\` | Unset: read with \`aws_caller_identity\` (\`count\`). |
| \`vpc_id\` | Unset: a new VPC (\`count\` on each resource): public and private subnets in two zones (\`availability_zones\`, up to three), NAT gateways per \`nat_gateways\`, the default security group emptied, flow logs when \`vpc_flow_logs\`. Set: none of it; \`public_subnet_ids\` and \`private_subnet_ids\` are used. |

## Security

- Customer-managed KMS keys with rotation encrypt EFS, log groups, the ECR repository, the SSM
  parameter, CodeBuild and AWS Backup. The SNS topic has its own key, and its key policy lets
  CloudWatch, EventBridge and AWS Backup publish.
- The HTTPS listener uses a TLS 1.3 policy. HTTP redirects to HTTPS, and the ALB drops invalid
  header fields.
- The EFS access point maps every client to uid/gid 1000 (\`jenkins\`), and the file-system
  policy denies transport without TLS and mounts that bypass the access point.
- The controller's task role holds only what the amazon-ecs plugin calls. RunTask, StopTask and
  DescribeTasks carry an \`ecs:cluster\` condition on the agent clusters. \`ecs:TagResource\` is
  allowed only with \`ecs:CreateAction\` RegisterTaskDefinition or RunTask. \`iam:PassRole\` covers
  only the agent roles.
- The admin password stays in SSM and reaches the container as an ECS secret.
- The module contains no provider configuration and no backend. Configure both in the calling
  root module.

The image build (\`controller_image\` unset) runs \`aws codebuild start-build\` from the machine
running Terraform, once per image tag, so it needs the AWS CLI v2 there.

${docsSection(input)}
`;
}
