import { Token } from "../cdktf-core";
import { isKnown } from "../constructs/foundation/inputs";
import type { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import type { AgentClusters } from "../constructs/agents/agent-clusters";
import type { JenkinsAlerts } from "../constructs/alerts/jenkins-alerts";
import type { JenkinsBackup } from "../constructs/backup/jenkins-backup";
import type { AdminPassword } from "../constructs/controller/admin-password";
import type { ControllerRoles } from "../constructs/controller/controller-roles";
import type { ControllerService } from "../constructs/controller/controller-service";
import type { ControllerDiscovery } from "../constructs/discovery/controller-discovery";
import type { EncryptionKey } from "../constructs/kms/encryption-key";
import type { JenkinsLoadBalancer } from "../constructs/load-balancer/jenkins-load-balancer";
import type { JenkinsSecurityGroups } from "../constructs/network/security-groups";
import type { RestoreTask } from "../constructs/restore/restore-task";
import type { JenkinsHomeStorage } from "../constructs/storage/jenkins-home-storage";
import type { AgentImagesInput, JenkinsImageInput, ServerlessJenkinsProps } from "./serverless-jenkins-props";

/**
 * The parts of ServerlessJenkins (serverless-jenkins.ts) the outputs read. Spelled out here
 * rather than imported, so that the outputs and the construct tree do not import each other.
 */
export interface JenkinsOutputSources {
  readonly dataKey: EncryptionKey;
  readonly securityGroups: JenkinsSecurityGroups;
  readonly storage: JenkinsHomeStorage;
  readonly loadBalancer: JenkinsLoadBalancer;
  readonly discovery: ControllerDiscovery;
  readonly agents: AgentClusters;
  readonly alerts: JenkinsAlerts;
  readonly image: JenkinsImageInput;
  readonly agentImages?: AgentImagesInput;
  readonly password: AdminPassword;
  readonly controllerLogs: CloudwatchLogGroup;
  readonly roles: ControllerRoles;
  readonly controller: ControllerService;
  readonly backup?: JenkinsBackup;
  readonly restore: RestoreTask;
}

/** One output of Jenkins: the same name, value and description in the stack and the module. */
export interface JenkinsOutput {
  readonly name: string;
  readonly value: unknown;
  readonly description: string;
}

/**
 * The integration outputs of ServerlessJenkins, declared by the `jenkins` stack and
 * the registry module alike (what is switched off is null).
 */
export function jenkinsOutputs(j: JenkinsOutputSources, props: ServerlessJenkinsProps): JenkinsOutput[] {
  const nullable = (value: string | undefined) => value ?? Token.nullValue();
  const list: [string, unknown, string][] = [
    ["jenkins_url", j.loadBalancer.url, "Public URL of Jenkins (the host name, or the ALB's DNS name), with a trailing slash."],
    ["alb_dns_name", j.loadBalancer.alb.dnsName, "DNS name of the ALB (point your host name's CNAME/alias here)."],
    ["alb_zone_id", j.loadBalancer.alb.zoneId, "Route 53 zone id of the ALB, for an alias record in your own DNS."],
    ["alb_arn", j.loadBalancer.alb.arn, "ARN of the ALB."],
    ["alb_security_group_id", j.securityGroups.alb.id, "Security group of the ALB."],
    ["controller_security_group_id", j.securityGroups.controller.id, "Security group of the controller task."],
    ["agent_security_group_id", j.securityGroups.agents.id, "Security group of agent tasks."],
    ["controller_cluster_name", j.controller.cluster.name, "ECS cluster of the controller."],
    ["controller_service_name", j.controller.service.name, "ECS service of the controller."],
    ["agent_cluster_fargate_name", j.agents.fargate.cluster.name, "Agent cluster on FARGATE (cloud `fargate`)."],
    ["agent_cluster_fargate_arn", j.agents.fargate.cluster.arn, "ARN of the FARGATE agent cluster."],
    ["agent_cluster_spot_name", nullable(j.agents.spot?.cluster.name), "Agent cluster on FARGATE_SPOT (cloud `fargate-spot`); null when disabled."],
    ["agent_cluster_spot_arn", nullable(j.agents.spot?.cluster.arn), "ARN of the FARGATE_SPOT agent cluster; null when disabled."],
    ["efs_file_system_id", j.storage.fileSystemId, "EFS file system of JENKINS_HOME (created here, or the one brought by id)."],
    ["efs_access_point_id", j.storage.accessPoint.id, "EFS access point (uid/gid 1000) the controller mounts."],
    ["cloud_map_namespace", props.discoveryNamespace, "Cloud Map private DNS namespace."],
    ["agent_tunnel", j.discovery.tunnel, "host:port agents connect to (JNLP tunnel)."],
    ["controller_task_role_arn", j.roles.taskRole.arn, "Task role of the controller (amazon-ecs plugin permissions)."],
    ["controller_execution_role_arn", j.roles.executionRole.arn, "Execution role of the controller."],
    ["agent_execution_role_arn", j.agents.executionRole.arn, "Execution role of agent tasks."],
    [
      "agent_task_role_arns",
      `\${{ for k, r in ${j.agents.taskRoles.fqn} : k => r.arn }}`,
      "Task role ARN per agent template label (templates with a task policy).",
    ],
    ["controller_log_group", j.controllerLogs.name, "Log group of the controller."],
    ["agent_log_group", j.agents.logGroup.name, "Log group of the agents."],
    [
      "agent_default_image",
      j.agentImages?.defaultImageUri ?? props.defaultAgentImage,
      "Default agent image as agents pull it (the stack's ECR mirror, pull-through cache, or the reference as configured).",
    ],
    ["controller_image", j.image.imageUri, "Controller image in use (content-addressed tag when built)."],
    ["ecr_repository_url", nullable(j.image.repositoryUrl), "ECR repository of the controller image; null for a prebuilt image elsewhere."],
    ["admin_password_parameter_arn", j.password.parameterArn, "ARN of the SSM parameter with the admin password."],
    ["kms_key_arn", j.dataKey.arn, "Customer-managed KMS key of JENKINS_HOME, logs, the image repository, the password and backups."],
    [
      "alerts_topic_arn",
      j.alerts.topic.arn,
      "SNS topic of alerts and build notifications (KMS-encrypted; CloudWatch, EventBridge and AWS Backup may publish).",
    ],
    ["backup_vault_name", nullable(j.backup?.vault.name), "AWS Backup vault of JENKINS_HOME; null when backups are off."],
    [
      "backup_role_arn",
      nullable(j.backup?.role.arn),
      "Service role AWS Backup uses for backups and restores (`npm run restore` passes it); null when backups are off.",
    ],
    [
      "restore_task_definition_family",
      j.restore.taskDefinition.family,
      "Family of the task definition `npm run restore` runs to copy restored files into JENKINS_HOME (uid/gid 1000).",
    ],
    ["backup_plan_id", nullable(j.backup?.plan.id), "AWS Backup plan id; null when backups are off."],
    ["vpc_id", props.network.vpcId, "VPC of Jenkins."],
    ["private_subnet_ids", props.network.privateSubnetIds, "Private subnets of the controller, agents and EFS."],
    // Text known at synth carries the JCasC `${ENV}` placeholders: escaped so Terraform keeps them literal.
    [
      "jcasc_yaml",
      isKnown(props.jcascYaml) ? props.jcascYaml.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{") : props.jcascYaml,
      "The generated Jenkins Configuration as Code YAML; values such as cluster ARNs are environment placeholders filled from the controller task.",
    ],
  ];
  return list.map(([name, value, description]) => ({ name, value, description }));
}
