/** What usage decides in the cost estimate (agent hours, volumes), with defaults per configuration. */
import type { JenkinsConfig } from "../../lib/config/schema";

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
