/**
 * `examples/new-vpc` of the registry module: the fewest inputs. The module creates the VPC
 * (`vpc_id` unset), the example creates a DNS-validated ACM certificate for `hostname`, and
 * every variable has a default, so `terraform plan -input=false` runs with no input at all.
 * The tests plan it offline with nothing but the provider override.
 */
import { TERRAFORM_REQUIRED_VERSION, awsProviderConstraint } from "./module-files";

/** Files of examples/new-vpc, by name. */
export function newVpcExample(moduleName: string): Record<string, string> {
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
  region = var.region
}

# The HTTPS listener's certificate, validated through DNS. See README.md: the first apply waits
# until the validation record exists in the DNS of var.hostname.
resource "aws_acm_certificate" "jenkins" {
  domain_name       = var.hostname
  validation_method = "DNS"

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_acm_certificate_validation" "jenkins" {
  certificate_arn = aws_acm_certificate.jenkins.arn
}

# No vpc_id: the module creates the VPC (two zones, a NAT gateway per zone, flow logs).
module "jenkins" {
  source = "../../"

  name_prefix     = var.name_prefix
  hostname        = var.hostname
  certificate_arn = aws_acm_certificate_validation.jenkins.certificate_arn
}
`;

  const variables = `variable "region" {
  description = "AWS region."
  type        = string
  default     = "eu-west-1"
}

variable "name_prefix" {
  description = "Prefix of every resource name."
  type        = string
  default     = "jenkins"
}

variable "hostname" {
  description = "Host name of Jenkins: the certificate is issued for it; point it at the alb_dns_name output."
  type        = string
  default     = "jenkins.example.com"
}
`;

  const outputs = `output "jenkins_url" {
  description = "Jenkins URL."
  value       = module.jenkins.jenkins_url
}

output "alb_dns_name" {
  description = "DNS name of the ALB: the target of a CNAME or alias record for var.hostname."
  value       = module.jenkins.alb_dns_name
}

output "vpc_id" {
  description = "The VPC the module created."
  value       = module.jenkins.vpc_id
}

output "certificate_validation_records" {
  description = "The DNS records that validate the certificate."
  value = [for o in aws_acm_certificate.jenkins.domain_validation_options : {
    name  = o.resource_record_name
    type  = o.resource_record_type
    value = o.resource_record_value
  }]
}
`;

  const readme = `# New VPC example

The fewest inputs: Serverless Jenkins in a VPC the module creates (two availability zones, the
first two your account can use; a NAT gateway per zone; VPC flow logs), behind an HTTPS ALB with
a certificate for \`hostname\`. Every variable has a default, so this plans with no input:

\`\`\`sh
terraform init
terraform plan -input=false
\`\`\`

Set \`hostname\` to a name whose DNS you control (\`-var hostname=jenkins.example.org\` or a
\`terraform.tfvars\`). ACM validates the certificate through a DNS record, so apply in two steps:

\`\`\`sh
terraform apply -target=aws_acm_certificate.jenkins
terraform output certificate_validation_records   # create this CNAME in your DNS
terraform apply                                   # waits until the certificate is issued
\`\`\`

Then point \`hostname\` at the \`alb_dns_name\` output and open the \`jenkins_url\` output. Log in as
\`ecsuser\` with the password from the SSM parameter \`<name_prefix>-pwd\`, which must exist first
(or set \`create_admin_password\` and \`admin_password\` on the module). The controller image is
built by CodeBuild on the first apply, which needs the AWS CLI v2 where Terraform runs.

The source \`../../\` is the module root of the ${moduleName} archive. Needs Terraform
${TERRAFORM_REQUIRED_VERSION}.
`;
  return { "main.tf": main, "variables.tf": variables, "outputs.tf": outputs, "README.md": readme };
}
