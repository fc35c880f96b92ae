/**
 * Configuration of the optional VPC endpoints (section `vpcEndpoints`): image pulls, logs and
 * the AWS APIs the tasks call stay inside the VPC instead of crossing the NAT gateway.
 * Imported into lib/config/schema.ts.
 */
import { z } from "zod";

/**
 * Interface endpoints the tasks can use, and who calls them:
 * - `ecr.api`, `ecr.dkr`: every image pull (layers then come from S3 through the gateway);
 * - `logs`: the awslogs driver of the controller and every agent;
 * - `ecs`: the amazon-ecs plugin (RegisterTaskDefinition, RunTask, ...);
 * - `ssm`: the admin password the ECS agent reads at controller start;
 * - `sns`: build notifications from the controller;
 * - `ssmmessages`: ECS Exec sessions;
 * - `sts`, `secretsmanager`, `kms`: builds that call them from agents.
 */
export const INTERFACE_ENDPOINT_SERVICES = ["ecr.api", "ecr.dkr", "logs", "ecs", "ssm", "sns", "ssmmessages", "sts", "secretsmanager", "kms"] as const;
export type InterfaceEndpointService = (typeof INTERFACE_ENDPOINT_SERVICES)[number];

export const VpcEndpointsSchema = z
  .object({
    enabled: z
      .boolean()
      .default(false)
      .describe(
        "Create VPC endpoints so image pulls, logs and AWS API calls of the tasks stay off the NAT gateway (see docs/agents.md, VPC endpoints, for the cost comparison).",
      ),
    interfaceServices: z
      .array(z.enum(INTERFACE_ENDPOINT_SERVICES))
      .min(1)
      .default(["ecr.api", "ecr.dkr", "logs", "ecs", "ssm", "sns"])
      .describe("Interface endpoints (one per service, in every private subnet's AZ, private DNS on)."),
    s3Gateway: z.boolean().default(true).describe("S3 gateway endpoint on the private route tables (ECR image layers are served from S3; no hourly charge)."),
    routeTableIds: z
      .array(z.string().regex(/^rtb-[0-9a-f]{8,17}$/, "must be a route table id like rtb-0123456789abcdef0"))
      .default([])
      .describe("Bring your own VPC: the private subnets' route tables, for the S3 gateway. A new VPC uses its own."),
  })
  .strict()
  .describe("Optional VPC endpoints (off by default).");

export type VpcEndpointsConfig = z.output<typeof VpcEndpointsSchema>;

/** Cross-field rules; `issue(path, message)` reports one. */
export function vpcEndpointsIssues(
  c: { vpcEndpoints: VpcEndpointsConfig; network: { vpcId?: string } },
  issue: (path: (string | number)[], message: string) => void,
): void {
  const e = c.vpcEndpoints;
  if (!e.enabled) return;
  if (new Set(e.interfaceServices).size !== e.interfaceServices.length) issue(["vpcEndpoints", "interfaceServices"], "a service is listed twice");
  const byo = c.network.vpcId !== undefined;
  if (byo && e.s3Gateway && e.routeTableIds.length === 0)
    issue(["vpcEndpoints", "routeTableIds"], "with network.vpcId and s3Gateway true, give the private subnets' route table ids (or set s3Gateway to false)");
  if (!byo && e.routeTableIds.length > 0) issue(["vpcEndpoints", "routeTableIds"], "only for network.vpcId; a new VPC uses its own route tables");
}
