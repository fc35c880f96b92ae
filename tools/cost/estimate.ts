/**
 * Monthly cost estimate of the configured stacks (`npm run cost`). Pure: no I/O, no clock.
 *
 * What the stacks contain (NAT gateways, public IPs, alarms, keys, clusters with Container
 * Insights, subscriptions, ...) is counted in their synthesized JSON; sizes and region come
 * from the configuration; what only usage decides (agent hours, EFS size, NAT traffic, log
 * volume) comes from {@link Usage}, with defaults from {@link defaultUsage}.
 */
import type { JenkinsConfig } from "../../lib/config/schema";
import { PRICES, PriceTable, regionPrices, RegionPrices } from "./prices";
import { comparePullPaths } from "./vpc-endpoints";
import type { Estimate, LineItem } from "./estimate-result";
import { StackFacts } from "./stack-facts";
import { TaskSize, Usage } from "./usage";

export { stackFacts } from "./stack-facts";
export type { StackFacts, SynthesizedStackJson } from "./stack-facts";
export { defaultUsage } from "./usage";
export type { TaskSize, Usage } from "./usage";
export { formatEstimate } from "./format";
export type { Estimate, LineItem } from "./estimate-result";

/** Fargate price of one task-hour of `size`. */
export function fargateTaskHour(p: RegionPrices, size: TaskSize, spot: boolean): number {
  const vcpu = size.cpu / 1024;
  const gb = size.memory / 1024;
  const extraStorage = Math.max(0, (size.ephemeralGib ?? 20) - 20);
  return (
    vcpu * (spot ? p.fargate.spotVcpuHour : p.fargate.vcpuHour) +
    gb * (spot ? p.fargate.spotGbHour : p.fargate.gbHour) +
    extraStorage * p.fargate.ephemeralGbHour
  );
}

const describeSize = (s: TaskSize) =>
  `${s.cpu / 1024} vCPU, ${s.memory / 1024} GB${s.ephemeralGib && s.ephemeralGib > 20 ? `, ${s.ephemeralGib} GiB disk` : ""}`;

/** Compressed stored size of logs kept `retentionDays` at `gbPerMonth` (CloudWatch stores ~15 %). */
function storedLogsGb(gbPerMonth: number, retentionDays: number): number {
  return gbPerMonth * (Math.min(retentionDays, 3653) / 30) * 0.15;
}

/** Container Insights (standard) metrics: per cluster, per service, per task family (approximate). */
export const INSIGHTS_METRICS = { perCluster: 13, perService: 17, perTaskFamily: 11 } as const;

/** Computes the monthly estimate. Throws UnknownRegionError for a region the table lacks. */
export function estimateCost(config: JenkinsConfig, facts: StackFacts, usage: Usage, table: PriceTable = PRICES, region = config.region): Estimate {
  const p = regionPrices(region, table);
  const H = table.hoursPerMonth;
  const lines: LineItem[] = [];
  const add = (service: string, item: string, quantity: number, unit: string, unitPrice: number, basis: LineItem["basis"]) => {
    if (quantity <= 0) return;
    lines.push({ service, item, quantity, unit, unitPrice, monthly: quantity * unitPrice, basis });
  };

  // Compute.
  const controller: TaskSize = { cpu: config.controller.cpu, memory: config.controller.memory };
  add("Fargate", `controller (${describeSize(controller)}), on demand, always on`, H, "task-hours", fargateTaskHour(p, controller, false), "config");
  add(
    "Fargate",
    `agents on FARGATE (${describeSize(usage.agentSizeOnDemand)})`,
    usage.agentHoursOnDemand,
    "task-hours",
    fargateTaskHour(p, usage.agentSizeOnDemand, false),
    "usage",
  );
  add(
    "Fargate",
    `agents on FARGATE_SPOT (${describeSize(usage.agentSizeSpot)})`,
    usage.agentHoursSpot,
    "task-hours",
    fargateTaskHour(p, usage.agentSizeSpot, true),
    "usage",
  );

  // Edge and network.
  add("Load balancer", "ALB hours", facts.loadBalancers * H, "ALB-hours", p.alb.hour, "stack");
  add("Load balancer", "ALB capacity units", facts.loadBalancers * usage.albLcu * H, "LCU-hours", p.alb.lcuHour, "usage");
  add(
    "NAT gateway",
    `${facts.natGateways} NAT gateway(s) (network.natGateways: ${config.network.natGateways})`,
    facts.natGateways * H,
    "gateway-hours",
    p.natGateway.hour,
    "stack",
  );
  if (facts.natGateways > 0) add("NAT gateway", "data processed", usage.natGb, "GB", p.natGateway.gbProcessed, "usage");
  // Agent image pulls: through the NAT gateway, or (vpcEndpoints.enabled) through the endpoints.
  const endpointsEnabled = facts.interfaceEndpoints > 0;
  const pull = {
    agentStartsPerDay: usage.agentStartsPerDay,
    imageGb: usage.agentImageGb,
    otherAwsGb: usage.logsGb,
    interfaceEndpoints: endpointsEnabled ? facts.interfaceEndpoints : 6,
    azs: endpointsEnabled ? facts.endpointAzs : 2,
  };
  const pullPaths = { ...comparePullPaths(p, pull, H), ...pull, endpointsEnabled };
  if (endpointsEnabled) {
    add(
      "VPC endpoints",
      `${facts.interfaceEndpoints} interface endpoints in ${facts.endpointAzs} AZs`,
      facts.interfaceEndpoints * facts.endpointAzs * H,
      "endpoint-AZ-hours",
      p.vpcEndpoint.interfaceAzHour,
      "stack",
    );
    add(
      "VPC endpoints",
      "interface data processed (logs, API calls; image layers via the free S3 gateway)",
      usage.logsGb,
      "GB",
      p.vpcEndpoint.gbProcessed,
      "usage",
    );
  } else if (facts.natGateways > 0) {
    add(
      "NAT gateway",
      `agent image pulls (${usage.agentStartsPerDay} starts a day x ${usage.agentImageGb} GB)`,
      pullPaths.imageGbPerMonth,
      "GB",
      p.natGateway.gbProcessed,
      "usage",
    );
  }
  add("VPC", `${facts.publicIpv4} public IPv4 addresses (NAT EIPs, ALB nodes)`, facts.publicIpv4 * H, "IP-hours", p.publicIpv4Hour, "stack");

  // Storage and backup.
  if (facts.efsFileSystems > 0) {
    const ia = facts.efsInfrequentAccess ? Math.min(100, Math.max(0, usage.efsIaPercent)) / 100 : 0;
    add("EFS", "JENKINS_HOME, Standard", usage.efsGb * (1 - ia), "GB-months", p.efs.standardGbMonth, "usage");
    add("EFS", "JENKINS_HOME, Infrequent Access", usage.efsGb * ia, "GB-months", p.efs.infrequentAccessGbMonth, "usage");
    if (facts.efsElasticThroughput) {
      add("EFS", "elastic throughput, reads", usage.efsReadGb, "GB", p.efs.elasticReadGb, "usage");
      add("EFS", "elastic throughput, writes", usage.efsWriteGb, "GB", p.efs.elasticWriteGb, "usage");
    }
  }
  if (facts.backupPlans > 0) {
    add("AWS Backup", "EFS recovery points, warm", usage.backupWarmGb, "GB-months", p.backup.efsWarmGbMonth, "usage");
    if (facts.backupColdStorage) add("AWS Backup", "EFS recovery points, cold", usage.backupColdGb, "GB-months", p.backup.efsColdGbMonth, "usage");
  }

  // Observability.
  add("CloudWatch", "logs ingested (controller, agents, image builds)", usage.logsGb, "GB", p.cloudwatch.logsIngestGb, "usage");
  if (facts.flowLogs > 0) add("CloudWatch", "VPC flow logs ingested (vended)", usage.flowLogsGb, "GB", p.cloudwatch.vendedLogsIngestGb, "usage");
  const stored =
    storedLogsGb(usage.logsGb, config.controller.logRetentionDays) +
    (facts.flowLogs > 0 ? storedLogsGb(usage.flowLogsGb, config.network.flowLogRetentionDays) : 0);
  add("CloudWatch", "logs stored (compressed, at the configured retention)", stored, "GB-months", p.cloudwatch.logsStorageGbMonth, "usage");
  add("CloudWatch", `${facts.alarms} metric alarms`, facts.alarms, "alarm-months", p.cloudwatch.alarmMonth, "stack");
  if (facts.insightsClusters > 0) {
    const agentFamilies = config.agents.templates.length;
    const agentShare = Math.min(1, (usage.agentHoursOnDemand + usage.agentHoursSpot) / H);
    const metrics =
      facts.insightsClusters * INSIGHTS_METRICS.perCluster +
      facts.insightsServices * (INSIGHTS_METRICS.perService + INSIGHTS_METRICS.perTaskFamily) +
      agentFamilies * INSIGHTS_METRICS.perTaskFamily * agentShare;
    add("CloudWatch", `Container Insights metrics (${facts.insightsClusters} clusters)`, metrics, "metric-months", p.cloudwatch.metricMonth, "stack");
    const perfLogsGb = (facts.insightsServices * H + usage.agentHoursOnDemand + usage.agentHoursSpot) * 0.001;
    add("CloudWatch", "Container Insights performance log events", perfLogsGb, "GB", p.cloudwatch.logsIngestGb, "usage");
  }

  // Image, keys, discovery, notifications.
  if (facts.ecrRepositories > 0) add("ECR", "controller and agent images", usage.ecrGb, "GB-months", p.ecr.storageGbMonth, "usage");
  if (facts.codebuildProjects > 0)
    add(
      "CodeBuild",
      "controller image builds (general1.medium)",
      usage.imageBuilds * usage.imageBuildMinutes,
      "build-minutes",
      p.codebuild.generalMediumLinuxMinute,
      "usage",
    );
  add("KMS", `${facts.kmsKeys} customer managed keys (both stacks)`, facts.kmsKeys, "key-months", p.kms.keyMonth, "stack");
  add("Cloud Map", "private DNS namespace (Route 53 private hosted zone)", facts.cloudMapNamespaces, "zone-months", p.cloudMap.hostedZoneMonth, "stack");
  add("Cloud Map", "registered controller instance", facts.cloudMapServices, "instance-months", p.cloudMap.instanceMonth, "stack");
  if (facts.emailSubscriptions > 0) {
    // The first e-mails of a month are free; the line shows all of them, priced beyond the free ones.
    const emails = usage.alertsPerMonth * facts.emailSubscriptions;
    const price = p.sns.emailPer100k / 100000;
    lines.push({
      service: "SNS",
      item: `alert e-mails (${facts.emailSubscriptions} subscriptions; ${p.sns.freeEmailsMonth} a month free)`,
      quantity: emails,
      unit: "e-mails",
      unitPrice: price,
      monthly: Math.max(0, emails - p.sns.freeEmailsMonth) * price,
      basis: "usage",
    });
  }
  if (facts.httpsSubscriptions > 0)
    add("SNS", "HTTPS notifications", usage.alertsPerMonth * facts.httpsSubscriptions, "deliveries", p.sns.httpsPerMillion / 1e6, "usage");

  const total = lines.reduce((n, l) => n + l.monthly, 0);
  const spotHoursOnDemandCost = usage.agentHoursSpot * fargateTaskHour(p, usage.agentSizeSpot, false);
  const spotSavings = spotHoursOnDemandCost - usage.agentHoursSpot * fargateTaskHour(p, usage.agentSizeSpot, true);
  return {
    region,
    regionName: p.name,
    currency: table.currency,
    pricesAsOf: table.asOf,
    lines,
    total,
    totalAllOnDemand: total + spotSavings,
    spotSavings,
    spotHoursOnDemandCost,
    pullPaths,
    caveat: table.caveat,
    sources: table.sources,
  };
}
