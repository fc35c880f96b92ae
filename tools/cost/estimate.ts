/**
 * Monthly cost estimate of the configured stacks (`npm run cost`). Pure: no I/O, no clock.
 *
 * What the stacks contain (NAT gateways, public IPs, alarms, keys, clusters with Container
 * Insights, subscriptions, ...) is counted in their synthesized JSON; sizes and region come
 * from the configuration; what only usage decides (agent hours, EFS size, NAT traffic, log
 * volume) comes from {@link Usage}, with defaults from {@link defaultUsage}.
 */
import type { JenkinsConfig } from "../../lib/config/schema";
import { instancesOf } from "../terraform/instances";
import { PRICES, PriceTable, regionPrices, RegionPrices } from "./prices";
import { comparePullPaths, PullPathComparison } from "./vpc-endpoints";

type Resources = Record<string, Record<string, Record<string, unknown>>>;

/** A synthesized stack (`cdk.tf.json`), the parts read here. */
export interface SynthesizedStackJson {
  readonly resource?: Resources;
}

/** What the synthesized stacks contain, as far as cost goes. */
export interface StackFacts {
  readonly natGateways: number;
  /** Public IPv4 addresses: NAT EIPs plus one per subnet of an internet-facing ALB. */
  readonly publicIpv4: number;
  readonly loadBalancers: number;
  readonly alarms: number;
  readonly kmsKeys: number;
  /** ECS clusters with Container Insights enabled. */
  readonly insightsClusters: number;
  /** ECS services in those clusters. */
  readonly insightsServices: number;
  readonly cloudMapNamespaces: number;
  readonly cloudMapServices: number;
  readonly emailSubscriptions: number;
  readonly httpsSubscriptions: number;
  readonly efsFileSystems: number;
  readonly efsElasticThroughput: boolean;
  readonly efsInfrequentAccess: boolean;
  readonly backupPlans: number;
  readonly backupColdStorage: boolean;
  readonly flowLogs: number;
  readonly ecrRepositories: number;
  readonly codebuildProjects: number;
  /** Interface VPC endpoints, and the AZs (subnets) each is in. */
  readonly interfaceEndpoints: number;
  readonly endpointAzs: number;
}

function all(stacks: readonly SynthesizedStackJson[], ...types: string[]): Record<string, unknown>[] {
  // Instances, as Terraform creates them from for_each/count (tools/terraform/instances.ts).
  return stacks.flatMap((s) => types.flatMap((t) => Object.entries(s.resource?.[t] ?? {}).flatMap(([id, body]) => instancesOf(id, body).map(([, b]) => b))));
}

/** Counts what costs money in the synthesized stacks (the `jenkins` and `state` stacks). */
export function stackFacts(stacks: readonly SynthesizedStackJson[]): StackFacts {
  const lbs = all(stacks, "aws_alb", "aws_lb");
  const albIps = lbs.filter((lb) => lb.internal !== true).reduce((n, lb) => n + ((lb.subnets as unknown[] | undefined)?.length ?? 2), 0);
  const clusters = Object.entries(Object.assign({}, ...stacks.map((s) => s.resource?.aws_ecs_cluster ?? {})) as Record<string, Record<string, unknown>>);
  const insights = clusters.filter(([, c]) =>
    ((c.setting as Array<{ name: string; value: string }> | undefined) ?? []).some((s) => s.name === "containerInsights" && s.value !== "disabled"),
  );
  const insightIds = new Set(insights.map(([id]) => id));
  const services = all(stacks, "aws_ecs_service").filter((s) => {
    const m = /aws_ecs_cluster\.([A-Za-z0-9_-]+)\./.exec(String(s.cluster));
    return m ? insightIds.has(m[1]) : false;
  });
  const subs = all(stacks, "aws_sns_topic_subscription");
  const efs = all(stacks, "aws_efs_file_system");
  const plans = all(stacks, "aws_backup_plan");
  return {
    natGateways: all(stacks, "aws_nat_gateway").length,
    publicIpv4: all(stacks, "aws_eip").length + albIps,
    loadBalancers: lbs.length,
    alarms: all(stacks, "aws_cloudwatch_metric_alarm").length,
    kmsKeys: all(stacks, "aws_kms_key").length,
    insightsClusters: insights.length,
    insightsServices: services.length,
    cloudMapNamespaces: all(stacks, "aws_service_discovery_private_dns_namespace").length,
    cloudMapServices: all(stacks, "aws_service_discovery_service").length,
    emailSubscriptions: subs.filter((s) => s.protocol === "email").length,
    httpsSubscriptions: subs.filter((s) => s.protocol === "https").length,
    efsFileSystems: efs.length,
    efsElasticThroughput: efs.some((f) => f.throughput_mode === "elastic"),
    efsInfrequentAccess: efs.some((f) => ((f.lifecycle_policy as Array<Record<string, string>> | undefined) ?? []).some((p) => p.transition_to_ia)),
    backupPlans: plans.length,
    backupColdStorage: plans.some((p) => ((p.rule as Array<{ lifecycle?: { cold_storage_after?: number } }> | undefined) ?? []).some((r) => (r.lifecycle?.cold_storage_after ?? 0) > 0)),
    flowLogs: all(stacks, "aws_flow_log").length,
    ecrRepositories: all(stacks, "aws_ecr_repository").length,
    codebuildProjects: all(stacks, "aws_codebuild_project").length,
    interfaceEndpoints: all(stacks, "aws_vpc_endpoint").filter((e) => e.vpc_endpoint_type === "Interface").length,
    endpointAzs: Math.max(0, ...all(stacks, "aws_vpc_endpoint").filter((e) => e.vpc_endpoint_type === "Interface").map((e) => (e.subnet_ids as unknown[] | undefined)?.length ?? 0)),
  };
}

/** A Fargate task size. */
export interface TaskSize {
  /** CPU units (1024 = 1 vCPU). */
  readonly cpu: number;
  /** Memory in MiB. */
  readonly memory: number;
  /** Ephemeral storage in GiB (20 included). */
  readonly ephemeralGib?: number;
}

/** What usage decides; every field has a default in {@link defaultUsage}. */
export interface Usage {
  /** Agent task-hours per month on FARGATE (on demand). */
  readonly agentHoursOnDemand: number;
  /** Agent task-hours per month on FARGATE_SPOT. */
  readonly agentHoursSpot: number;
  readonly agentSizeOnDemand: TaskSize;
  readonly agentSizeSpot: TaskSize;
  /** JENKINS_HOME size on EFS, GB. */
  readonly efsGb: number;
  /** Share of it in Infrequent Access, 0-100 (only with an IA lifecycle policy). */
  readonly efsIaPercent: number;
  /** Elastic throughput: GB read / written per month. */
  readonly efsReadGb: number;
  readonly efsWriteGb: number;
  /** Recovery points in warm / cold storage, GB. */
  readonly backupWarmGb: number;
  readonly backupColdGb: number;
  /** Data through the NAT gateways per month besides agent image pulls (plugin downloads, git, packages), GB. */
  readonly natGb: number;
  /** Average Load Balancer Capacity Units. */
  readonly albLcu: number;
  /** Application logs (controller, agents, image builds) ingested per month, GB. */
  readonly logsGb: number;
  /** VPC flow logs ingested per month, GB. */
  readonly flowLogsGb: number;
  /** Controller and agent images kept in ECR, GB. */
  readonly ecrGb: number;
  /** Controller image builds per month, and minutes each. */
  readonly imageBuilds: number;
  readonly imageBuildMinutes: number;
  /** Alert notifications per month (each goes to every subscription). */
  readonly alertsPerMonth: number;
  /** Agent tasks started per day (each pulls its whole image: Fargate caches none). */
  readonly agentStartsPerDay: number;
  /** Compressed agent image size, GB. */
  readonly agentImageGb: number;
}

/** Default usage for a configuration: agent sizes from its templates, modest volumes. */
export function defaultUsage(config: JenkinsConfig): Usage {
  const size = (spot: boolean): TaskSize => {
    const t = config.agents.templates.find((x) => x.spot === spot) ?? config.agents.templates[0];
    return { cpu: t.cpu, memory: t.memory, ephemeralGib: t.ephemeralStorageGiB };
  };
  const spot = config.agents.spotCluster && config.agents.templates.some((t) => t.spot);
  return {
    agentHoursOnDemand: spot ? 40 : 200,
    agentHoursSpot: spot ? 160 : 0,
    agentSizeOnDemand: size(false),
    agentSizeSpot: size(true),
    efsGb: 20,
    efsIaPercent: config.storage.transitionToIaDays > 0 ? 50 : 0,
    efsReadGb: 30,
    efsWriteGb: 15,
    backupWarmGb: 25,
    backupColdGb: config.backup.coldStorageAfterDays > 0 ? 40 : 0,
    natGb: 30,
    albLcu: 0.2,
    logsGb: 3,
    flowLogsGb: config.network.flowLogs && !config.network.vpcId ? 5 : 0,
    ecrGb: 1.5,
    imageBuilds: config.image.mode === "codebuild" ? 2 : 0,
    imageBuildMinutes: 8,
    alertsPerMonth: 50,
    agentStartsPerDay: 100,
    agentImageGb: 0.2,
  };
}

/** One line of the estimate. */
export interface LineItem {
  readonly service: string;
  readonly item: string;
  readonly quantity: number;
  readonly unit: string;
  readonly unitPrice: number;
  readonly monthly: number;
  /** Where the quantity comes from. */
  readonly basis: "config" | "stack" | "usage";
}

/** The estimate. */
export interface Estimate {
  readonly region: string;
  readonly regionName: string;
  readonly currency: string;
  readonly pricesAsOf: string;
  readonly lines: readonly LineItem[];
  readonly total: number;
  /** The total if the FARGATE_SPOT agent hours ran on FARGATE instead. */
  readonly totalAllOnDemand: number;
  /** totalAllOnDemand - total. */
  readonly spotSavings: number;
  /** What the FARGATE_SPOT agent hours would cost on FARGATE. */
  readonly spotHoursOnDemandCost: number;
  /** Agent image pulls through NAT vs VPC endpoints (the configured endpoints, or the default six in two AZs). */
  readonly pullPaths: PullPathComparison & { readonly agentStartsPerDay: number; readonly imageGb: number; readonly interfaceEndpoints: number; readonly azs: number; readonly endpointsEnabled: boolean };
  readonly caveat: string;
  readonly sources: readonly string[];
}

/** Fargate price of one task-hour of `size`. */
export function fargateTaskHour(p: RegionPrices, size: TaskSize, spot: boolean): number {
  const vcpu = size.cpu / 1024;
  const gb = size.memory / 1024;
  const extraStorage = Math.max(0, (size.ephemeralGib ?? 20) - 20);
  return vcpu * (spot ? p.fargate.spotVcpuHour : p.fargate.vcpuHour) + gb * (spot ? p.fargate.spotGbHour : p.fargate.gbHour) + extraStorage * p.fargate.ephemeralGbHour;
}

const describeSize = (s: TaskSize) => `${s.cpu / 1024} vCPU, ${s.memory / 1024} GB${s.ephemeralGib && s.ephemeralGib > 20 ? `, ${s.ephemeralGib} GiB disk` : ""}`;

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
  add("Fargate", `agents on FARGATE (${describeSize(usage.agentSizeOnDemand)})`, usage.agentHoursOnDemand, "task-hours", fargateTaskHour(p, usage.agentSizeOnDemand, false), "usage");
  add("Fargate", `agents on FARGATE_SPOT (${describeSize(usage.agentSizeSpot)})`, usage.agentHoursSpot, "task-hours", fargateTaskHour(p, usage.agentSizeSpot, true), "usage");

  // Edge and network.
  add("Load balancer", "ALB hours", facts.loadBalancers * H, "ALB-hours", p.alb.hour, "stack");
  add("Load balancer", "ALB capacity units", facts.loadBalancers * usage.albLcu * H, "LCU-hours", p.alb.lcuHour, "usage");
  add("NAT gateway", `${facts.natGateways} NAT gateway(s) (network.natGateways: ${config.network.natGateways})`, facts.natGateways * H, "gateway-hours", p.natGateway.hour, "stack");
  if (facts.natGateways > 0) add("NAT gateway", "data processed", usage.natGb, "GB", p.natGateway.gbProcessed, "usage");
  // Agent image pulls: through the NAT gateway, or (vpcEndpoints.enabled) through the endpoints.
  const endpointsEnabled = facts.interfaceEndpoints > 0;
  const pull = { agentStartsPerDay: usage.agentStartsPerDay, imageGb: usage.agentImageGb, otherAwsGb: usage.logsGb, interfaceEndpoints: endpointsEnabled ? facts.interfaceEndpoints : 6, azs: endpointsEnabled ? facts.endpointAzs : 2 };
  const pullPaths = { ...comparePullPaths(p, pull, H), ...pull, endpointsEnabled };
  if (endpointsEnabled) {
    add("VPC endpoints", `${facts.interfaceEndpoints} interface endpoints in ${facts.endpointAzs} AZs`, facts.interfaceEndpoints * facts.endpointAzs * H, "endpoint-AZ-hours", p.vpcEndpoint.interfaceAzHour, "stack");
    add("VPC endpoints", "interface data processed (logs, API calls; image layers via the free S3 gateway)", usage.logsGb, "GB", p.vpcEndpoint.gbProcessed, "usage");
  } else if (facts.natGateways > 0) {
    add("NAT gateway", `agent image pulls (${usage.agentStartsPerDay} starts a day x ${usage.agentImageGb} GB)`, pullPaths.imageGbPerMonth, "GB", p.natGateway.gbProcessed, "usage");
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
  const stored = storedLogsGb(usage.logsGb, config.controller.logRetentionDays) + (facts.flowLogs > 0 ? storedLogsGb(usage.flowLogsGb, config.network.flowLogRetentionDays) : 0);
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
  if (facts.codebuildProjects > 0) add("CodeBuild", "controller image builds (general1.medium)", usage.imageBuilds * usage.imageBuildMinutes, "build-minutes", p.codebuild.generalMediumLinuxMinute, "usage");
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
  if (facts.httpsSubscriptions > 0) add("SNS", "HTTPS notifications", usage.alertsPerMonth * facts.httpsSubscriptions, "deliveries", p.sns.httpsPerMillion / 1e6, "usage");

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

const money = (v: number) => `$${v.toFixed(2)}`;
function unitPrice(v: number): string {
  if (v === 0) return "$0";
  if (v >= 0.1) return `$${v.toFixed(4).replace(/0+$/, "").replace(/\.$/, "")}`;
  return `$${Number(v.toPrecision(3))}`;
}
function qty(v: number): string {
  return Number.isInteger(v) ? String(v) : v >= 10 ? v.toFixed(0) : v.toFixed(2);
}

/** The estimate as a Markdown table plus totals. */
export function formatEstimate(e: Estimate): string {
  const rows = e.lines.map((l) => `| ${l.service} | ${l.item} | ${qty(l.quantity)} ${l.unit} | ${unitPrice(l.unitPrice)} | ${money(l.monthly)} | ${l.basis} |`);
  const pct = (part: number, whole: number) => (whole > 0 ? ((part / whole) * 100).toFixed(0) : "0");
  return [
    `Monthly cost estimate, ${e.region} (${e.regionName}), ${e.currency} list prices as of ${e.pricesAsOf}`,
    "",
    "| Service | Item | Quantity | Unit price | Monthly | From |",
    "|---|---|---:|---:|---:|---|",
    ...rows,
    `| **Total** | | | | **${money(e.total)}** | |`,
    "",
    `All on demand (the FARGATE_SPOT agent hours on FARGATE instead) the total would be ${money(e.totalAllOnDemand)}: ` +
      `FARGATE_SPOT saves ${money(e.spotSavings)} a month, ${pct(e.spotSavings, e.spotHoursOnDemandCost)} % of those agents' compute, ${pct(e.spotSavings, e.totalAllOnDemand)} % of the total.`,
    "",
    `Agent image pulls, ${e.pullPaths.agentStartsPerDay} starts a day of a ${e.pullPaths.imageGb} GB image (${qty(e.pullPaths.imageGbPerMonth)} GB a month): ` +
      `through the NAT gateway ${money(e.pullPaths.nat)} a month (data processing, with logs); through ${e.pullPaths.interfaceEndpoints} interface endpoints in ${e.pullPaths.azs} AZs and the S3 gateway ${money(e.pullPaths.endpoints)} ` +
      `(${money(e.pullPaths.endpointHours)} endpoint hours + ${money(e.pullPaths.endpointData)} data). Endpoints pay off above ${Number.isFinite(e.pullPaths.breakEvenStartsPerDay) ? Math.ceil(e.pullPaths.breakEvenStartsPerDay) : "no number of"} starts a day` +
      `${e.pullPaths.endpointsEnabled ? " (vpcEndpoints is on)." : " (vpcEndpoints is off; set vpcEndpoints.enabled to switch)."}`,
    "",
    `Prices: tools/cost/prices.ts, as of ${e.pricesAsOf}; they must be checked against the AWS price list. ${e.caveat}`,
    "",
  ].join("\n");
}
