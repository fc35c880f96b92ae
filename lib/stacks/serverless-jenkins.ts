import { Construct } from "constructs";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { Fn, TerraformLocal, Token } from "../cdktf-core";
import { AgentClusters } from "../constructs/agents/agent-clusters";
import { JenkinsAlerts } from "../constructs/alerts/jenkins-alerts";
import { JenkinsBackup } from "../constructs/backup/jenkins-backup";
import { AdminPassword } from "../constructs/controller/admin-password";
import { ControllerRoles } from "../constructs/controller/controller-roles";
import { ControllerService } from "../constructs/controller/controller-service";
import { JCASC_ENV } from "../constructs/controller/jcasc";
import { ControllerDiscovery } from "../constructs/discovery/controller-discovery";
import { AwsEnvironment } from "../constructs/foundation/aws-environment";
import { choose, concatLists, when } from "../constructs/foundation/inputs";
import { EncryptionKey, EncryptionKeyProps } from "../constructs/kms/encryption-key";
import { JenkinsLoadBalancer } from "../constructs/load-balancer/jenkins-load-balancer";
import { JenkinsSecurityGroups } from "../constructs/network/security-groups";
import { JenkinsHomeStorage } from "../constructs/storage/jenkins-home-storage";
import { RestoreTask, restoreTaskRoleArn } from "../constructs/restore/restore-task";
import { TeamAccess } from "../constructs/auth/team-access";
import { JenkinsOutput, jenkinsOutputs } from "./jenkins-outputs";
import type { AgentImagesInput, JenkinsImageInput, ServerlessJenkinsProps } from "./serverless-jenkins-props";

export type {
  AdditionalSecurityGroupIds,
  AgentImagesInput,
  DataProtectionInput,
  JenkinsImageInput,
  JenkinsNetworkInput,
  ServerlessJenkinsProps,
} from "./serverless-jenkins-props";

/**
 * The data key of Jenkins: JENKINS_HOME, logs, image, password and backups, with CloudWatch
 * Logs allowed for the log groups under `/<name>/` only.
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

/**
 * Serverless Jenkins, once for both ways it is built: controller on Fargate with EFS, ALB and
 * Cloud Map, FARGATE and FARGATE_SPOT agent clusters wired into the amazon-ecs plugin through
 * JCasC, AWS Backup and SNS alerts. The `jenkins` stack (lib/stacks/jenkins-stack.ts) passes
 * values from vars.json, the registry module (lib/module/jenkins-module-stack.ts) references
 * to its input variables; {@link ServerlessJenkins.outputs} are the outputs of both. It is the
 * construct tree of both, built into the stack's own scope.
 */
export class ServerlessJenkins {
  public readonly dataKey: EncryptionKey;
  public readonly securityGroups: JenkinsSecurityGroups;
  public readonly storage: JenkinsHomeStorage;
  public readonly loadBalancer: JenkinsLoadBalancer;
  public readonly discovery: ControllerDiscovery;
  public readonly agents: AgentClusters;
  public readonly alerts: JenkinsAlerts;
  public readonly image: JenkinsImageInput;
  /** Agent images, when the caller builds or mirrors them. */
  public readonly agentImages?: AgentImagesInput;
  public readonly password: AdminPassword;
  public readonly controllerLogs: CloudwatchLogGroup;
  public readonly roles: ControllerRoles;
  public readonly controller: ControllerService;
  /** Sign-in client secret and build credentials access. */
  public readonly team: TeamAccess;
  /** The backup, unless switched off at synth. */
  public readonly backup?: JenkinsBackup;
  /** The task definition `npm run restore` runs to put restored files into JENKINS_HOME. */
  public readonly restore: RestoreTask;
  /** Values of the JCasC `${ENV}` placeholders, as the controller task receives them. */
  public readonly jcascEnvironment: Record<string, string>;
  /** The outputs both callers declare. */
  public readonly outputs: JenkinsOutput[];

  /**
   * Builds into `scope` directly (no construct level of its own), so construct paths, and with
   * them the stack's logical ids and the policy pack's suppressions, are the same as when the
   * stack built each part itself.
   */
  constructor(scope: Construct, props: ServerlessJenkinsProps) {
    const { env, network: net } = props;
    const name = props.namePrefix;

    this.dataKey = new EncryptionKey(scope, "DataKey", { ...dataKeyProps(env, name), existingKeyArn: props.kmsKeyArn });
    const keyArn = this.dataKey.arn;

    this.securityGroups = new JenkinsSecurityGroups(scope, "SecurityGroups", { vpcId: net.vpcId, namePrefix: name, albAllowedCidrs: props.allowedCidrs });
    const sg = this.securityGroups;

    const backupEnabled = props.backup.enabled ?? true;
    const preventDestroy = !(props.dataProtection?.allowDestroy ?? false);
    const forceDestroy = props.dataProtection?.forceDestroy ?? false;
    this.storage = new JenkinsHomeStorage(scope, "JenkinsHome", {
      ...props.storage,
      fileSystemArn: props.storage.fileSystemId ? env.arn("elasticfilesystem", `file-system/${props.storage.fileSystemId}`) : undefined,
      preventDestroy,
      disableAutomaticBackups: backupEnabled,
      namePrefix: name,
      kmsKeyArn: keyArn,
      subnetIds: net.privateSubnetIds,
      securityGroupId: sg.efs.id,
      // The restore task (below) mounts the file-system root; no other principal may.
      rootAccessRoleArns: [restoreTaskRoleArn(env, name, props.iamRoles)],
    });

    this.loadBalancer = new JenkinsLoadBalancer(scope, "LoadBalancer", {
      ...props.loadBalancer,
      namePrefix: name,
      region: env.region,
      vpcId: net.vpcId,
      subnetIds: choose(props.loadBalancer.internal, net.privateSubnetIds, net.publicSubnetIds),
      securityGroupId: sg.alb.id,
      additionalSecurityGroupIds: net.additionalSecurityGroupIds?.loadBalancer,
    });

    this.discovery = new ControllerDiscovery(scope, "Discovery", { namespace: props.discoveryNamespace, vpcId: net.vpcId, forceDestroy });

    props.vpcEndpoints?.(scope, [sg.controller.id, sg.agents.id]);

    this.agentImages = props.agentImages?.(scope, keyArn);
    this.agents = new AgentClusters(scope, "Agents", {
      ...props.agents,
      namePrefix: name,
      env,
      iamRoles: props.iamRoles,
      logKmsKeyArn: keyArn,
      pullRepositoryArns: this.agentImages?.pullRepositoryArns,
      pullThroughCacheRepositoryArns: this.agentImages?.pullThroughCacheRepositoryArns,
      pullThroughCache: this.agentImages?.pullThroughCache,
    });

    this.alerts = new JenkinsAlerts(scope, "Alerts", {
      ...props.alerts,
      efsThroughputMode: props.storage.throughputMode,
      namePrefix: name,
      env,
      kmsKeyArn: props.kmsKeyArn,
    });

    this.image = props.image(scope, keyArn);

    this.password = new AdminPassword(scope, "AdminPassword", { ...props.adminPassword, env, kmsKeyArn: keyArn });

    this.controllerLogs = new CloudwatchLogGroup(scope, "ControllerLogs", {
      name: `/${name}/controller`,
      retentionInDays: props.controller.logRetentionDays,
      kmsKeyId: keyArn,
    });

    this.restore = new RestoreTask(scope, "Restore", {
      namePrefix: name,
      env,
      iamRoles: props.iamRoles,
      fileSystemId: this.storage.fileSystemId,
      fileSystemArn: this.storage.fileSystemArn,
      logGroupName: this.controllerLogs.name,
    });

    this.roles = new ControllerRoles(scope, "ControllerRoles", {
      namePrefix: name,
      env,
      iamRoles: props.iamRoles,
      agentClusterArns: this.agents.clusterArns,
      passableRoleArns: this.agents.passableRoleArns,
      logGroupArn: this.controllerLogs.arn,
      passwordParameterArn: this.password.parameterArn,
      // A brought parameter may use any key (often alias/aws/ssm); kms:ViaService keeps it to SSM.
      decryptKeyArns: [choose(props.adminPassword.create, keyArn, env.arn("kms", "key/*"))],
      fileSystemArn: this.storage.fileSystemArn,
      accessPointArn: this.storage.accessPoint.arn,
      alertsTopicArn: this.alerts.topic.arn,
      alertsKeyArn: this.alerts.key.arn,
      pullRepositoryArns: this.image.pullRepositoryArns ?? (this.image.repositoryArn ? [this.image.repositoryArn] : []),
      ecsExec: props.controller.ecsExec,
    });

    const agentSecurityGroups = concatLists([sg.agents.id], net.additionalSecurityGroupIds?.agents);
    this.jcascEnvironment = {
      [JCASC_ENV.jenkinsUrl]: this.loadBalancer.url,
      [JCASC_ENV.agentJenkinsUrl]: this.discovery.internalUrl,
      [JCASC_ENV.tunnel]: this.discovery.tunnel,
      [JCASC_ENV.region]: env.region,
      [JCASC_ENV.fargateClusterArn]: this.agents.fargate.cluster.arn,
      // A list known only to Terraform is joined in a local: container definitions are JSON text, and quotes inside an interpolation would not survive JSON readers.
      [JCASC_ENV.agentSubnets]: Token.isUnresolved(net.privateSubnetIds)
        ? new TerraformLocal(scope, "AgentSubnetsCsv", Fn.join(",", net.privateSubnetIds)).asString
        : net.privateSubnetIds.join(","),
      [JCASC_ENV.agentSecurityGroups]: Token.isUnresolved(agentSecurityGroups)
        ? new TerraformLocal(scope, "AgentSecurityGroupsCsv", Fn.join(",", agentSecurityGroups)).asString
        : agentSecurityGroups.join(","),
      [JCASC_ENV.agentExecutionRoleArn]: this.agents.executionRole.arn,
      [JCASC_ENV.agentLogGroup]: this.agents.logGroup.name,
      [JCASC_ENV.alertsTopicArn]: this.alerts.topic.arn,
    };
    if (this.agents.spot) {
      // Switched by Terraform (the module's spot_cluster): off, the cluster's ARN is null, which a string template cannot
      // take, so the variable is empty then (JCasC has no spot cloud); a local, as the conditional has quotes.
      const spotArn = this.agents.spot.cluster.arn;
      const spot = props.agents.spotCluster;
      this.jcascEnvironment[JCASC_ENV.spotClusterArn] =
        typeof spot === "boolean" ? spotArn : new TerraformLocal(scope, "AgentClusterSpotArn", choose(spot, spotArn, "")).asString;
    }
    // Template task roles: the ARN prefix; JCasC appends the label (lib/constructs/controller/jcasc.ts).
    this.jcascEnvironment[JCASC_ENV.agentTaskRoleArnPrefix] = AgentClusters.taskRoleArnPrefix(env, name, props.iamRoles);
    Object.assign(this.jcascEnvironment, this.agentImages?.imageEnvironment ?? {});

    this.team = new TeamAccess(scope, "Team", {
      executionRoleName: this.roles.executionRole.name,
      taskRoleName: this.roles.taskRole.name,
      partition: env.partition,
      region: env.region,
      accountId: env.accountId,
      dnsSuffix: env.dnsSuffix,
      ...props.team,
    });

    this.controller = new ControllerService(scope, "Controller", {
      ...props.controller,
      namePrefix: name,
      region: env.region,
      image: this.image.imageUri,
      subnetIds: net.privateSubnetIds,
      securityGroupId: sg.controller.id,
      additionalSecurityGroupIds: net.additionalSecurityGroupIds?.controller,
      executionRoleArn: this.roles.executionRole.arn,
      taskRoleArn: this.roles.taskRole.arn,
      logGroup: this.controllerLogs,
      fileSystemId: this.storage.fileSystemId,
      accessPointId: this.storage.accessPoint.id,
      passwordParameter: this.password.parameterArn,
      targetGroupArn: this.loadBalancer.targetGroup.arn,
      discoveryServiceArn: this.discovery.service.arn,
      jcascYaml: props.jcascYaml,
      jcascYamlGzipBase64: props.jcascYamlGzipBase64,
      jcascEnvironment: this.jcascEnvironment,
      additionalSecrets: this.team.containerSecrets,
      dependsOn: [
        ...this.team.rolePolicies,
        this.loadBalancer.httpsListener,
        this.storage.mountTargets,
        ...(this.image.buildSteps ?? []),
        ...(this.agentImages?.buildSteps ?? []),
        ...this.roles.rolePolicies,
        this.agents.taskRolePolicies,
        ...(this.password.parameter ? [this.password.parameter] : []),
      ],
    });

    this.backup = when(
      backupEnabled,
      () =>
        new JenkinsBackup(scope, "Backup", {
          ...props.backup,
          namePrefix: name,
          env,
          iamRoles: props.iamRoles,
          kmsKeyArn: keyArn,
          preventDestroy,
          forceDestroy,
          fileSystemArn: this.storage.fileSystemArn,
          alertsTopicArn: this.alerts.topic.arn,
        }),
    );

    this.alerts.watch({
      controllerClusterName: this.controller.cluster.name,
      controllerClusterArn: this.controller.cluster.arn,
      controllerServiceName: this.controller.service.name,
      albArnSuffix: this.loadBalancer.alb.arnSuffix,
      targetGroupArnSuffix: this.loadBalancer.targetGroup.arnSuffix,
      fileSystemId: this.storage.fileSystemId,
      agentClusterArns: this.agents.clusterArns,
      backupVaultName: this.backup?.vault.name,
      backupEnabled,
    });

    this.outputs = jenkinsOutputs(this, props);
  }
}
