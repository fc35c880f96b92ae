import { Construct } from "constructs";
import { DataAwsIamPolicyDocument, DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { AwsEnvironment } from "../foundation/aws-environment";
import { ecsExecutionTrust, ecsTasksTrust } from "../agents/agent-clusters";
import { Flag, switchOn, when } from "../foundation/inputs";
import { CLOUD_NAMES } from "./jcasc";
import { IamRoleSettings, roleArguments } from "../foundation/iam-role-settings";

/** Props of {@link ControllerRoles}. */
export interface ControllerRolesProps {
  /** Prefix of names. */
  readonly namePrefix: string;
  /** Account/region of the stack. */
  readonly env: AwsEnvironment;
  /** ARNs of the agent clusters the plugin may run tasks in. */
  readonly agentClusterArns: string[];
  /** Roles the plugin may pass to agent tasks (agent execution role and template task roles). */
  readonly passableRoleArns: string[];
  /** The controller's log group ARN. */
  readonly logGroupArn: string;
  /** ARN of the SSM parameter with the admin password. */
  readonly passwordParameterArn: string;
  /** KMS key(s) the execution role needs to decrypt the password parameter with. */
  readonly decryptKeyArns: string[];
  /** EFS file system and access point the task mounts. */
  readonly fileSystemArn: string;
  readonly accessPointArn: string;
  /**
   * Alerts topic the controller may publish build notifications to.
   * @default - no sns:Publish
   */
  readonly alertsTopicArn?: string;
  /**
   * KMS key of the alerts topic (publishing to an encrypted topic needs it).
   * @default - none
   */
  readonly alertsKeyArn?: string;
  /**
   * ECR repository of the controller image (pull permission).
   * @default - no ECR pull permission beyond GetAuthorizationToken
   */
  readonly imageRepositoryArn?: string;
  /**
   * Further ECR repositories the controller image may come from (a prebuilt image in ECR).
   * @default - none
   */
  readonly pullRepositoryArns?: string[];
  /**
   * Allow ECS Exec sessions (ssmmessages channels).
   * @default false
   */
  readonly ecsExec?: Flag;
  /**
   * Permissions boundary and path of the roles created here (one object for every role of the stack).
   * @default - no boundary, path `/`
   */
  readonly iamRoles?: IamRoleSettings;
}

/**
 * The controller's two roles, kept apart:
 * - **execution role** (ECS agent): pull the image, write logs, read the password parameter;
 * - **task role** (Jenkins itself): exactly what the amazon-ecs plugin calls, scoped to the
 *   agent clusters, the plugin's task-definition families and the agent roles, plus EFS
 *   through the access point and SNS publish. Only actions that accept no resource ARN are
 *   granted on `*` without a condition (checkov CKV_AWS_355/356).
 *
 * The plugin tags what it creates (RegisterTaskDefinition and RunTask carry tags), so the
 * task role also holds `ecs:TagResource`, limited to those two create actions. Without it,
 * and without `iam:PassRole` on the agent roles, agents fail with AccessDenied.
 */
export class ControllerRoles extends Construct {
  /** Execution role. */
  public readonly executionRole: IamRole;
  /** Task role. */
  public readonly taskRole: IamRole;
  /** The task role's policy document (tests read it). */
  public readonly taskPolicy: DataAwsIamPolicyDocument;
  /** The execution role's policy document. */
  public readonly executionPolicy: DataAwsIamPolicyDocument;
  /** The roles' inline policies: the service must not start a task before they exist. */
  public readonly rolePolicies: IamRolePolicy[] = [];

  constructor(scope: Construct, id: string, props: ControllerRolesProps) {
    super(scope, id);
    const name = props.namePrefix;
    const trust = ecsTasksTrust(this, "Trust", props.env);

    this.executionRole = new IamRole(this, "ExecutionRole", {
      name: `${name}-controller-execution`,
      description: "ECS agent for the Jenkins controller: image pull, logs, admin password",
      assumeRolePolicy: ecsExecutionTrust(this, "ExecutionTrust").json,
      ...roleArguments(props.iamRoles),
    });
    const execStatements: DataAwsIamPolicyDocumentStatement[] = [
      { sid: "EcrAuth", effect: "Allow", actions: ["ecr:GetAuthorizationToken"], resources: ["*"] },
      { sid: "WriteLogs", effect: "Allow", actions: ["logs:CreateLogStream", "logs:PutLogEvents"], resources: [`${props.logGroupArn}:*`] },
      { sid: "ReadAdminPassword", effect: "Allow", actions: ["ssm:GetParameters"], resources: [props.passwordParameterArn] },
      {
        sid: "DecryptAdminPassword",
        effect: "Allow",
        actions: ["kms:Decrypt"],
        resources: props.decryptKeyArns,
        condition: [{ test: "StringEquals", variable: "kms:ViaService", values: [`ssm.${props.env.region}.${props.env.dnsSuffix}`] }],
      },
    ];
    const pullArns = [...(props.imageRepositoryArn ? [props.imageRepositoryArn] : []), ...(props.pullRepositoryArns ?? [])].filter(
      (a, i, all) => all.indexOf(a) === i,
    );
    if (pullArns.length > 0) {
      execStatements.push({
        sid: "PullControllerImage",
        effect: "Allow",
        actions: ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"],
        resources: pullArns,
      });
    }
    this.executionPolicy = new DataAwsIamPolicyDocument(this, "ExecutionPolicy", { statement: execStatements });
    this.rolePolicies.push(
      new IamRolePolicy(this, "ExecutionRolePolicy", { name: "controller-execution", role: this.executionRole.id, policy: this.executionPolicy.json }),
    );

    this.taskRole = new IamRole(this, "TaskRole", {
      name: `${name}-controller-task`,
      description: "Jenkins controller: amazon-ecs plugin, EFS, build notifications",
      assumeRolePolicy: trust.json,
      ...roleArguments(props.iamRoles),
    });

    const taskStatements: DataAwsIamPolicyDocumentStatement[] = [
      {
        // These calls take no resource ARN (Resource "*" only, per the ECS service authorization reference).
        sid: "EcsPluginAccountWide",
        effect: "Allow",
        actions: ["ecs:RegisterTaskDefinition", "ecs:DeregisterTaskDefinition", "ecs:ListClusters", "ecs:ListTaskDefinitions", "ecs:DescribeTaskDefinition"],
        resources: ["*"],
      },
      {
        // Before reusing a task definition the plugin compares its tags (ECSService.getTaskDefinitionTags);
        // it registers the families "<cloud name>-<template name>", so only those.
        sid: "EcsPluginReadTaskDefinitionTags",
        effect: "Allow",
        actions: ["ecs:ListTagsForResource"],
        resources: [CLOUD_NAMES.fargate, CLOUD_NAMES.spot].map((cloud) => props.env.arn("ecs", `task-definition/${cloud}-*:*`)),
      },
      {
        sid: "EcsPluginAgentClusters",
        effect: "Allow",
        actions: ["ecs:ListContainerInstances", "ecs:DescribeClusters"],
        resources: props.agentClusterArns,
      },
      {
        sid: "EcsPluginRunAgentTasks",
        effect: "Allow",
        actions: ["ecs:RunTask", "ecs:StopTask", "ecs:DescribeTasks"],
        resources: ["*"],
        condition: [{ test: "ArnEquals", variable: "ecs:cluster", values: props.agentClusterArns }],
      },
      {
        // The plugin tags the task definitions it registers and the tasks it runs.
        sid: "EcsPluginTagOnCreate",
        effect: "Allow",
        actions: ["ecs:TagResource"],
        resources: ["*"],
        condition: [{ test: "StringEquals", variable: "ecs:CreateAction", values: ["RegisterTaskDefinition", "RunTask"] }],
      },
      {
        sid: "PassAgentRoles",
        effect: "Allow",
        actions: ["iam:PassRole"],
        resources: props.passableRoleArns,
        condition: [{ test: "StringEquals", variable: "iam:PassedToService", values: ["ecs-tasks.amazonaws.com"] }],
      },
      {
        sid: "MountJenkinsHome",
        effect: "Allow",
        actions: ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"],
        resources: [props.fileSystemArn],
        condition: [{ test: "StringEquals", variable: "elasticfilesystem:AccessPointArn", values: [props.accessPointArn] }],
      },
    ];
    if (props.alertsTopicArn) {
      taskStatements.push({ sid: "PublishBuildNotifications", effect: "Allow", actions: ["sns:Publish"], resources: [props.alertsTopicArn] });
      if (props.alertsKeyArn) {
        taskStatements.push({
          sid: "EncryptBuildNotifications",
          effect: "Allow",
          actions: ["kms:GenerateDataKey*", "kms:Decrypt"],
          resources: [props.alertsKeyArn],
          condition: [{ test: "StringEquals", variable: "kms:ViaService", values: [`sns.${props.env.region}.${props.env.dnsSuffix}`] }],
        });
      }
    }
    this.taskPolicy = new DataAwsIamPolicyDocument(this, "TaskPolicy", { statement: taskStatements });
    this.rolePolicies.push(new IamRolePolicy(this, "TaskRolePolicy", { name: "controller-task", role: this.taskRole.id, policy: this.taskPolicy.json }));

    // ECS Exec: the SSM channels (which take no resource) in a policy of their own, there only when it is on.
    const ecsExec = props.ecsExec ?? false;
    when(ecsExec, () => {
      const channels = switchOn(
        new DataAwsIamPolicyDocument(this, "EcsExecPolicy", {
          statement: [
            {
              sid: "EcsExecChannels",
              effect: "Allow",
              actions: ["ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel"],
              resources: ["*"],
            },
          ],
        }),
        ecsExec,
      );
      this.rolePolicies.push(
        switchOn(new IamRolePolicy(this, "EcsExecRolePolicy", { name: "controller-ecs-exec", role: this.taskRole.id, policy: channels.json }), ecsExec),
      );
    });
  }
}
