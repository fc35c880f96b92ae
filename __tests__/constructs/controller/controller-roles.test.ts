/**
 * ControllerRoles (lib/constructs/controller/controller-roles.ts) alone in a minimal stack:
 * the execution role (image pull, logs, the admin password) and the task role (what the
 * amazon-ecs plugin calls, scoped; EFS through the access point; SNS publish), their trust,
 * ECS Exec, and the role settings (permissions boundary, path).
 */
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { TerraformVariable } from "../../../lib/cdktf-core";
import { ControllerRoles, ControllerRolesProps } from "../../../lib/constructs/controller/controller-roles";
import { AwsEnvironment } from "../../../lib/constructs/foundation/aws-environment";
import { policyStatements, resources, SynthJson } from "../../support/project";
import { synthScope } from "../../support/scope";

const A = "arn:aws:";
const ACCOUNT = "123456789012";
const AGENT_CLUSTERS = [`${A}ecs:eu-west-1:${ACCOUNT}:cluster/jenkins-agents-fargate`, `${A}ecs:eu-west-1:${ACCOUNT}:cluster/jenkins-agents-fargate-spot`];
const AGENT_ROLES = [`${A}iam::${ACCOUNT}:role/jenkins-agent-execution`, `${A}iam::${ACCOUNT}:role/jenkins-agent-build`];
const LOGS = `${A}logs:eu-west-1:${ACCOUNT}:log-group:/jenkins/controller`;
const PARAM = `${A}ssm:eu-west-1:${ACCOUNT}:parameter/jenkins-pwd`;
const KEY = `${A}kms:eu-west-1:${ACCOUNT}:key/0f1e2d3c-4b5a-4697-8877-665544332211`;
const FS = `${A}elasticfilesystem:eu-west-1:${ACCOUNT}:file-system/fs-0123456789abcdef0`;
const AP = `${A}elasticfilesystem:eu-west-1:${ACCOUNT}:access-point/fsap-0123456789abcdef0`;
const TOPIC = `${A}sns:eu-west-1:${ACCOUNT}:jenkins-alerts`;
const TOPIC_KEY = `${A}kms:eu-west-1:${ACCOUNT}:key/11111111-2222-3333-4444-555555555555`;
const REPO = `${A}ecr:eu-west-1:${ACCOUNT}:repository/jenkins/controller`;

type Props = Omit<ControllerRolesProps, "env">;
const base: Props = {
  namePrefix: "jenkins",
  agentClusterArns: AGENT_CLUSTERS,
  passableRoleArns: AGENT_ROLES,
  logGroupArn: LOGS,
  passwordParameterArn: PARAM,
  decryptKeyArns: [KEY],
  fileSystemArn: FS,
  accessPointArn: AP,
};
function synth(props: Partial<Props> = {}) {
  return synthScope((scope) => {
    const env = new AwsEnvironment(scope, "Env", { region: "eu-west-1", accountId: ACCOUNT });
    new ControllerRoles(scope, "Roles", { ...base, ...props, env });
  });
}
const bySid = (json: SynthJson, doc: string): Record<string, SynthJson["resource"][string][string]> =>
  Object.fromEntries(policyStatements(json, doc).map((s) => [s.sid, s]));

describe("ControllerRoles with the required props", () => {
  const { out, json } = synth();
  const exec = bySid(json, "Roles_ExecutionPolicy");
  const task = bySid(json, "Roles_TaskPolicy");

  test("two roles: <prefix>-controller-execution and <prefix>-controller-task, each with one inline policy", () => {
    expect(out).toHaveResourceWithProperties(IamRole, { name: "jenkins-controller-execution" });
    expect(out).toHaveResourceWithProperties(IamRole, { name: "jenkins-controller-task" });
    expect(resources(json, "aws_iam_role_policy").map(([, p]) => p.name)).toEqual(["controller-execution", "controller-task"]);
    for (const [, r] of resources(json, "aws_iam_role")) {
      expect(r).not.toHaveProperty("permissions_boundary");
      expect(r).not.toHaveProperty("path");
    }
  });

  test("trust: the task role only for ECS tasks of this account and region's ECS; the execution role bare (the ECS agent sends no source)", () => {
    expect(policyStatements(json, "Roles_Trust")[0].condition).toEqual([
      { test: "StringEquals", variable: "aws:SourceAccount", values: [ACCOUNT] },
      { test: "ArnLike", variable: "aws:SourceArn", values: [`${A}ecs:eu-west-1:${ACCOUNT}:*`] },
    ]);
    expect(policyStatements(json, "Roles_ExecutionTrust")).toEqual([
      { effect: "Allow", principals: [{ type: "Service", identifiers: ["ecs-tasks.amazonaws.com"] }], actions: ["sts:AssumeRole"] },
    ]);
  });

  test("execution role: ECR token, logs in the controller's group, the password parameter, decrypt only via SSM; no image pull without a repository", () => {
    expect(Object.keys(exec)).toEqual(["EcrAuth", "WriteLogs", "ReadAdminPassword", "DecryptAdminPassword"]);
    expect(exec.EcrAuth).toMatchObject({ actions: ["ecr:GetAuthorizationToken"], resources: ["*"] });
    expect(exec.WriteLogs).toMatchObject({ actions: ["logs:CreateLogStream", "logs:PutLogEvents"], resources: [`${LOGS}:*`] });
    expect(exec.ReadAdminPassword).toMatchObject({ actions: ["ssm:GetParameters"], resources: [PARAM] });
    expect(exec.DecryptAdminPassword).toMatchObject({
      actions: ["kms:Decrypt"],
      resources: [KEY],
      condition: [{ test: "StringEquals", variable: "kms:ViaService", values: ["ssm.eu-west-1.amazonaws.com"] }],
    });
  });

  test("task role: only calls without a resource ARN on * unconditioned; the plugin's tags reads limited to its families", () => {
    for (const s of Object.values(task)) if (s.resources.includes("*") && !s.condition) expect([s.sid, s.actions]).toEqual(["EcsPluginAccountWide", s.actions]);
    expect(task.EcsPluginAccountWide.actions).toEqual([
      "ecs:RegisterTaskDefinition",
      "ecs:DeregisterTaskDefinition",
      "ecs:ListClusters",
      "ecs:ListTaskDefinitions",
      "ecs:DescribeTaskDefinition",
    ]);
    expect(task.EcsPluginReadTaskDefinitionTags).toMatchObject({
      actions: ["ecs:ListTagsForResource"],
      resources: [`${A}ecs:eu-west-1:${ACCOUNT}:task-definition/fargate-*:*`, `${A}ecs:eu-west-1:${ACCOUNT}:task-definition/fargate-spot-*:*`],
    });
  });

  test("task role: agent tasks only in the agent clusters; tagging only on the plugin's two create actions", () => {
    expect(task.EcsPluginAgentClusters).toMatchObject({ actions: ["ecs:ListContainerInstances", "ecs:DescribeClusters"], resources: AGENT_CLUSTERS });
    expect(task.EcsPluginRunAgentTasks).toMatchObject({
      actions: ["ecs:RunTask", "ecs:StopTask", "ecs:DescribeTasks"],
      condition: [{ test: "ArnEquals", variable: "ecs:cluster", values: AGENT_CLUSTERS }],
    });
    expect(task.EcsPluginTagOnCreate).toMatchObject({
      actions: ["ecs:TagResource"],
      condition: [{ test: "StringEquals", variable: "ecs:CreateAction", values: ["RegisterTaskDefinition", "RunTask"] }],
    });
  });

  test("task role: pass only the agent roles, only to ECS tasks; mount JENKINS_HOME only through the access point", () => {
    expect(task.PassAgentRoles).toMatchObject({
      actions: ["iam:PassRole"],
      resources: AGENT_ROLES,
      condition: [{ test: "StringEquals", variable: "iam:PassedToService", values: ["ecs-tasks.amazonaws.com"] }],
    });
    expect(task.MountJenkinsHome).toMatchObject({
      actions: ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"],
      resources: [FS],
      condition: [{ test: "StringEquals", variable: "elasticfilesystem:AccessPointArn", values: [AP] }],
    });
    expect(JSON.stringify(task)).not.toContain("ClientRootAccess");
  });

  test("no SNS, no ECS Exec channels without their props", () => {
    expect(Object.keys(task)).not.toContain("PublishBuildNotifications");
    expect(JSON.stringify(json)).not.toContain("ssmmessages");
  });
});

describe("ControllerRoles with every prop", () => {
  const { json } = synth({
    alertsTopicArn: TOPIC,
    alertsKeyArn: TOPIC_KEY,
    imageRepositoryArn: REPO,
    pullRepositoryArns: [REPO, `${A}ecr:eu-west-1:${ACCOUNT}:repository/prebuilt/jenkins`],
    ecsExec: true,
    iamRoles: { permissionsBoundaryArn: `${A}iam::${ACCOUNT}:policy/boundary`, path: "/ci/" },
  });
  const exec = bySid(json, "Roles_ExecutionPolicy");
  const task = bySid(json, "Roles_TaskPolicy");

  test("image pull from the repositories given, each once", () => {
    expect(exec.PullControllerImage).toMatchObject({
      actions: ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"],
      resources: [REPO, `${A}ecr:eu-west-1:${ACCOUNT}:repository/prebuilt/jenkins`],
    });
  });

  test("publish to the alerts topic, and use its key only via SNS", () => {
    expect(task.PublishBuildNotifications).toMatchObject({ actions: ["sns:Publish"], resources: [TOPIC] });
    expect(task.EncryptBuildNotifications).toMatchObject({
      actions: ["kms:GenerateDataKey*", "kms:Decrypt"],
      resources: [TOPIC_KEY],
      condition: [{ test: "StringEquals", variable: "kms:ViaService", values: ["sns.eu-west-1.amazonaws.com"] }],
    });
  });

  test("ECS Exec: the four SSM channels in a policy of their own on the task role", () => {
    expect(policyStatements(json, "Roles_EcsExecPolicy")).toEqual([
      {
        sid: "EcsExecChannels",
        effect: "Allow",
        actions: ["ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel"],
        resources: ["*"],
      },
    ]);
    const execPolicy = resources(json, "aws_iam_role_policy").find(([, p]) => p.name === "controller-ecs-exec")![1];
    expect(execPolicy.role).toMatch(/^\$\{aws_iam_role\.Roles_TaskRole_[0-9A-F]{8}\.id}$/);
  });

  test("both roles carry the permissions boundary and the path", () => {
    for (const [, r] of resources(json, "aws_iam_role")) expect(r).toMatchObject({ permissions_boundary: `${A}iam::${ACCOUNT}:policy/boundary`, path: "/ci/" });
  });
});

describe("ControllerRoles with ECS Exec switched by Terraform", () => {
  const { json } = synthScope((scope) => {
    const env = new AwsEnvironment(scope, "Env", { region: "eu-west-1", accountId: ACCOUNT });
    new ControllerRoles(scope, "Roles", { ...base, env, ecsExec: new TerraformVariable(scope, "ecs_exec", { type: "bool" }).booleanValue });
  });

  test("the channels' document and policy are counted by the variable", () => {
    expect(Object.entries(json.data!.aws_iam_policy_document).find(([id]) => id.includes("EcsExecPolicy"))![1].count).toBe("${var.ecs_exec ? 1 : 0}");
    expect(Object.entries(json.resource.aws_iam_role_policy).find(([id]) => id.includes("EcsExecRolePolicy"))![1].count).toBe("${var.ecs_exec ? 1 : 0}");
  });
});
