/**
 * `network`: bring your own VPC or create one. Imported by lib/config/schema.ts.
 */
import { z } from "zod";
import { CIDR, logRetention } from "./patterns";

/** Security group ids attached to one part; AWS allows 5 per ENI and ALB, the stack's own group takes one. */
const securityGroupIds = (what: string) =>
  z
    .array(z.string().regex(/^sg-[0-9a-f]{8,17}$/, "must be a security group id like sg-0123456789abcdef0"))
    .max(4, "must list at most 4 security groups (AWS allows 5, the stack's own group is one)")
    .default([])
    .describe(`Security groups added to ${what}.`);

export const NetworkSchema = z
  .object({
    vpcId: z
      .string()
      .regex(/^vpc-[0-9a-f]{8,17}$/, "must be a VPC id like vpc-0123456789abcdef0")
      .optional()
      .describe("Bring your own VPC: its id. Unset: a new VPC is created."),
    publicSubnetIds: z
      .array(z.string().regex(/^subnet-[0-9a-f]{8,17}$/, "must be a subnet id like subnet-0123456789abcdef0"))
      .default([])
      .describe("Bring your own VPC: public subnets (for the ALB), at least two in different AZs. Required with `vpcId`."),
    privateSubnetIds: z
      .array(z.string().regex(/^subnet-[0-9a-f]{8,17}$/, "must be a subnet id like subnet-0123456789abcdef0"))
      .default([])
      .describe("Bring your own VPC: private subnets with outbound internet (controller, agents, EFS), at least two in different AZs. Required with `vpcId`."),
    cidr: z.string().regex(CIDR, "must be an IPv4 CIDR like 10.0.0.0/16").default("10.0.0.0/16").describe("New VPC: its CIDR block (a /16 to /24)."),
    availabilityZones: z
      .array(z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d[a-z]$/, "must be an availability zone name like eu-west-1a"))
      .default([])
      .describe(
        "New VPC: the availability zones, at least two. Empty: the first two zones the account can use, read with `aws_availability_zones` at plan time.",
      ),
    natGateways: z
      .enum(["one-per-az", "single"])
      .default("one-per-az")
      .describe("New VPC: one NAT gateway per AZ (survives an AZ outage) or a single shared one (cheaper)."),
    flowLogs: z.boolean().default(true).describe("New VPC: send VPC flow logs (rejected and accepted traffic) to CloudWatch Logs."),
    flowLogRetentionDays: logRetention(90),
    additionalSecurityGroupIds: z
      .object({
        controller: securityGroupIds("the controller task"),
        agents: securityGroupIds("agent tasks (the amazon-ecs plugin's network configuration, through JCasC)"),
        loadBalancer: securityGroupIds("the ALB"),
      })
      .strict()
      .prefault({})
      .describe(
        "Bring your own VPC: security groups of yours attached besides the stack's own (e.g. an organisation's shared ones), per part. They must be in `vpcId`.",
      ),
  })
  .strict()
  .describe("Network: bring your own VPC or create one.");
