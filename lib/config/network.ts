/**
 * `network`: bring your own VPC or create one. Imported by lib/config/schema.ts.
 */
import { z } from "zod";
import { CIDR, logRetention } from "./patterns";

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
      .describe("New VPC: the availability zones, at least two. Empty: the first two zones the account can use, read with `aws_availability_zones` at plan time."),
    natGateways: z
      .enum(["one-per-az", "single"])
      .default("one-per-az")
      .describe("New VPC: one NAT gateway per AZ (survives an AZ outage) or a single shared one (cheaper)."),
    flowLogs: z.boolean().default(true).describe("New VPC: send VPC flow logs (rejected and accepted traffic) to CloudWatch Logs."),
    flowLogRetentionDays: logRetention(90),
  })
  .strict()
  .describe("Network: bring your own VPC or create one.");
