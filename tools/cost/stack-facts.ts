/** What the synthesized stacks contain, counted for the cost estimate. */
import { instancesOf } from "../terraform/instances";

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
    backupColdStorage: plans.some((p) =>
      ((p.rule as Array<{ lifecycle?: { cold_storage_after?: number } }> | undefined) ?? []).some((r) => (r.lifecycle?.cold_storage_after ?? 0) > 0),
    ),
    flowLogs: all(stacks, "aws_flow_log").length,
    ecrRepositories: all(stacks, "aws_ecr_repository").length,
    codebuildProjects: all(stacks, "aws_codebuild_project").length,
    interfaceEndpoints: all(stacks, "aws_vpc_endpoint").filter((e) => e.vpc_endpoint_type === "Interface").length,
    endpointAzs: Math.max(
      0,
      ...all(stacks, "aws_vpc_endpoint")
        .filter((e) => e.vpc_endpoint_type === "Interface")
        .map((e) => (e.subnet_ids as unknown[] | undefined)?.length ?? 0),
    ),
  };
}
