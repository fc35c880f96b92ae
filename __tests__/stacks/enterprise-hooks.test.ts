/**
 * Enterprise hooks of the `jenkins` stack (issue 16, item 4): settings that every IAM role,
 * ... carries. The roles, keys and groups are enumerated from the synthesized output, so a
 * role added later without the settings fails here.
 */
import { JCASC_ENV } from "../../lib/constructs/controller/jcasc";
import { byId, configWith, problemsOf, project, resources, synthJson, SynthJson } from "../support/project";

const BOUNDARY = "arn:aws:iam::123456789012:policy/org/jenkins-boundary";
/** A configuration that creates every kind of role: flow logs (new VPC), backup, CodeBuild images (controller, agent mirror, a template), a template task role. */
const EVERY_ROLE = {
  agents: {
    templates: [
      { label: "build", cpu: 1024, memory: 2048 },
      {
        label: "deploy",
        cpu: 512,
        memory: 1024,
        build: { packages: ["git"] },
        taskPolicy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::artifacts/*"] }] },
      },
    ],
  },
};
const controllerEnvironment = (json: SynthJson): Record<string, string> => {
  const [container] = JSON.parse(byId(json, "aws_ecs_task_definition", "Controller").container_definitions);
  return Object.fromEntries(container.environment.map((e: { name: string; value: string }) => [e.name, e.value]));
};

describe("IAM permissions boundary and path on every role", () => {
  const json = synthJson(project(configWith({ ...EVERY_ROLE, iam: { permissionsBoundaryArn: BOUNDARY, path: "/ci/jenkins/" } })).jenkins);
  const roles = resources(json, "aws_iam_role");

  test("GIVEN both settings THEN every aws_iam_role of the output carries the boundary and the path", () => {
    // Flow logs, backup, 2 controller, 2 agent, 3 image builds, 1 template task role at least.
    expect(roles.length).toBeGreaterThanOrEqual(9);
    const missing = roles.filter(([, r]) => r.permissions_boundary !== BOUNDARY || r.path !== "/ci/jenkins/").map(([id]) => id);
    expect(missing).toEqual([]);
  });

  test("the agent task role ARNs JCasC builds include the path", () => {
    expect(controllerEnvironment(json)[JCASC_ENV.agentTaskRoleArnPrefix]).toBe("arn:aws:iam::123456789012:role/ci/jenkins/jenkins-agent-");
  });

  test("GIVEN no settings THEN no boundary and path / (the provider's default: no change for existing roles)", () => {
    const plain = resources(synthJson(project(configWith(EVERY_ROLE)).jenkins), "aws_iam_role");
    expect(plain.length).toBe(roles.length);
    expect(plain.filter(([, r]) => "permissions_boundary" in r || r.path !== "/").map(([id]) => id)).toEqual([]);
    expect(controllerEnvironment(synthJson(project(configWith(EVERY_ROLE)).jenkins))[JCASC_ENV.agentTaskRoleArnPrefix]).toBe(
      "arn:aws:iam::123456789012:role/jenkins-agent-",
    );
  });
});

describe("iam settings are validated", () => {
  test.each([
    ["a role ARN", { permissionsBoundaryArn: "arn:aws:iam::123456789012:role/boundary" }, ["iam.permissionsBoundaryArn", "must be an IAM managed policy ARN"]],
    ["a path without the leading slash", { path: "jenkins/" }, ["iam.path", "must be an IAM path"]],
    ["a path without the trailing slash", { path: "/jenkins" }, ["iam.path", "must be an IAM path"]],
    ["a path with a space", { path: "/my jenkins/" }, ["iam.path", "must be an IAM path"]],
    ["a path over 512 characters", { path: `/${"a".repeat(511)}/` }, ["iam.path", "must be at most 512 characters"]],
    [
      "a boundary of another partition",
      { permissionsBoundaryArn: "arn:aws-cn:iam::123456789012:policy/b" },
      ["iam.permissionsBoundaryArn", "is an ARN of partition aws-cn, but region eu-west-1 is in partition aws"],
    ],
    [
      "a boundary of another account",
      { permissionsBoundaryArn: "arn:aws:iam::210987654321:policy/b" },
      ["iam.permissionsBoundaryArn", "is a policy of account 210987654321, not of accountId 123456789012"],
    ],
  ])("rejected: %s", (_name, iam, [field, message]) => {
    expect(problemsOf({ iam }).filter((p) => p.startsWith(`${field}: `) && p.includes(message))).toHaveLength(1);
  });

  test.each([
    ["an AWS managed policy", { permissionsBoundaryArn: "arn:aws:iam::aws:policy/PowerUserAccess" }],
    ["a policy with a path", { permissionsBoundaryArn: BOUNDARY }],
    ["a 512-character path", { path: `/${"a".repeat(510)}/` }],
    ["a nested path", { path: "/org/team-1/jenkins/" }],
  ])("accepted: %s", (_name, iam) => {
    expect(configWith({ iam }).iam).toMatchObject(iam);
  });
});

describe("extra security groups on the controller service, the agent tasks and the ALB", () => {
  const BYO = {
    vpcId: "vpc-0123456789abcdef0",
    publicSubnetIds: ["subnet-0123456789abcdef1", "subnet-0123456789abcdef2"],
    privateSubnetIds: ["subnet-0123456789abcdef3", "subnet-0123456789abcdef4"],
    availabilityZones: undefined,
    natGateways: undefined,
  };
  const extra = { controller: ["sg-0000000000000c001"], agents: ["sg-0000000000000a001", "sg-0000000000000a002"], loadBalancer: ["sg-0000000000000b001"] };
  const json = synthJson(project(configWith({ network: { ...BYO, additionalSecurityGroupIds: extra } })).jenkins);
  const plain = synthJson(project(configWith({ network: BYO })).jenkins);
  const own = (j: SynthJson, idPart: string) => `\${aws_security_group.${resources(j, "aws_security_group").find(([id]) => id.includes(idPart))![0]}.id}`;

  test("GIVEN extra groups THEN the controller service's tasks get its own group and the extra ones", () => {
    expect(byId(json, "aws_ecs_service", "Controller").network_configuration.security_groups).toEqual([
      own(json, "SecurityGroups_Controller"),
      ...extra.controller,
    ]);
  });

  test("the agent tasks (JCasC placeholder AGENT_SECURITY_GROUPS) get the agents' group and the extra ones", () => {
    expect(controllerEnvironment(json)[JCASC_ENV.agentSecurityGroups]).toBe([own(json, "SecurityGroups_Agents"), ...extra.agents].join(","));
  });

  test("the ALB gets its own group and the extra ones", () => {
    expect(byId(json, "aws_alb", "LoadBalancer").security_groups).toEqual([own(json, "SecurityGroups_Alb"), ...extra.loadBalancer]);
  });

  test("GIVEN none THEN each part has only the stack's own group", () => {
    expect(byId(plain, "aws_ecs_service", "Controller").network_configuration.security_groups).toEqual([own(plain, "SecurityGroups_Controller")]);
    expect(controllerEnvironment(plain)[JCASC_ENV.agentSecurityGroups]).toBe(own(plain, "SecurityGroups_Agents"));
    expect(byId(plain, "aws_alb", "LoadBalancer").security_groups).toEqual([own(plain, "SecurityGroups_Alb")]);
  });

  test.each([
    [
      "a malformed id",
      { ...BYO, additionalSecurityGroupIds: { agents: ["sg-XYZ"] } },
      ["network.additionalSecurityGroupIds.agents.0", "must be a security group id"],
    ],
    [
      "five groups on the ALB",
      { ...BYO, additionalSecurityGroupIds: { loadBalancer: ["1", "2", "3", "4", "5"].map((d) => `sg-000000000000000${d}`) } },
      ["network.additionalSecurityGroupIds.loadBalancer", "at most 4 security groups"],
    ],
    [
      "groups with a new VPC",
      { additionalSecurityGroupIds: { controller: ["sg-0000000000000c001"] } },
      ["network.additionalSecurityGroupIds.controller", "can only be attached in your own VPC; set network.vpcId"],
    ],
  ])("rejected: %s", (_name, network, [field, message]) => {
    expect(problemsOf({ network }).filter((p) => p.startsWith(`${field}: `) && p.includes(message))).toHaveLength(1);
  });
});

describe("customer-provided KMS key instead of the stack's keys", () => {
  const KEY = "arn:aws:kms:eu-west-1:123456789012:key/0f1e2d3c-4b5a-4697-8877-665544332211";
  const config = { ...EVERY_ROLE, controller: { adminPassword: { create: true } }, kms: { keyArn: KEY } };
  const json = synthJson(project(configWith(config)).jenkins);
  const all = (type: string) => resources(json, type).map(([, r]) => r);

  test("GIVEN kms.keyArn THEN no aws_kms_key or alias is created and nothing refers to one", () => {
    expect(resources(json, "aws_kms_key")).toHaveLength(0);
    expect(resources(json, "aws_kms_alias")).toHaveLength(0);
    expect(JSON.stringify(json)).not.toContain("aws_kms_key.");
  });

  test("log groups, EFS, the alerts topic, ECR repositories, the backup vault, the password parameter and CodeBuild use the key", () => {
    expect(all("aws_cloudwatch_log_group").length).toBeGreaterThan(0);
    expect(all("aws_cloudwatch_log_group").filter((g) => g.kms_key_id !== KEY)).toEqual([]);
    expect(all("aws_efs_file_system").map((f) => f.kms_key_id)).toEqual([KEY]);
    expect(all("aws_sns_topic").map((t) => t.kms_master_key_id)).toEqual([KEY]);
    expect(all("aws_ecr_repository").length).toBeGreaterThan(0);
    expect(all("aws_ecr_repository").filter((r) => r.encryption_configuration[0].kms_key !== KEY)).toEqual([]);
    expect(all("aws_backup_vault").map((v) => v.kms_key_arn)).toEqual([KEY]);
    expect(all("aws_ssm_parameter").map((p) => p.key_id)).toEqual([KEY]);
    expect(all("aws_codebuild_project").length).toBeGreaterThan(0);
    expect(all("aws_codebuild_project").filter((p) => p.encryption_key !== KEY)).toEqual([]);
  });

  test("the roles get the key where they got the stack's: password decrypt, alerts publish", () => {
    const out = JSON.stringify(json.data?.aws_iam_policy_document ?? {});
    expect(out).toContain(KEY);
    expect(json.output?.kms_key_arn.value).toBe(KEY);
  });

  test("GIVEN no key THEN the data key and the alerts key are created", () => {
    expect(resources(synthJson(project(configWith(EVERY_ROLE)).jenkins), "aws_kms_key")).toHaveLength(2);
  });

  test.each([
    ["an alias ARN", "arn:aws:kms:eu-west-1:123456789012:alias/jenkins", "must be a KMS key ARN"],
    [
      "a key of another region",
      "arn:aws:kms:us-east-1:123456789012:key/0f1e2d3c-4b5a-4697-8877-665544332211",
      "is a key of region us-east-1, but the stack is in eu-west-1",
    ],
  ])("rejected: %s", (_name, keyArn, message) => {
    expect(problemsOf({ kms: { keyArn } }).filter((p) => p.startsWith("kms.keyArn: ") && p.includes(message))).toHaveLength(1);
  });
});
