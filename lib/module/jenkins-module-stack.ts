import { Construct, Node } from "constructs";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { DataAwsRegion } from "@cdktf/provider-aws/lib/data-aws-region";
import { EfsMountTarget } from "@cdktf/provider-aws/lib/efs-mount-target";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { SsmParameter } from "@cdktf/provider-aws/lib/ssm-parameter";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { TerraformElement, TerraformLocal, TerraformOutput, TerraformResource, TerraformStack, Token } from "../cdktf-core";
import { AgentClusters, ecsTasksTrust } from "../constructs/agents/agent-clusters";
import { AwsEnvironment } from "../constructs/foundation/aws-environment";
import type { JenkinsConfig } from "../config/schema";
import { ControllerDiscovery } from "../constructs/discovery/controller-discovery";
import { ControllerRoles } from "../constructs/controller/controller-roles";
import { ControllerService } from "../constructs/controller/controller-service";
import { EncryptionKey } from "../constructs/kms/encryption-key";
import { JCASC_ENV } from "../constructs/controller/jcasc";
import { JenkinsAlerts } from "../constructs/alerts/jenkins-alerts";
import { JenkinsBackup } from "../constructs/backup/jenkins-backup";
import { JenkinsHomeStorage } from "../constructs/storage/jenkins-home-storage";
import { JenkinsLoadBalancer } from "../constructs/load-balancer/jenkins-load-balancer";
import { dataKeyProps } from "../stacks/jenkins-stack";
import { JenkinsSecurityGroups } from "../constructs/network/security-groups";
import { hclTemplate, hclKey } from "./hcl";
import { JCASC_HEADER, JCASC_LOCALS, exampleLabelExpression, jcascDocumentExpression, jobsDslExpression } from "./jcasc-expression";
import { ModuleControllerImage } from "./module-controller-image";
import { ModuleVariable, moduleVariables } from "./module-variables";
import { fieldInfo } from "./zod-terraform";

/** Name of the registry module (and of its directory and archive). */
export const MODULE_NAME = "terraform-aws-serverless-jenkins";

/** Tags the module puts on everything before the caller's `tags`. */
export const MODULE_TAGS_EXPRESSION = `merge({ ManagedBy = "${MODULE_NAME}", NamePrefix = var.name_prefix }, var.tags)`;

/** One output of the module. */
export interface ModuleOutputSpec {
  readonly name: string;
  readonly description: string;
}

/** `${expr}`: a Terraform expression where cdktf expects a value. */
const tf = (expression: string) => `\${${expression}}`;
/** A Terraform expression typed as a number for construct props. */
const tfNumber = (expression: string) => tf(expression) as unknown as number;
/** A Terraform expression typed as a boolean for construct props. */
const tfBool = (expression: string) => tf(expression) as unknown as boolean;

function snake(s: string): string {
  return s
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/[^A-Za-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .toLowerCase();
}

/**
 * The serverless Jenkins of the `jenkins` stack as a Terraform registry module: the same
 * constructs, configured with references to input variables instead of synth-time values.
 * Everything that depends on an input is Terraform: `count` (Route 53 alias, image build,
 * admin password parameter, EFS alarm by throughput mode, caller identity lookup),
 * `for_each` (agent task roles over templates with a policy, ALB ingress per CIDR, alert
 * subscriptions), `dynamic` blocks (EFS lifecycle, ALB access logs) and the JCasC YAML from
 * `yamlencode` over `var.agent_templates`. Bring-your-own VPC and certificate.
 *
 * No provider configuration and no backend reach the module files: lib/module/package-module.ts
 * takes only variables, locals, data sources, resources and outputs from the synthesized JSON.
 */
export class JenkinsModuleStack extends TerraformStack {
  /** The input variables. */
  public readonly variables: ModuleVariable[];
  /** The outputs, in order. */
  public readonly outputs: ModuleOutputSpec[] = [];
  private readonly logicalIds = new Map<string, string>();

  constructor(scope: Construct, id: string) {
    super(scope, id);
    // Needed for synthesis only; the packager leaves provider blocks out of the module.
    new AwsProvider(this, "aws", {});

    // Variables are written to variables.tf from this table (lib/module/package-module.ts);
    // the stack refers to them as var.<name>, checked against it.
    this.variables = moduleVariables();
    const declared = new Set(this.variables.map((x) => x.name));
    const v = (n: string) => {
      if (!declared.has(n)) throw new Error(`module variable ${n} is not declared in lib/module/module-variables.ts`);
      return `var.${n}`;
    };
    const local = (n: string, value: unknown) => {
      const l = new TerraformLocal(this, `local_${n}`, value);
      this.name(l, n);
      return `local.${n}`;
    };
    const name = tf(v("name_prefix"));

    // ------------------------------------------------------------ account, region, naming
    const region = new DataAwsRegion(this, "Region");
    const partition = new DataAwsPartition(this, "Partition");
    const caller = new DataAwsCallerIdentity(this, "Caller");
    caller.count = Token.asNumber(tf(`${v("account_id")} == null ? 1 : 0`));
    this.name(region, "current");
    this.name(partition, "current");
    this.name(caller, "current");
    const accountId = local("account_id", tf(`${v("account_id")} != null ? ${v("account_id")} : one(${caller.fqn}[*].account_id)`));
    local("tags", tf(MODULE_TAGS_EXPRESSION));
    const env = new AwsEnvironment(this, "Env", {
      region: tf(`${region.fqn}.name`),
      accountId: tf(accountId),
      partition: tf(`${partition.fqn}.partition`),
      dnsSuffix: tf(`${partition.fqn}.dns_suffix`),
    });

    const dataKey = new EncryptionKey(this, "DataKey", dataKeyProps(env, name));
    const keyArn = dataKey.arn;

    // ------------------------------------------------------------ network (bring your own)
    const privateSubnets = Token.asList(tf(v("private_subnet_ids")));
    const sg = new JenkinsSecurityGroups(this, "SecurityGroups", { vpcId: tf(v("vpc_id")), namePrefix: name, albAllowedCidrs: [] });
    for (const [port, what] of [
      [443, "HTTPS from ${each.value}"],
      [80, "HTTP from ${each.value} (redirected to HTTPS)"],
    ] as const) {
      // Under SecurityGroups like the stack's rules: same construct path, so the policy pack's suppressions (keyed by path) apply to both.
      const rule = new VpcSecurityGroupIngressRule(sg, `AlbIngress${port}`, {
        securityGroupId: sg.alb.id,
        description: what,
        ipProtocol: "tcp",
        fromPort: port,
        toPort: port,
        cidrIpv4: "${each.value}",
      });
      rule.addOverride("for_each", tf(`toset(${v("allowed_cidrs")})`));
    }

    // ------------------------------------------------------------ JENKINS_HOME
    const storage = new JenkinsHomeStorage(this, "JenkinsHome", {
      storage: {
        performanceMode: tf(v("efs_performance_mode")),
        throughputMode: tf(v("efs_throughput_mode")),
        transitionToIaDays: 0,
      } as unknown as JenkinsConfig["storage"],
      namePrefix: name,
      kmsKeyArn: keyArn,
      // Mount targets are counted below (subnet ids may be unknown until apply).
      subnetIds: [],
      securityGroupId: sg.efs.id,
      manageBackupPolicy: true,
    });
    const fs = storage.fileSystem;
    fs.addOverride("provisioned_throughput_in_mibps", tf(`${v("efs_throughput_mode")} == "provisioned" ? ${v("efs_provisioned_throughput_mibps")} : null`));
    const days = v("efs_transition_to_ia_days");
    fs.addOverride("dynamic.lifecycle_policy", {
      for_each: tf(
        `${days} > 0 ? [{ ia = ${days} == 1 ? "AFTER_1_DAY" : "AFTER_\${${days}}_DAYS", primary = null }, { ia = null, primary = "AFTER_1_ACCESS" }] : []`,
      ),
      content: { transition_to_ia: "${lifecycle_policy.value.ia}", transition_to_primary_storage_class: "${lifecycle_policy.value.primary}" },
    });
    const mountTargets = new EfsMountTarget(this, "MountTarget", {
      fileSystemId: fs.id,
      subnetId: tf(`${v("private_subnet_ids")}[count.index]`),
      securityGroups: [sg.efs.id],
    });
    mountTargets.count = Token.asNumber(tf(`length(${v("private_subnet_ids")})`));

    // ------------------------------------------------------------ load balancer and DNS
    const lb = new JenkinsLoadBalancer(this, "LoadBalancer", {
      loadBalancer: {
        internal: tfBool(v("internal_alb")),
        allowedCidrs: [],
        certificateArn: tf(v("certificate_arn")),
        dns: { createRecord: false },
        sslPolicy: tf(v("ssl_policy")),
        deletionProtection: tfBool(v("alb_deletion_protection")),
        idleTimeoutSeconds: tfNumber(v("alb_idle_timeout_seconds")),
      } as unknown as JenkinsConfig["loadBalancer"],
      namePrefix: name,
      vpcId: tf(v("vpc_id")),
      subnetIds: Token.asList(tf(`${v("internal_alb")} ? ${v("private_subnet_ids")} : ${v("public_subnet_ids")}`)),
      securityGroupId: sg.alb.id,
      targetGroupNamePrefix: `${tf(`substr(${v("name_prefix")}, 0, 5)`)}-`,
    });
    lb.alb.addOverride("dynamic.access_logs", {
      for_each: tf(`${v("alb_access_logs_bucket")} == null ? [] : [${v("alb_access_logs_bucket")}]`),
      content: { bucket: "${access_logs.value}", prefix: `${name}-alb`, enabled: true },
    });
    lb.httpsListener.addOverride("lifecycle.precondition", [
      {
        condition: tf(`can(regex(":acm:\${${region.fqn}.name}:", ${v("certificate_arn")}))`),
        error_message: "certificate_arn must be a certificate in the provider's region (ACM certificates of an ALB are regional).",
      },
    ]);
    const alias = new Route53Record(this, "Alias", {
      zoneId: tf(v("route53_zone_id")),
      name: tf(v("hostname")),
      type: "A",
      alias: { name: lb.alb.dnsName, zoneId: lb.alb.zoneId, evaluateTargetHealth: true },
    });
    alias.count = Token.asNumber(tf(`${v("route53_zone_id")} != null ? 1 : 0`));
    const jenkinsUrl = local("jenkins_url", `https://\${coalesce(${v("hostname")}, ${lb.alb.fqn}.dns_name)}/`);

    // ------------------------------------------------------------ discovery, agents, alerts
    const discovery = new ControllerDiscovery(this, "Discovery", { namespace: tf(v("cloud_map_namespace")), vpcId: tf(v("vpc_id")) });

    const agents = new AgentClusters(this, "Agents", {
      agents: { spotCluster: true, templates: [], logRetentionDays: tfNumber(v("agent_log_retention_days")) } as unknown as JenkinsConfig["agents"],
      namePrefix: name,
      env,
      logKmsKeyArn: keyArn,
    });
    if (!agents.spot) throw new Error("the module always creates the FARGATE_SPOT cluster");
    // One task role per template that brings a policy (its keys must be known at plan time).
    const withPolicy = `{ for k, t in ${v("agent_templates")} : k => t if t.task_policy_json != null }`;
    const roleArnPrefix = local("agent_task_role_arn_prefix", `arn:\${${partition.fqn}.partition}:iam::\${${accountId}}:role/${name}-agent-`);
    const taskRoles = new IamRole(this, "AgentTaskRole", {
      name: `${name}-agent-\${each.key}`,
      description: "AWS permissions of builds on the Jenkins label ${each.key}",
      assumeRolePolicy: ecsTasksTrust(this, "AgentTaskTrust", env).json,
    });
    taskRoles.addOverride("for_each", tf(withPolicy));
    // JCasC names each role by ARN (known at plan time); the role must really have that ARN.
    taskRoles.addOverride("lifecycle.postcondition", [
      { condition: tf(`self.arn == "\${${roleArnPrefix}}\${each.key}"`), error_message: "The agent task role ARN differs from the one written into JCasC." },
    ]);
    const taskRolePolicies = new IamRolePolicy(this, "AgentTaskRolePolicy", {
      name: "template-policy",
      role: tf(`${taskRoles.fqn}[each.key].id`),
      policy: "${each.value.task_policy_json}",
    });
    taskRolePolicies.addOverride("for_each", tf(withPolicy));

    const alerts = new JenkinsAlerts(this, "Alerts", {
      alerts: {
        emails: [],
        httpsEndpoints: [],
        sqsQueueArns: [],
        controllerCpuPercent: tfNumber(v("alert_controller_cpu_percent")),
        controllerMemoryPercent: tfNumber(v("alert_controller_memory_percent")),
        alb5xxPerFiveMinutes: tfNumber(v("alert_alb_5xx_per_five_minutes")),
        efsBurstCreditBalanceBytes: tfNumber(v("alert_efs_burst_credit_balance_bytes")),
        agentTaskFailures: true,
      } as unknown as JenkinsConfig["alerts"],
      // Not bursting: the construct adds the "no clients" alarm; the burst alarm is added below.
      storage: { throughputMode: "elastic" } as unknown as JenkinsConfig["storage"],
      namePrefix: name,
      env,
    });
    for (const [sid, variable, extra] of [
      ["EmailSubscription", "alert_emails", { protocol: "email" }],
      ["HttpsSubscription", "alert_https_endpoints", { protocol: "https", endpointAutoConfirms: false }],
      ["SqsSubscription", "alert_sqs_queue_arns", { protocol: "sqs", rawMessageDelivery: true }],
    ] as const) {
      const sub = new SnsTopicSubscription(this, sid, { topicArn: alerts.topic.arn, endpoint: "${each.value}", ...extra });
      sub.addOverride("for_each", tf(`toset(${v(variable)})`));
    }

    // ------------------------------------------------------------ image, password, roles
    const image = new ModuleControllerImage(this, "Image", {
      namePrefix: name,
      env,
      kmsKeyArn: keyArn,
      imageVariable: "controller_image",
      buildVariable: "controller_image_build",
    });

    const password = new SsmParameter(this, "AdminPassword", {
      name: tf(v("admin_password_parameter_name")),
      type: "SecureString",
      keyId: keyArn,
      value: tf(v("admin_password")),
      description: "Jenkins admin password (user from admin_user)",
    });
    password.count = Token.asNumber(tf(`${v("create_admin_password")} ? 1 : 0`));
    // The same ARN whether the module creates the parameter or it already exists.
    const passwordArn = local(
      "admin_password_parameter_arn",
      `arn:\${${partition.fqn}.partition}:ssm:\${${region.fqn}.name}:\${${accountId}}:parameter/\${trimprefix(${v("admin_password_parameter_name")}, "/")}`,
    );
    // A brought parameter may use any key (often alias/aws/ssm); kms:ViaService keeps it to SSM.
    const decryptKey = local("admin_password_key_arn", tf(`${v("create_admin_password")} ? ${dataKey.key.fqn}.arn : "${env.arn("kms", "key/*")}"`));

    const controllerLogs = new CloudwatchLogGroup(this, "ControllerLogs", {
      name: `/${name}/controller`,
      retentionInDays: tfNumber(v("controller_log_retention_days")),
      kmsKeyId: keyArn,
    });

    const roles = new ControllerRoles(this, "ControllerRoles", {
      namePrefix: name,
      env,
      agentClusterArns: agents.all.map((c) => c.cluster.arn),
      passableRoleArns: Token.asList(tf(`concat([${agents.executionRole.fqn}.arn], [for r in ${taskRoles.fqn} : r.arn])`)),
      logGroupArn: controllerLogs.arn,
      passwordParameterArn: tf(passwordArn),
      decryptKeyArns: [tf(decryptKey)],
      fileSystemArn: fs.arn,
      accessPointArn: storage.accessPoint.arn,
      alertsTopicArn: alerts.topic.arn,
      alertsKeyArn: alerts.key.arn,
      imageRepositoryArn: image.repository.arn,
      ecsExec: false,
    });

    // ------------------------------------------------------------ JCasC and the controller
    local(JCASC_LOCALS.exampleLabelFargate.replace("local.", ""), tf(exampleLabelExpression(false)));
    local(JCASC_LOCALS.exampleLabelSpot.replace("local.", ""), tf(exampleLabelExpression(true)));
    local(JCASC_LOCALS.jobsDsl.replace("local.", ""), tf(jobsDslExpression()));
    const jcasc = local("jcasc_yaml", `${JCASC_HEADER}${tf(`yamlencode(${jcascDocumentExpression()})`)}`);
    const jcascBase64 = local("jcasc_yaml_base64", tf(`base64encode(${jcasc})`));
    // Values that go into the container definitions JSON are plain references (no quotes).
    const subnetsCsv = local("agent_subnets_csv", tf(`join(",", ${v("private_subnet_ids")})`));
    const region_ = tf(`${region.fqn}.name`);

    const controller = new ControllerService(this, "Controller", {
      config: {
        namePrefix: name,
        region: region_,
        controller: {
          cpu: tfNumber(v("controller_cpu")),
          memory: tfNumber(v("controller_memory")),
          adminUser: tf(v("admin_user")),
          javaOpts: fieldDefault("controller.javaOpts"),
          healthCheckGracePeriodSeconds: tfNumber(v("controller_health_check_grace_period_seconds")),
          ecsExec: false,
        },
      } as unknown as JenkinsConfig,
      image: image.imageUri,
      subnetIds: privateSubnets,
      securityGroupId: sg.controller.id,
      executionRoleArn: roles.executionRole.arn,
      taskRoleArn: roles.taskRole.arn,
      logGroup: controllerLogs,
      fileSystemId: fs.id,
      accessPointId: storage.accessPoint.id,
      passwordParameter: tf(passwordArn),
      targetGroupArn: lb.targetGroup.arn,
      discoveryServiceArn: discovery.service.arn,
      jcascYaml: tf(jcasc),
      jcascYamlBase64: tf(jcascBase64),
      jcascEnvironment: {
        [JCASC_ENV.jenkinsUrl]: tf(jenkinsUrl),
        [JCASC_ENV.agentJenkinsUrl]: discovery.internalUrl,
        [JCASC_ENV.tunnel]: discovery.tunnel,
        [JCASC_ENV.region]: region_,
        [JCASC_ENV.fargateClusterArn]: agents.fargate.cluster.arn,
        [JCASC_ENV.spotClusterArn]: agents.spot.cluster.arn,
        [JCASC_ENV.agentSubnets]: tf(subnetsCsv),
        [JCASC_ENV.agentSecurityGroups]: sg.agents.id,
        [JCASC_ENV.agentExecutionRoleArn]: agents.executionRole.arn,
        [JCASC_ENV.agentLogGroup]: agents.logGroup.name,
        [JCASC_ENV.alertsTopicArn]: alerts.topic.arn,
      },
      dependsOn: [lb.httpsListener, mountTargets, image.buildTrigger, password, taskRolePolicies, ...roles.rolePolicies],
    });

    // ------------------------------------------------------------ backup and alarms
    const backup = new JenkinsBackup(this, "Backup", {
      backup: {
        schedule: tf(v("backup_schedule")),
        coldStorageAfterDays: 0,
        deleteAfterDays: tfNumber(v("backup_delete_after_days")),
        additionalRules: [],
        vaultLock: { enabled: false },
      } as unknown as JenkinsConfig["backup"],
      namePrefix: name,
      env,
      kmsKeyArn: keyArn,
      fileSystemArn: fs.arn,
      alertsTopicArn: alerts.topic.arn,
    });
    const cold = v("backup_cold_storage_after_days");
    backup.plan.addOverride("rule.0.lifecycle.cold_storage_after", tf(`${cold} > 0 ? ${cold} : null`));

    alerts.watch({
      controllerClusterName: controller.cluster.name,
      controllerClusterArn: controller.cluster.arn,
      controllerServiceName: controller.service.name,
      albArnSuffix: lb.alb.arnSuffix,
      targetGroupArnSuffix: lb.targetGroup.arnSuffix,
      fileSystemId: fs.id,
      agentClusterArns: agents.all.map((c) => c.cluster.arn),
      backupVaultName: backup.vault.name,
    });
    const bursting = `${v("efs_throughput_mode")} == "bursting"`;
    const noClients = alerts.alarms["efs-no-clients"];
    if (!noClients) throw new Error("lib/constructs/alerts/jenkins-alerts.ts: expected the efs-no-clients alarm for a non-bursting file system");
    noClients.count = Token.asNumber(tf(`${bursting} ? 0 : 1`));
    // The alarm lib/constructs/alerts/jenkins-alerts.ts adds for bursting throughput, switched the other way.
    const burst = new CloudwatchMetricAlarm(this, "EfsBurstCredits", {
      alarmName: `${name}-efs-burst-credits-low`,
      alarmDescription: "JENKINS_HOME EFS burst credits are running out; Jenkins will slow down",
      namespace: "AWS/EFS",
      metricName: "BurstCreditBalance",
      dimensions: { FileSystemId: fs.id },
      statistic: "Minimum",
      period: 300,
      evaluationPeriods: 3,
      threshold: tfNumber(v("alert_efs_burst_credit_balance_bytes")),
      comparisonOperator: "LessThanThreshold",
      treatMissingData: "notBreaching",
      alarmActions: [alerts.topic.arn],
      okActions: [alerts.topic.arn],
    });
    burst.count = Token.asNumber(tf(`${bursting} ? 1 : 0`));

    // ------------------------------------------------------------ outputs
    const out = (id: string, value: string, description: string) => {
      const o = new TerraformOutput(this, `output_${id}`, { value, description });
      this.name(o, id);
      this.outputs.push({ name: id, description });
    };
    out("jenkins_url", tf(jenkinsUrl), "Public URL of Jenkins (`hostname`, or the ALB's DNS name), with a trailing slash.");
    out("alb_dns_name", lb.alb.dnsName, "DNS name of the ALB (point your host name's CNAME/alias here).");
    out("alb_zone_id", lb.alb.zoneId, "Route 53 zone id of the ALB, for an alias record in your own DNS.");
    out("alb_arn", lb.alb.arn, "ARN of the ALB.");
    out("alb_security_group_id", sg.alb.id, "Security group of the ALB.");
    out("controller_security_group_id", sg.controller.id, "Security group of the controller task.");
    out("agent_security_group_id", sg.agents.id, "Security group of agent tasks.");
    out("controller_cluster_name", controller.cluster.name, "ECS cluster of the controller.");
    out("controller_service_name", controller.service.name, "ECS service of the controller.");
    out("agent_cluster_fargate_name", agents.fargate.cluster.name, "Agent cluster on FARGATE (cloud `fargate`).");
    out("agent_cluster_fargate_arn", agents.fargate.cluster.arn, "ARN of the FARGATE agent cluster.");
    out("agent_cluster_spot_name", agents.spot.cluster.name, "Agent cluster on FARGATE_SPOT (cloud `fargate-spot`).");
    out("agent_cluster_spot_arn", agents.spot.cluster.arn, "ARN of the FARGATE_SPOT agent cluster.");
    out("efs_file_system_id", fs.id, "EFS file system of JENKINS_HOME.");
    out("efs_access_point_id", storage.accessPoint.id, "EFS access point (uid/gid 1000) the controller mounts.");
    out("cloud_map_namespace", tf(v("cloud_map_namespace")), "Cloud Map private DNS namespace.");
    out("agent_tunnel", discovery.tunnel, "host:port agents connect to (JNLP tunnel).");
    out("controller_task_role_arn", roles.taskRole.arn, "Task role of the controller (amazon-ecs plugin permissions).");
    out("controller_execution_role_arn", roles.executionRole.arn, "Execution role of the controller.");
    out("agent_execution_role_arn", agents.executionRole.arn, "Execution role of agent tasks.");
    out("agent_task_role_arns", tf(`{ for k, r in ${taskRoles.fqn} : k => r.arn }`), "Task role ARN per agent template label (templates with a `task_policy_json`).");
    out("controller_log_group", controllerLogs.name, "Log group of the controller.");
    out("agent_log_group", agents.logGroup.name, "Log group of the agents.");
    out("controller_image", image.imageUri, "Controller image in use: `controller_image`, or the module's build (content-addressed tag).");
    out("ecr_repository_url", image.repository.repositoryUrl, "ECR repository of the controller image (the module's builds, or your own pushes).");
    out("admin_password_parameter_arn", tf(passwordArn), "ARN of the SSM parameter with the admin password.");
    out("kms_key_arn", keyArn, "Customer-managed KMS key of JENKINS_HOME, logs, the image repository, the password and backups.");
    out("alerts_topic_arn", alerts.topic.arn, "SNS topic of alerts and build notifications (KMS-encrypted; CloudWatch, EventBridge and AWS Backup may publish).");
    out("backup_vault_name", backup.vault.name, "AWS Backup vault of JENKINS_HOME.");
    out("backup_plan_id", backup.plan.id, "AWS Backup plan id.");
    out("jcasc_yaml", tf(jcasc), "The generated Jenkins Configuration as Code YAML; values such as cluster ARNs are environment placeholders filled from the controller task.");

    this.applyTags();
  }

  /** Gives an element a fixed logical id (variables, outputs, locals, data sources). */
  private name(element: TerraformElement, id: string): void {
    element.overrideLogicalId(id);
  }

  /** `tags = merge(local.tags, <own tags>)` on every resource that takes tags. */
  private applyTags(): void {
    for (const node of this.node.findAll()) {
      if (!(node instanceof TerraformResource) || !("tagsInput" in node)) continue;
      const own = ((node as unknown as { tagsInput?: Record<string, string> }).tagsInput ?? {}) as Record<string, string>;
      for (const [k, value] of Object.entries(own)) {
        if (Token.isUnresolved(value)) throw new Error(`${node.node.path}: tag ${k} holds a cdktf token; use a Terraform reference string`);
      }
      const entries = Object.entries(own).map(([k, value]) => `${hclKey(k)} = ${hclTemplate(value)}`);
      node.addOverride("tags", tf(entries.length ? `merge(local.tags, { ${entries.join(", ")} })` : "local.tags"));
    }
  }

  /**
   * Snake-case logical ids from construct paths (`Alerts/Topic` -> `alerts_topic`) instead of
   * cdktf's hashed ids, so module addresses read like hand-written Terraform.
   */
  protected allocateLogicalId(element: TerraformElement | Node): string {
    const node = element instanceof TerraformElement ? element.node : element;
    const scopes = node.scopes;
    const id = scopes
      .slice(scopes.indexOf(this) + 1)
      .map((s) => snake(s.node.id))
      .join("_");
    const owner = this.logicalIds.get(id);
    if (owner !== undefined && owner !== node.path) throw new Error(`two elements would be named ${id}: ${owner} and ${node.path}`);
    this.logicalIds.set(id, node.path);
    return id;
  }
}

/** A schema default (settings the module does not expose keep the stack's default). */
function fieldDefault(path: string): unknown {
  return fieldInfo(path).default;
}
