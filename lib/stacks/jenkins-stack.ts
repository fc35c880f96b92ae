import { Construct } from "constructs";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { TerraformOutput, TerraformStack, Token } from "../cdktf-core";
import { AdminPassword } from "../constructs/controller/admin-password";
import { AgentClusters } from "../constructs/agents/agent-clusters";
import { AgentImages } from "../constructs/agents/agent-images";
import { VpcEndpoints } from "../constructs/network/vpc-endpoints";
import { AwsEnvironment } from "../constructs/foundation/aws-environment";
import { addAwsProvider } from "./aws-provider";
import type { JenkinsConfig } from "../config/schema";
import { ControllerDiscovery } from "../constructs/discovery/controller-discovery";
import { ControllerImage } from "../constructs/image/controller-image";
import { ControllerRoles } from "../constructs/controller/controller-roles";
import { ControllerService } from "../constructs/controller/controller-service";
import { EncryptionKey, EncryptionKeyProps } from "../constructs/kms/encryption-key";
import { JCASC_ENV, jcascYaml } from "../constructs/controller/jcasc";
import { JcascFile } from "../constructs/controller/jcasc-file";
import { JenkinsAlerts } from "../constructs/alerts/jenkins-alerts";
import { JenkinsBackup } from "../constructs/backup/jenkins-backup";
import { JenkinsHomeStorage } from "../constructs/storage/jenkins-home-storage";
import { JenkinsLoadBalancer } from "../constructs/load-balancer/jenkins-load-balancer";
import { Network } from "../constructs/network/network";
import { JenkinsSecurityGroups } from "../constructs/network/security-groups";
import { useJenkinsBackend } from "./state-backend";

/** Name of the Jenkins stack. */
export const JENKINS_STACK_NAME = "jenkins";

/**
 * The data key of the stack (and of the registry module, lib/module/): JENKINS_HOME, logs,
 * image, password and backups, with CloudWatch Logs allowed for the stack's log groups only.
 */
export function dataKeyProps(env: AwsEnvironment, name: string): EncryptionKeyProps {
  return {
    env,
    alias: `${name}-data`,
    description: `Encrypts ${name} Jenkins data: JENKINS_HOME, logs, image, password, backups`,
    statements: [
      {
        sid: "CloudWatchLogsUse",
        effect: "Allow",
        principals: [{ type: "Service", identifiers: [`logs.${env.region}.${env.dnsSuffix}`] }],
        actions: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
        resources: ["*"],
        condition: [{ test: "ArnLike", variable: "kms:EncryptionContext:aws:logs:arn", values: [env.arn("logs", `log-group:/${name}/*`)] }],
      },
    ],
  };
}

/** Props of {@link JenkinsStack}. */
export interface JenkinsStackProps {
  /** The validated configuration. */
  readonly config: JenkinsConfig;
}

/**
 * The serverless Jenkins stack: network, controller on Fargate with EFS, ALB and Cloud Map,
 * FARGATE and FARGATE_SPOT agent clusters wired into the amazon-ecs plugin through JCasC,
 * the controller image, AWS Backup and SNS alerts.
 */
export class JenkinsStack extends TerraformStack {
  public readonly env: AwsEnvironment;
  public readonly dataKey: EncryptionKey;
  public readonly network: Network;
  public readonly securityGroups: JenkinsSecurityGroups;
  public readonly storage: JenkinsHomeStorage;
  public readonly loadBalancer: JenkinsLoadBalancer;
  public readonly discovery: ControllerDiscovery;
  public readonly agents: AgentClusters;
  /** Agent images (mirror, pull-through cache or prebuilt; per-template builds). */
  public readonly agentImages: AgentImages;
  /** VPC endpoints, when `vpcEndpoints.enabled`. */
  public readonly vpcEndpoints?: VpcEndpoints;
  public readonly alerts: JenkinsAlerts;
  public readonly image: ControllerImage;
  public readonly roles: ControllerRoles;
  public readonly controller: ControllerService;
  public readonly backup?: JenkinsBackup;
  /** The generated JCasC YAML. */
  public readonly jcasc: string;

  constructor(scope: Construct, id: string, props: JenkinsStackProps) {
    super(scope, id);
    const { config } = props;
    const name = config.namePrefix;
    const emulator = config.emulator.enabled;
    useJenkinsBackend(this, id, config);
    addAwsProvider(this, { config, stackName: id });
    const env = AwsEnvironment.fromConfig(this, "Env", config);
    this.env = env;

    this.dataKey = new EncryptionKey(this, "DataKey", dataKeyProps(env, name));
    const keyArn = this.dataKey.arn;

    this.network = new Network(this, "Network", { network: config.network, namePrefix: name, env, logKmsKeyArn: keyArn });
    const net = this.network;
    this.securityGroups = new JenkinsSecurityGroups(this, "SecurityGroups", {
      vpcId: net.vpcId,
      namePrefix: name,
      albAllowedCidrs: config.loadBalancer.allowedCidrs,
    });
    const sg = this.securityGroups;

    this.storage = new JenkinsHomeStorage(this, "JenkinsHome", {
      storage: config.storage,
      namePrefix: name,
      kmsKeyArn: keyArn,
      subnetIds: net.privateSubnetIds,
      securityGroupId: sg.efs.id,
      manageBackupPolicy: config.backup.enabled && !emulator,
    });

    this.loadBalancer = new JenkinsLoadBalancer(this, "LoadBalancer", {
      loadBalancer: config.loadBalancer,
      namePrefix: name,
      vpcId: net.vpcId,
      subnetIds: config.loadBalancer.internal ? net.privateSubnetIds : net.publicSubnetIds,
      securityGroupId: sg.alb.id,
    });

    this.discovery = new ControllerDiscovery(this, "Discovery", { namespace: config.serviceDiscovery.namespace, vpcId: net.vpcId });

    // ---- agent images and VPC endpoints (issue 13) -------------------------------------------
    // Narrow props of plain values; the registry module can pass var.x references instead.
    const ai = config.agentImages;
    this.agentImages = new AgentImages(this, "AgentImages", {
      namePrefix: name,
      env,
      kmsKeyArn: keyArn,
      source: ai.source,
      buildMode: ai.build,
      defaultImage: config.agents.defaultImage,
      templates: config.agents.templates.map((t) => ({ label: t.label, image: t.image, build: t.build })),
      keepImages: ai.keepImages,
      pullThroughCache: ai.source === "pull-through-cache" ? ai.pullThroughCache : undefined,
      skipBuild: emulator,
    });
    const ve = config.vpcEndpoints;
    if (ve.enabled) {
      this.vpcEndpoints = new VpcEndpoints(this, "VpcEndpoints", {
        namePrefix: name,
        region: config.region,
        vpcId: net.vpcId,
        subnetIds: net.privateSubnetIds,
        clientSecurityGroupIds: [sg.controller.id, sg.agents.id],
        interfaceServices: ve.interfaceServices,
        s3GatewayRouteTableIds: ve.s3Gateway ? (config.network.vpcId ? ve.routeTableIds : net.privateRouteTableIds) : [],
      });
    }
    // ---- end of agent images and VPC endpoints ---------------------------------------------------

    this.agents = new AgentClusters(this, "Agents", {
      agents: config.agents,
      namePrefix: name,
      env,
      logKmsKeyArn: keyArn,
      pullRepositoryArns: this.agentImages.pullRepositoryArns,
      pullThroughCacheRepositoryArns: this.agentImages.pullThroughCacheRepositoryArns,
    });

    this.alerts = new JenkinsAlerts(this, "Alerts", { alerts: config.alerts, storage: config.storage, namePrefix: name, env });

    this.image = new ControllerImage(this, "Image", { image: config.image, namePrefix: name, env, kmsKeyArn: keyArn, skipBuild: emulator });

    const password = new AdminPassword(this, "AdminPassword", { adminPassword: config.controller.adminPassword, env, kmsKeyArn: keyArn });

    const logGroup = new CloudwatchLogGroup(this, "ControllerLogs", {
      name: `/${name}/controller`,
      retentionInDays: config.controller.logRetentionDays,
      kmsKeyId: keyArn,
    });

    this.roles = new ControllerRoles(this, "ControllerRoles", {
      namePrefix: name,
      env,
      agentClusterArns: this.agents.all.map((c) => c.cluster.arn),
      passableRoleArns: this.agents.passableRoleArns,
      logGroupArn: logGroup.arn,
      passwordParameterArn: password.parameterArn,
      // A brought parameter may use any key (often alias/aws/ssm); kms:ViaService keeps it to SSM.
      decryptKeyArns: config.controller.adminPassword.create ? [keyArn] : [env.arn("kms", "key/*")],
      fileSystemArn: this.storage.fileSystem.arn,
      accessPointArn: this.storage.accessPoint.arn,
      alertsTopicArn: this.alerts.topic.arn,
      alertsKeyArn: this.alerts.key.arn,
      // Own repository, or the prebuilt image's repository when it is in ECR.
      pullRepositoryArns: this.image.pullRepositoryArns,
      ecsExec: config.controller.ecsExec,
    });

    this.jcasc = jcascYaml(config);
    new JcascFile(this, "JcascFile", { yaml: this.jcasc });
    const jcascEnvironment: Record<string, string> = {
      [JCASC_ENV.jenkinsUrl]: this.loadBalancer.url,
      [JCASC_ENV.agentJenkinsUrl]: this.discovery.internalUrl,
      [JCASC_ENV.tunnel]: this.discovery.tunnel,
      [JCASC_ENV.region]: config.region,
      [JCASC_ENV.fargateClusterArn]: this.agents.fargate.cluster.arn,
      [JCASC_ENV.agentSubnets]: net.privateSubnetIds.join(","),
      [JCASC_ENV.agentSecurityGroups]: sg.agents.id,
      [JCASC_ENV.agentExecutionRoleArn]: this.agents.executionRole.arn,
      [JCASC_ENV.agentLogGroup]: this.agents.logGroup.name,
      [JCASC_ENV.alertsTopicArn]: this.alerts.topic.arn,
    };
    if (this.agents.spot) jcascEnvironment[JCASC_ENV.spotClusterArn] = this.agents.spot.cluster.arn;
    // Task roles are named <prefix>-agent-<label>; the YAML appends the label to this prefix.
    if (Object.keys(this.agents.taskRoles).length > 0) jcascEnvironment[JCASC_ENV.agentTaskRoleArnPrefix] = `arn:${env.partition}:iam::${env.accountId}:role/${name}-agent-`;
    Object.assign(jcascEnvironment, this.agentImages.imageEnvironment);

    this.controller = new ControllerService(this, "Controller", {
      config,
      image: this.image.imageUri,
      subnetIds: net.privateSubnetIds,
      securityGroupId: sg.controller.id,
      executionRoleArn: this.roles.executionRole.arn,
      taskRoleArn: this.roles.taskRole.arn,
      logGroup,
      fileSystemId: this.storage.fileSystem.id,
      accessPointId: this.storage.accessPoint.id,
      passwordParameter: password.parameterArn,
      targetGroupArn: this.loadBalancer.targetGroup.arn,
      discoveryServiceArn: this.discovery.service.arn,
      jcascYaml: this.jcasc,
      jcascEnvironment,
      dependsOn: [
        this.loadBalancer.httpsListener,
        ...this.storage.mountTargets,
        ...this.image.buildSteps,
        // Agents launched right after the first start need their images in ECR.
        ...this.agentImages.buildSteps,
        ...this.roles.rolePolicies,
        ...(password.parameter ? [password.parameter] : []),
      ],
    });

    if (config.backup.enabled) {
      this.backup = new JenkinsBackup(this, "Backup", {
        backup: config.backup,
        namePrefix: name,
        env,
        kmsKeyArn: keyArn,
        fileSystemArn: this.storage.fileSystem.arn,
        alertsTopicArn: this.alerts.topic.arn,
        skipSelection: emulator,
      });
    }

    this.alerts.watch({
      controllerClusterName: this.controller.cluster.name,
      controllerClusterArn: this.controller.cluster.arn,
      controllerServiceName: this.controller.service.name,
      albArnSuffix: this.loadBalancer.alb.arnSuffix,
      targetGroupArnSuffix: this.loadBalancer.targetGroup.arnSuffix,
      fileSystemId: this.storage.fileSystem.id,
      agentClusterArns: this.agents.all.map((c) => c.cluster.arn),
      backupVaultName: this.backup?.vault.name,
    });

    this.addOutputs(config, logGroup);
  }

  private addOutputs(config: JenkinsConfig, logGroup: CloudwatchLogGroup): void {
    const out = (id: string, value: unknown, description: string) => new TerraformOutput(this, id, { value, description });
    out("jenkins_url", this.loadBalancer.url, "Public URL of Jenkins.");
    out("alb_dns_name", this.loadBalancer.alb.dnsName, "DNS name of the ALB (point your host name's CNAME/alias here).");
    out("controller_cluster_name", this.controller.cluster.name, "ECS cluster of the controller.");
    out("controller_service_name", this.controller.service.name, "ECS service of the controller.");
    out("agent_cluster_fargate_name", this.agents.fargate.cluster.name, "Agent cluster on FARGATE (cloud `fargate`).");
    out("agent_cluster_fargate_arn", this.agents.fargate.cluster.arn, "ARN of the FARGATE agent cluster.");
    out("agent_cluster_spot_name", this.agents.spot?.cluster.name ?? Token.nullValue(), "Agent cluster on FARGATE_SPOT (cloud `fargate-spot`); null when disabled.");
    out("agent_cluster_spot_arn", this.agents.spot?.cluster.arn ?? Token.nullValue(), "ARN of the FARGATE_SPOT agent cluster; null when disabled.");
    out("agent_security_group_id", this.securityGroups.agents.id, "Security group of agent tasks.");
    out("efs_file_system_id", this.storage.fileSystem.id, "EFS file system of JENKINS_HOME.");
    out("efs_access_point_id", this.storage.accessPoint.id, "EFS access point (uid/gid 1000) the controller mounts.");
    out("cloud_map_namespace", config.serviceDiscovery.namespace, "Cloud Map private DNS namespace.");
    out("agent_tunnel", this.discovery.tunnel, "host:port agents connect to (JNLP tunnel).");
    out("controller_task_role_arn", this.roles.taskRole.arn, "Task role of the controller (amazon-ecs plugin permissions).");
    out("controller_execution_role_arn", this.roles.executionRole.arn, "Execution role of the controller.");
    out("agent_execution_role_arn", this.agents.executionRole.arn, "Execution role of agent tasks.");
    out("controller_log_group", logGroup.name, "Log group of the controller.");
    out("agent_log_group", this.agents.logGroup.name, "Log group of the agents.");
    out("controller_image", this.image.imageUri, "Controller image (content-addressed tag).");
    out("agent_default_image", this.agentImages.defaultImageUri, "Default agent image as agents pull it (the stack's ECR mirror, pull-through cache, or the prebuilt reference).");
    out("alerts_topic_arn", this.alerts.topic.arn, "SNS topic of alerts and build notifications.");
    out("backup_vault_name", this.backup?.vault.name ?? Token.nullValue(), "AWS Backup vault of JENKINS_HOME; null when backups are off.");
    out("backup_plan_id", this.backup?.plan.id ?? Token.nullValue(), "AWS Backup plan id; null when backups are off.");
    out("vpc_id", this.network.vpcId, "VPC of the stack.");
  }
}
