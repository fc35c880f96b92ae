/**
 * The cross-field step of validation: every rule that looks at more than one field, or at a
 * field against AWS's rules, as a list of small named functions over the parsed configuration.
 *
 * lib/config/load-config.ts runs them even when some fields failed their type checks: it
 * replaces the bad fields by their defaults, runs every rule with a recorder of the fields it
 * reads, and keeps the issues of the rules that read no replaced field. So a type error or an
 * unknown key never hides the problems of other fields, and no issue is reported about a value
 * the user did not write.
 *
 * The errors are here; the warnings (settings without effect) in warnings.ts; how a rule runs in rule-runner.ts.
 */
import type { JenkinsConfig } from "../schema";
import { describeFargateMemory, isValidFargateSize } from "../fargate-sizes";
import { nameIssues } from "./aws-names";
import { backupCronProblem } from "./backup-schedule";
import { policyIssues } from "./iam-policy";
import type { Issue, Warning } from "./issue";
import { allowedCidrIssues, newVpcIssues } from "./network";
import { arnPartitionIssues } from "./arns";
import { partitionOfRegion, regionProblem } from "./regions";
import { tagIssues } from "./tags";
import { Rule, runRules, wasSet } from "./rule-runner";
import { WARNINGS } from "./warnings";
import { authProblems } from "../auth";
import { credentialsProblems } from "../credentials";
import { jobsProblems } from "../jobs";
import { agentImagesIssues } from "../agent-images";
import { vpcEndpointsIssues } from "../vpc-endpoints";
import { iamProblems } from "../iam";
import { kmsProblems } from "../kms";

export type { Issue, Warning } from "./issue";
export { runRules, wasSet } from "./rule-runner";
export type { Rule, RuleRun } from "./rule-runner";
export { WARNINGS } from "./warnings";

const partition = (c: JenkinsConfig) => partitionOfRegion(c.region) ?? "aws";

/** Every rule, by name. */
export const RULES: Record<string, Rule> = {
  // ---------------------------------------------------------------- team setup (lib/config/{auth,credentials,jobs}.ts)
  auth: (c, add) => authProblems(c.auth, { region: c.region, accountId: c.accountId }, add),
  credentials: (c, add) => credentialsProblems(c.credentials, { region: c.region, accountId: c.accountId }, add),
  jobs: (c, add) => jobsProblems(c.jobs, c.credentials, add),
  // ---------------------------------------------------------------- agents at scale (lib/config/{agent-images,vpc-endpoints}.ts)
  agentImages: (c, add) => agentImagesIssues(c, add),
  vpcEndpoints: (c, add) => vpcEndpointsIssues(c, add),
  // ---------------------------------------------------------------- enterprise hooks (lib/config/{iam,kms}.ts)
  iam: (c, add) => iamProblems(c.iam, c.accountId, add),
  kmsKeyRegion: (c, add) => kmsProblems(c.kms, c.region, add),
  // ---------------------------------------------------------------- regions and ARNs
  region: (c, add) => {
    const p = regionProblem(c.region);
    if (p) add(["region"], `"${c.region}" ${p}`);
  },
  // Every ARN in the configuration, whatever its field (lib/config/rules/arns.ts).
  arnPartitions: (c, add) => arnPartitionIssues(c).forEach((i) => add(i.path, i.message)),
  certificateRegion: (c, add) => {
    const arn = c.loadBalancer.certificateArn;
    if (arn && !arn.includes(`:acm:${c.region}:`)) add(["loadBalancer", "certificateArn"], `the certificate must be in the stack's region ${c.region}`);
  },
  certificateAccount: (c, add) => {
    if (c.accountId && c.loadBalancer.certificateArn && !c.loadBalancer.certificateArn.includes(`:${c.accountId}:`))
      add(["loadBalancer", "certificateArn"], `the certificate belongs to another account than accountId ${c.accountId}`);
  },

  // ---------------------------------------------------------------- names and tags
  names: (c, add) => nameIssues(c).forEach((i) => add(i.path, i.message)),
  tags: (c, add) => tagIssues(c.tags).forEach((i) => add(i.path, i.message)),

  // ---------------------------------------------------------------- network
  byoSubnets: (c, add) => {
    if (c.network.vpcId === undefined) return;
    if (c.network.publicSubnetIds.length < 2) add(["network", "publicSubnetIds"], "with network.vpcId, give at least two public subnet ids in different AZs");
    if (c.network.privateSubnetIds.length < 2)
      add(["network", "privateSubnetIds"], "with network.vpcId, give at least two private subnet ids in different AZs");
    const all = [...c.network.publicSubnetIds, ...c.network.privateSubnetIds];
    if (new Set(all).size !== all.length) add(["network", "privateSubnetIds"], "a subnet id appears twice; public and private subnets must differ");
  },
  byoIgnoresNewVpcSettings: (c, add, input) => {
    if (c.network.vpcId === undefined) return;
    if (c.network.availabilityZones.length > 0) add(["network", "availabilityZones"], "only for a new VPC; remove it or remove network.vpcId");
    for (const k of ["cidr", "natGateways", "flowLogs", "flowLogRetentionDays"])
      if (wasSet(input, ["network", k])) add(["network", k], `only for a new VPC and ignored with network.vpcId; remove it or remove network.vpcId`);
  },
  securityGroupsWithoutVpc: (c, add) => {
    if (c.network.vpcId !== undefined) return;
    for (const [part, ids] of Object.entries(c.network.additionalSecurityGroupIds))
      if (ids.length > 0)
        add(
          ["network", "additionalSecurityGroupIds", part],
          "security groups of yours can only be attached in your own VPC; set network.vpcId (a new VPC has none of your groups yet)",
        );
  },
  subnetsWithoutVpc: (c, add) => {
    if (c.network.vpcId !== undefined) return;
    if (c.network.publicSubnetIds.length > 0 || c.network.privateSubnetIds.length > 0)
      add(["network", "vpcId"], "subnet ids were given without network.vpcId; set vpcId to use your own VPC, or remove the subnet ids to create one");
  },
  newVpcZones: (c, add) => {
    if (c.network.vpcId !== undefined) return;
    const azs = c.network.availabilityZones;
    if (azs.length === 1) add(["network", "availabilityZones"], "give at least two availability zones (or none for the first two the account can use)");
    if (new Set(azs).size !== azs.length) add(["network", "availabilityZones"], "availability zones must be distinct");
    azs.forEach((az, i) => {
      if (!az.startsWith(c.region)) add(["network", "availabilityZones", i], `zone ${az} is not in region ${c.region}`);
    });
  },
  newVpcCidrRange: (c, add) => {
    if (c.network.vpcId !== undefined) return;
    const prefix = Number(c.network.cidr.split("/")[1]);
    if (prefix < 16 || prefix > 24) add(["network", "cidr"], "the new VPC's CIDR must be a /16 to /24");
  },
  newVpcLayout: (c, add) => {
    if (c.network.vpcId !== undefined) return;
    const prefix = Number(c.network.cidr.split("/")[1]);
    if (prefix < 16 || prefix > 24) return;
    const zones = c.network.availabilityZones.filter((z) => z.startsWith(c.region));
    newVpcIssues({ cidr: c.network.cidr, zones, region: c.region, maxAgents: c.agents.maxAgents, clouds: c.agents.spotCluster ? 2 : 1 }).forEach((i) =>
      // Zone indexes refer to the filtered list only when every zone is in the region.
      zones.length === c.network.availabilityZones.length || !(i.path[2] !== undefined) ? add(i.path, i.message) : undefined,
    );
  },
  allowedCidrs: (c, add) => allowedCidrIssues(c.loadBalancer.allowedCidrs).forEach((i) => add(i.path, i.message)),

  // ---------------------------------------------------------------- Fargate and agents
  controllerSize: (c, add) => {
    if (!isValidFargateSize(c.controller.cpu, c.controller.memory))
      add(
        ["controller", "memory"],
        `Fargate does not accept ${c.controller.memory} MiB with ${c.controller.cpu} CPU units; allowed: ${describeFargateMemory(c.controller.cpu)}`,
      );
  },
  templateSizes: (c, add) =>
    c.agents.templates.forEach((t, i) => {
      if (!isValidFargateSize(t.cpu, t.memory))
        add(["agents", "templates", i, "memory"], `Fargate does not accept ${t.memory} MiB with ${t.cpu} CPU units; allowed: ${describeFargateMemory(t.cpu)}`);
    }),
  templateSpot: (c, add) =>
    c.agents.templates.forEach((t, i) => {
      if (t.spot && !c.agents.spotCluster)
        add(["agents", "templates", i, "spot"], `template "${t.label}" is spot but agents.spotCluster is false; set spotCluster to true or spot to false`);
    }),
  templateLabels: (c, add) => {
    const labels = c.agents.templates.map((t) => t.label);
    labels.forEach((l, i) => {
      if (labels.indexOf(l) !== i) add(["agents", "templates", i, "label"], `duplicate label "${l}"; each template needs its own label`);
    });
  },
  templatePolicies: (c, add) =>
    c.agents.templates.forEach((t, i) => {
      if (t.taskPolicy) policyIssues(t.taskPolicy, partition(c), ["agents", "templates", i, "taskPolicy"]).forEach((x) => add(x.path, x.message));
    }),

  // ---------------------------------------------------------------- certificate and DNS
  certificateSource: (c, add) => {
    const dns = c.loadBalancer.dns;
    if (!c.loadBalancer.certificateArn && (!dns.hostname || !dns.zoneId))
      add(
        ["loadBalancer", "certificateArn"],
        "give an ACM certificate ARN, or set loadBalancer.dns.hostname and loadBalancer.dns.zoneId so one is created and DNS-validated",
      );
  },
  zoneWithoutHost: (c, add) => {
    if (c.loadBalancer.dns.zoneId && !c.loadBalancer.dns.hostname)
      add(["loadBalancer", "dns", "hostname"], "a hosted zone was given without the host name to create in it");
  },

  // ---------------------------------------------------------------- storage and image
  provisionedThroughput: (c, add) => {
    if (c.storage.throughputMode === "provisioned" && c.storage.provisionedThroughputMibps === undefined)
      add(["storage", "provisionedThroughputMibps"], "required when storage.throughputMode is provisioned");
    if (c.storage.throughputMode !== "provisioned" && c.storage.provisionedThroughputMibps !== undefined)
      add(["storage", "provisionedThroughputMibps"], "only used with storage.throughputMode provisioned; remove it or change the mode");
  },
  maxIoElastic: (c, add) => {
    if (c.storage.performanceMode === "maxIO" && c.storage.throughputMode === "elastic")
      add(["storage", "throughputMode"], "elastic throughput works only with performanceMode generalPurpose; use bursting or provisioned with maxIO");
  },
  prebuiltUri: (c, add) => {
    if (c.image.mode === "prebuilt" && !c.image.uri) add(["image", "uri"], "required when image.mode is prebuilt");
    if (c.image.mode !== "prebuilt" && c.image.uri) add(["image", "uri"], "only used with image.mode prebuilt; remove it or set mode to prebuilt");
  },

  // ---------------------------------------------------------------- backup
  backupSchedule: (c, add) => {
    const p = backupCronProblem(c.backup.schedule);
    if (p) add(["backup", "schedule"], p);
  },
  backupRetention: (c, add) => {
    const { coldStorageAfterDays: cold, deleteAfterDays: del } = c.backup;
    if (cold > 0 && del < cold + 90)
      add(["backup", "deleteAfterDays"], `must be at least coldStorageAfterDays + 90 = ${cold + 90} (AWS keeps cold storage for at least 90 days)`);
  },
  backupRules: (c, add) =>
    c.backup.additionalRules.forEach((r, i) => {
      const p = backupCronProblem(r.schedule);
      if (p) add(["backup", "additionalRules", i, "schedule"], p);
      if (r.coldStorageAfterDays > 0 && r.deleteAfterDays < r.coldStorageAfterDays + 90)
        add(["backup", "additionalRules", i, "deleteAfterDays"], `must be at least coldStorageAfterDays + 90 = ${r.coldStorageAfterDays + 90}`);
      if (r.name === "daily" || c.backup.additionalRules.findIndex((x) => x.name === r.name) !== i)
        add(["backup", "additionalRules", i, "name"], `rule name "${r.name}" is used twice (the default rule is "daily")`);
    }),
  vaultLock: (c, add) => {
    const lock = c.backup.vaultLock;
    if (!lock.enabled) return;
    if (lock.minRetentionDays > lock.maxRetentionDays) add(["backup", "vaultLock", "minRetentionDays"], "must not exceed maxRetentionDays");
    const within = (d: number) => d >= lock.minRetentionDays && d <= lock.maxRetentionDays;
    const range = `${lock.minRetentionDays}-${lock.maxRetentionDays} days`;
    if (!within(c.backup.deleteAfterDays))
      add(
        ["backup", "deleteAfterDays"],
        `${c.backup.deleteAfterDays} days lies outside the vault lock's retention ${range}; the vault would reject the recovery points`,
      );
    c.backup.additionalRules.forEach((r, i) => {
      if (!within(r.deleteAfterDays))
        add(
          ["backup", "additionalRules", i, "deleteAfterDays"],
          `${r.deleteAfterDays} days lies outside the vault lock's retention ${range}; the vault would reject the recovery points of rule "${r.name}"`,
        );
    });
  },
};

/** Every issue of every rule (for the zod schema's own superRefine). */
export function ruleIssues(c: JenkinsConfig, input?: unknown): Issue[] {
  return runRules(RULES, c, input).flatMap((r) => r.issues);
}

/** Every warning. */
export function ruleWarnings(c: JenkinsConfig, input?: unknown): Warning[] {
  return runRules(WARNINGS, c, input).flatMap((r) => r.issues);
}
