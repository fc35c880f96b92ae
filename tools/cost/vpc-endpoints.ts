/**
 * Image pulls and logs through the NAT gateway or through VPC endpoints: the monthly cost of
 * both for a number of agent starts per day (Fargate caches no image, so every start pulls the
 * whole image). Pure: no I/O. Used by the estimate (tools/cost/estimate.ts) and docs/agents.md.
 */
import type { RegionPrices } from "./prices";

/** What the comparison needs. */
export interface PullTraffic {
  /** Agent tasks started per day (each pulls its image once). */
  readonly agentStartsPerDay: number;
  /** Compressed size of the agent image, GB. */
  readonly imageGb: number;
  /** Other traffic the endpoints would carry (logs, ECS/SSM/SNS API calls), GB per month. */
  readonly otherAwsGb: number;
  /** Interface endpoints (services). */
  readonly interfaceEndpoints: number;
  /** Availability zones each interface endpoint has a network interface in. */
  readonly azs: number;
  /** Days in a month. @default 30 */
  readonly daysPerMonth?: number;
}

/** Both options, monthly. */
export interface PullPathComparison {
  /** GB of image layers pulled per month. */
  readonly imageGbPerMonth: number;
  /** Through the NAT gateway: data processing of the pulls and the other AWS traffic. */
  readonly nat: number;
  /** Through endpoints: endpoint-AZ hours plus interface data processing; image layers come from S3 through the free gateway endpoint. */
  readonly endpoints: number;
  readonly endpointHours: number;
  readonly endpointData: number;
  /** Agent starts per day at which both cost the same (Infinity when endpoints never pay off). */
  readonly breakEvenStartsPerDay: number;
}

/**
 * The comparison. Through endpoints the image manifest and auth go through `ecr.api`/`ecr.dkr`
 * (a few KB) and the layers through the S3 gateway endpoint (no charge), so only logs and API
 * calls are billed as interface data; through NAT every byte is billed as NAT data processed.
 * NAT gateway hours are not included: the NAT stays for git, packages and plugin downloads.
 */
export function comparePullPaths(p: RegionPrices, t: PullTraffic, hoursPerMonth = 730): PullPathComparison {
  const days = t.daysPerMonth ?? 30;
  const imageGbPerMonth = t.agentStartsPerDay * days * t.imageGb;
  const nat = (imageGbPerMonth + t.otherAwsGb) * p.natGateway.gbProcessed;
  const endpointHours = t.interfaceEndpoints * t.azs * hoursPerMonth * p.vpcEndpoint.interfaceAzHour;
  const endpointData = t.otherAwsGb * p.vpcEndpoint.gbProcessed;
  const perStart = days * t.imageGb * p.natGateway.gbProcessed;
  const fixed = endpointHours + endpointData - t.otherAwsGb * p.natGateway.gbProcessed;
  return {
    imageGbPerMonth,
    nat,
    endpoints: endpointHours + endpointData,
    endpointHours,
    endpointData,
    breakEvenStartsPerDay: perStart > 0 ? Math.max(0, fixed / perStart) : Infinity,
  };
}
