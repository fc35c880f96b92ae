/**
 * `examples/complete` of the registry module: a root module with a provider block that calls
 * the module from `../../`, its variables, outputs, a `terraform.tfvars.sample` and a README.
 * The tests copy it, add an offline provider override, and run init/validate/plan on it.
 */
import { TERRAFORM_REQUIRED_VERSION, awsProviderConstraint } from "./module-files";

/** The module block of the README's usage section. */
export function usageBlock(source: string): string {
  return `module "jenkins" {
  source = "${source}"

  name_prefix        = "jenkins"
  vpc_id             = "vpc-0123456789abcdef0"
  public_subnet_ids  = ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"]
  private_subnet_ids = ["subnet-0bbbbbbbbbbbbbbb1", "subnet-0bbbbbbbbbbbbbbb2"]
  certificate_arn    = "arn:aws:acm:eu-west-1:123456789012:certificate/00000000-0000-4000-8000-000000000000"
  hostname           = "jenkins.example.com"
  route53_zone_id    = "Z0123456789ABCDEFGHIJ"

  agent_templates = {
    build      = { cpu = 1024, memory = 2048 }
    build-spot = { spot = true, cpu = 1024, memory = 2048 }
  }

  alert_emails = ["jenkins-ops@example.com"]
}`;
}

/** Files of examples/complete, by name. */
export function completeExample(moduleName: string): Record<string, string> {
  const main = `terraform {
  required_version = "${TERRAFORM_REQUIRED_VERSION}"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "${awsProviderConstraint()}"
    }
  }
}

provider "aws" {
  region              = var.region
  allowed_account_ids = [var.account_id]

  default_tags {
    tags = {
      Project = "serverless-jenkins"
    }
  }
}

# What builds on the "deploy" label may do in AWS: read the artifacts bucket. Only this
# template gets a task role; the others run without AWS permissions.
locals {
  deploy_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid      = "ReadArtifacts"
      Effect   = "Allow"
      Action   = ["s3:GetObject", "s3:ListBucket"]
      Resource = [var.artifacts_bucket_arn, "\${var.artifacts_bucket_arn}/*"]
    }]
  })
}

module "jenkins" {
  source = "../../"

  name_prefix = var.name_prefix
  account_id  = var.account_id
  tags        = { Environment = "example" }

  vpc_id             = var.vpc_id
  public_subnet_ids  = var.public_subnet_ids
  private_subnet_ids = var.private_subnet_ids
  certificate_arn    = var.certificate_arn
  hostname           = var.hostname
  route53_zone_id    = var.route53_zone_id

  controller_cpu    = var.controller_cpu
  controller_memory = var.controller_memory
  controller_image  = var.controller_image

  agent_templates = {
    build      = { cpu = 1024, memory = 2048 }
    build-spot = { spot = true, cpu = 1024, memory = 2048 }
    deploy     = { cpu = 512, memory = 1024, task_policy_json = local.deploy_policy }
  }

  alert_emails = var.alert_emails

  # Sign-in through the company's OpenID Connect provider; the local admin stays as the
  # break-glass account. The client secret stays in Secrets Manager.
  auth = {
    mode = "oidc"
    oidc = {
      issuer        = var.oidc_issuer
      client_id     = var.oidc_client_id
      client_secret = { secrets_manager_arn = var.oidc_client_secret_arn }
      scopes        = ["openid", "profile", "email", "groups"]
    }
    admin_groups     = ["platform-admins"]
    developer_groups = ["developers"]
  }

  # Pipelines from git; "github-token" is the Secrets Manager secret jenkins/github-token.
  jobs = {
    repositories = [
      { name = "platform-pipelines", url = "https://github.com/acme/platform-pipelines.git", credentials_id = "github-token" },
    ]
  }

  backup_schedule                = "cron(0 3 * * ? *)"
  backup_cold_storage_after_days = 30
  backup_delete_after_days       = 120
}
`;

  const variables = `variable "region" {
  description = "AWS region."
  type        = string
  default     = "eu-west-1"
}

variable "account_id" {
  description = "AWS account id (the provider refuses any other account)."
  type        = string
}

variable "name_prefix" {
  description = "Prefix of every resource name."
  type        = string
  default     = "jenkins"
}

variable "vpc_id" {
  description = "VPC to deploy into."
  type        = string
}

variable "public_subnet_ids" {
  description = "Public subnets for the ALB (two or more AZs)."
  type        = list(string)
}

variable "private_subnet_ids" {
  description = "Private subnets with NAT for the controller, agents and EFS (two or more AZs)."
  type        = list(string)
}

variable "certificate_arn" {
  description = "ACM certificate for the ALB, in var.region."
  type        = string
}

variable "hostname" {
  description = "Public host name of Jenkins (null: the ALB's DNS name)."
  type        = string
  default     = null
}

variable "route53_zone_id" {
  description = "Hosted zone for the alias record of hostname (null: no record)."
  type        = string
  default     = null
}

variable "artifacts_bucket_arn" {
  description = "Bucket the deploy agents may read."
  type        = string
}

variable "controller_cpu" {
  description = "Controller CPU units."
  type        = number
  default     = 2048
}

variable "controller_memory" {
  description = "Controller memory (MiB)."
  type        = number
  default     = 4096
}

variable "controller_image" {
  description = "Prebuilt controller image (null: build it with CodeBuild)."
  type        = string
  default     = null
}

variable "oidc_issuer" {
  description = "Issuer URL of the OpenID Connect provider."
  type        = string
}

variable "oidc_client_id" {
  description = "Client id of the Jenkins application at the provider."
  type        = string
}

variable "oidc_client_secret_arn" {
  description = "Secrets Manager secret holding the client secret."
  type        = string
}

variable "alert_emails" {
  description = "E-mail addresses for alerts."
  type        = list(string)
  default     = []
}
`;

  const outputs = `output "jenkins_url" {
  description = "Jenkins URL."
  value       = module.jenkins.jenkins_url
}

output "alb_dns_name" {
  description = "DNS name of the ALB."
  value       = module.jenkins.alb_dns_name
}

output "alerts_topic_arn" {
  description = "SNS topic of alerts."
  value       = module.jenkins.alerts_topic_arn
}

output "agent_task_role_arns" {
  description = "Task role per agent label."
  value       = module.jenkins.agent_task_role_arns
}

output "jcasc_yaml" {
  description = "The generated JCasC YAML."
  value       = module.jenkins.jcasc_yaml
}
`;

  const tfvars = `# Copy to terraform.tfvars and put in your own values.
region               = "eu-west-1"
account_id           = "123456789012"
name_prefix          = "jenkins"
vpc_id               = "vpc-0123456789abcdef0"
public_subnet_ids    = ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"]
private_subnet_ids   = ["subnet-0bbbbbbbbbbbbbbb1", "subnet-0bbbbbbbbbbbbbbb2"]
certificate_arn      = "arn:aws:acm:eu-west-1:123456789012:certificate/00000000-0000-4000-8000-000000000000"
hostname             = "jenkins.example.com"
route53_zone_id      = "Z0123456789ABCDEFGHIJ"
artifacts_bucket_arn = "arn:aws:s3:::example-org-build-artifacts"
alert_emails         = ["jenkins-ops@example.com"]

oidc_issuer            = "https://login.example.com/realms/acme"
oidc_client_id         = "jenkins"
oidc_client_secret_arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:jenkins-oidc-client"
`;

  const readme = `# Complete example

Serverless Jenkins in an existing VPC:
- HTTPS on \`hostname\`, with a Route 53 alias record;
- a controller image built by CodeBuild;
- three agent templates: \`build\` on FARGATE, \`build-spot\` on FARGATE_SPOT, and \`deploy\` with
  its own task role that may read one bucket;
- sign-in through an OpenID Connect provider (admins and developers by group), the local admin
  as break-glass account;
- a multibranch pipeline of a git repository, cloned with a credential from Secrets Manager;
- e-mail alerts;
- a daily backup, moved to cold storage after 30 days and deleted after 120.

\`\`\`sh
cp terraform.tfvars.sample terraform.tfvars   # then edit it
terraform init
terraform plan -out jenkins.tfplan
terraform apply jenkins.tfplan
\`\`\`

Needs Terraform ${TERRAFORM_REQUIRED_VERSION}, credentials for \`account_id\`, and the AWS CLI v2 on
the machine that runs \`apply\` (it starts the CodeBuild image build). Set \`controller_image\` to a
prebuilt image to skip the build. Each recipient confirms the SNS e-mail subscription once.

Register \`<jenkins url>/securityRealm/finishLogin\` as the callback URL at the provider and put
the client secret in the secret \`oidc_client_secret_arn\` names. After \`apply\`, open the
\`jenkins_url\` output and sign in through the provider. The break-glass login is
\`<jenkins url>/securityRealm/escapeHatch\`: \`ecsuser\` with the password from the SSM parameter
\`jenkins-pwd\`, which must exist first (or set \`create_admin_password\` and \`admin_password\` on
the module). The job \`platform-pipelines\` builds every branch with a Jenkinsfile.

The source \`../../\` is the module root of the ${moduleName} archive. In your own configuration,
use the path of the extracted archive, a git URL, or a registry address.
`;
  return { "main.tf": main, "variables.tf": variables, "outputs.tf": outputs, "terraform.tfvars.sample": tfvars, "README.md": readme };
}
