/**
 * One construct tree, two parameterizations: the `jenkins` stack (values from vars.json) and
 * the registry module (variable references) both build lib/stacks/serverless-jenkins.ts. This
 * test lists the resources, data sources and outputs of each by construct path and fails on
 * any difference that is not declared below with its reason.
 */
import { TerraformDataSource, TerraformResource, TerraformStack, Testing } from "../../lib/cdktf-core";
import { INTERFACE_ENDPOINT_SERVICES } from "../../lib/config/vpc-endpoints";
import { JenkinsModuleStack } from "../../lib/module/jenkins-module-stack";
import { logicalPath } from "../../lib/stacks/jenkins-stack";
import { configWith, project, synthJson, SynthJson } from "../support/project";

/** `type @ construct path below the stack` of every resource and data source. */
function inventory(stack: TerraformStack): Set<string> {
  const out = new Set<string>();
  for (const node of stack.node.findAll()) {
    const isData = node instanceof TerraformDataSource;
    if (!(node instanceof TerraformResource) && !isData) continue;
    const type = (node as TerraformResource | TerraformDataSource).terraformResourceType;
    out.add(`${isData ? "data." : ""}${type} @ ${logicalPath(stack, node).join("/")}`);
  }
  return out;
}

/** Parts only one of the two has, and why. */
const STACK_ONLY: Array<[RegExp, string]> = [
  [
    / @ (Image|AgentImages\/Mirror)\/(Sources|ContextObject|ContextArchive)/,
    "the stack's codebuild mode reads the build context from S3; the module's contexts hold its variables, so they go to CodeBuild inline",
  ],
  [
    / @ AgentImages\/Template-/,
    "per-template agent image builds (agents.templates[].build) are the stack's only; module templates name an image or use the default",
  ],
  [/ @ LoadBalancer\/Certificate/, "the stack can create and DNS-validate a certificate; the module takes certificate_arn"],
];
const MODULE_ONLY: Array<[RegExp, string]> = [
  [
    / @ Network\/(NatEip[12]|NatGateway[12]|(Private|Public)(Subnet|SubnetRoutes|RouteTable|DefaultRoute)2|AvailableZones)$/,
    "the module's new VPC has a count-switched slot per possible AZ and a NAT gateway per AZ (availability_zones, nat_gateways); the stack creates those its configuration names",
  ],
  [
    /^aws_cloudwatch_metric_alarm @ Alerts\/Efs(BurstCredits|NoClients)$/,
    "the stack creates the EFS alarm its throughput mode needs; the module both, switched by efs_throughput_mode",
  ],
  [/^data\.aws_(region|partition|caller_identity) @ (Region|Partition|Caller)$/, "the module reads region and partition from its caller's provider"],
  [
    / @ AgentImages\/PullThroughCache$/,
    "the module's image source is a variable: the cache rule exists with count (the stack here mirrors; its cache rule is the same construct)",
  ],
  [
    / @ Agents\/PullThroughCache(Policy|RolePolicy)$/,
    "the module switches the cache rights by agent_image_source in a policy of their own; the stack puts them in the execution policy when it uses the cache",
  ],
];

function undeclared(items: Set<string>, other: Set<string>, declared: Array<[RegExp, string]>): string[] {
  return [...items].filter((i) => !other.has(i) && !declared.some(([re]) => re.test(i))).sort();
}

describe("the stack and the module build the same Jenkins", () => {
  // Every optional part of the stack switched on, so nothing is missing by configuration.
  const config = configWith({
    agents: {
      spotCluster: true,
      templates: [
        { label: "build", cpu: 1024, memory: 2048 },
        { label: "node", cpu: 1024, memory: 2048, build: { packages: ["nodejs"] } },
      ],
    },
    vpcEndpoints: { enabled: true, interfaceServices: [...INTERFACE_ENDPOINT_SERVICES] },
    backup: { enabled: true, vaultLock: { enabled: true, minRetentionDays: 7, maxRetentionDays: 365 } },
    controller: { ecsExec: true, adminPassword: { create: true } },
    loadBalancer: {
      certificateArn: undefined,
      accessLogsBucket: "my-alb-logs",
      dns: { hostname: "jenkins.example.com", zoneId: "Z0123456789ABCDEFGHIJ", createRecord: true },
    },
    // Team setup (issue 18): sign-in with a client secret, build credentials and repository jobs,
    // which the module has too (variables auth, jobs, credentials_*), switched by Terraform.
    auth: {
      mode: "oidc",
      oidc: {
        issuer: "https://login.example.com",
        clientId: "jenkins",
        clientSecret: { secretsManagerArn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:ci/oidc" },
      },
      adminGroups: ["admins"],
    },
    jobs: { repositories: [{ name: "apps", url: "https://github.com/acme/apps.git" }] },
  });
  const jenkinsStack = project(config).jenkins;
  const moduleStack = new JenkinsModuleStack(Testing.app(), "module");
  const moduleJson = JSON.parse(Testing.synth(moduleStack)) as SynthJson;
  const stack = inventory(jenkinsStack);
  const module = inventory(moduleStack);

  test("every resource of the stack is in the module, or declared stack-only", () => {
    expect(undeclared(stack, module, STACK_ONLY)).toEqual([]);
  });

  test("every resource of the module is in the stack, or declared module-only", () => {
    expect(undeclared(module, stack, MODULE_ONLY)).toEqual([]);
  });

  test("the declarations are still needed (each matches something)", () => {
    for (const [re, why] of STACK_ONLY) expect({ why, matched: [...stack].some((i) => re.test(i) && !module.has(i)) }).toEqual({ why, matched: true });
    for (const [re, why] of MODULE_ONLY) expect({ why, matched: [...module].some((i) => re.test(i) && !stack.has(i)) }).toEqual({ why, matched: true });
  });

  test("the same outputs", () => {
    const stackOutputs = Object.keys(synthJson(jenkinsStack).output ?? {}).sort();
    const moduleOutputs = Object.keys(moduleJson.output ?? {}).sort();
    expect(moduleOutputs).toEqual(stackOutputs);
    expect(stackOutputs).toEqual(
      // The integration outputs issue 16 asked for: password parameter, ALB ARN and zone, every security group, ECR, KMS.
      expect.arrayContaining([
        "admin_password_parameter_arn",
        "alb_arn",
        "alb_zone_id",
        "alb_security_group_id",
        "controller_security_group_id",
        "agent_security_group_id",
        "ecr_repository_url",
        "kms_key_arn",
      ]),
    );
  });
});
