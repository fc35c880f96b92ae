/**
 * Jenkins Configuration as Code, generated from the same configuration as the stack.
 *
 * The YAML is a plain string at synth time: every value that only Terraform knows (cluster
 * ARNs, subnets, role ARNs, URLs) is a `${ENV_VAR}` placeholder that the JCasC plugin resolves
 * from the controller container's environment, which the task definition fills with the real
 * references. So the YAML can be read and tested before anything exists, the same text works
 * in every image mode, and any change to it changes the task definition, which redeploys
 * the controller.
 */
import { stringify } from "yaml";
import { labelEnvSuffix } from "../../config/agent-images";
import { JENKINS_AGENT_PORT } from "../network/security-groups";
import { resolvedOidc } from "../../config/auth";
import { exampleJobsEnabled } from "../../config/jobs";
import { awsCredentialsProvider, globalMatrix, oicRealm, repositoryJobsDsl } from "./jcasc-team";
import type { JcascAgentsInput, JcascExampleJobsInput, JcascInput, JcascOidcInput, JcascTemplateInput } from "./jcasc-input";

/** Names of the environment variables the YAML refers to. */
export const JCASC_ENV = {
  adminUser: "JENKINS_ADMIN_USER",
  adminPassword: "JENKINS_ADMIN_PASSWORD",
  jenkinsUrl: "JENKINS_URL",
  agentJenkinsUrl: "JENKINS_AGENT_URL",
  tunnel: "JENKINS_TUNNEL",
  region: "AWS_REGION",
  fargateClusterArn: "AGENT_CLUSTER_FARGATE_ARN",
  spotClusterArn: "AGENT_CLUSTER_SPOT_ARN",
  agentSubnets: "AGENT_SUBNETS",
  agentSecurityGroups: "AGENT_SECURITY_GROUPS",
  agentExecutionRoleArn: "AGENT_EXECUTION_ROLE_ARN",
  agentLogGroup: "AGENT_LOG_GROUP",
  alertsTopicArn: "ALERTS_TOPIC_ARN",
  /** The default agent image as served by the stack (mirror or pull-through cache). */
  agentDefaultImage: "AGENT_DEFAULT_IMAGE",
  /**
   * `arn:<partition>:iam::<account>:role/<prefix>-agent-`: a template's task role ARN is this
   * prefix and its label, so 200 templates with their own roles cost one variable, not 200.
   */
  agentTaskRoleArnPrefix: "AGENT_TASK_ROLE_ARN_PREFIX",
} as const;

/** Name of a template's task role (AgentClusters creates it): `<prefix>-agent-<label>`. */
export function agentTaskRoleName(namePrefix: string, label: string): string {
  return `${namePrefix}-agent-${label}`;
}

/** The `taskrole` of a template in the YAML: the ARN prefix placeholder and the label. */
export function taskRoleRef(label: string): string {
  return `${ref(JCASC_ENV.agentTaskRoleArnPrefix)}${label}`;
}

/**
 * Env var holding the image of a template the stack builds (`build`), e.g. `AGENT_IMAGE_NODE`.
 * Built from the label's slug (lib/config/agent-images.ts); labels with the same slug are
 * rejected by the configuration, so no two templates share a variable.
 */
export function agentImageEnvName(label: string): string {
  return `AGENT_IMAGE_${labelEnvSuffix(label)}`;
}

/**
 * The `image` of a template in the YAML: a template's own `image` as given; a template with
 * `build` and, unless `agentImages.source` is prebuilt, the default image are `${ENV}`
 * placeholders filled with the stack's ECR references. Without an `agentImages` section (the
 * registry module's symbolic configuration) the image is `t.image ?? agents.defaultImage`.
 */
export function agentImageRef(t: JcascTemplateInput, agents: Pick<JcascAgentsInput, "defaultImage">, agentImages?: JcascInput["agentImages"]): string {
  if (t.image) return t.image;
  if (!agentImages) return agents.defaultImage;
  if (t.build) return ref(agentImageEnvName(t.label));
  if (agentImages.source === "prebuilt") return agents.defaultImage;
  return ref(JCASC_ENV.agentDefaultImage);
}

const ref = (name: string) => `\${${name}}`;

/** Names of the two clouds. */
export const CLOUD_NAMES = { fargate: "fargate", spot: "fargate-spot" } as const;

/** Overrides a pipeline may set on `agent { ecs { ... } }`; never image or roles. */
export const ALLOWED_OVERRIDES = "inheritFrom,label,cpu,memory";

/**
 * One template of the amazon-ecs plugin's cloud (also used by the registry module, lib/module/).
 *
 * Sizing: the plugin registers Fargate task memory as `memoryReservation` if it is > 0, else
 * `memory` (ECSTaskTemplate.getMemoryConstraint), and uses `memory` as the container's hard
 * limit; a pipeline override merges field by field (a 0 takes the parent's). So the template
 * sets `memory` only: an override `memory 4096` then sets both the task memory and the hard
 * limit to 4096, where a `memoryReservation` would have kept the task at the template's size
 * under a larger hard limit, which ECS rejects.
 */
export function agentTemplate(t: JcascTemplateInput, agents: Pick<JcascAgentsInput, "defaultImage">, image?: string): Record<string, unknown> {
  const provider = t.spot ? "FARGATE_SPOT" : "FARGATE";
  return {
    templateName: t.label,
    label: t.label,
    image: image ?? t.image ?? agents.defaultImage,
    cpu: t.cpu,
    memory: t.memory,
    networkMode: "awsvpc",
    operatingSystemFamily: "LINUX",
    cpuArchitecture: "X86_64",
    platformVersion: "LATEST",
    // The plugin sends a capacity provider strategy instead of a launch type when this list is
    // set; a spot template therefore really asks ECS for FARGATE_SPOT.
    capacityProviderStrategies: [{ provider, base: 0, weight: 1 }],
    subnets: ref(JCASC_ENV.agentSubnets),
    securityGroups: ref(JCASC_ENV.agentSecurityGroups),
    assignPublicIp: false,
    executionRole: ref(JCASC_ENV.agentExecutionRoleArn),
    ...(t.taskPolicy ? { taskrole: taskRoleRef(t.label) } : {}),
    logDriver: "awslogs",
    logDriverOptions: [
      { name: "awslogs-group", value: ref(JCASC_ENV.agentLogGroup) },
      { name: "awslogs-region", value: ref(JCASC_ENV.region) },
      { name: "awslogs-stream-prefix", value: t.label },
    ],
    remoteFSRoot: "/home/jenkins",
    ...(t.ephemeralStorageGiB ? { ephemeralStorageSizeInGiB: t.ephemeralStorageGiB } : {}),
  };
}

/** One cloud of `jenkins.clouds`. */
export interface JcascCloud {
  readonly ecs: { readonly name: string; readonly templates: Record<string, unknown>[]; readonly [key: string]: unknown };
}

/** The JCasC document: the parts the registry module rewrites are typed, the rest is plain data. */
export interface JcascDocument {
  readonly jenkins: {
    readonly securityRealm: Record<string, unknown>;
    readonly authorizationStrategy: Record<string, unknown>;
    readonly clouds: JcascCloud[];
    readonly [key: string]: unknown;
  };
  readonly unclassified: { readonly location: { readonly url: string }; readonly awsCredentialsProvider?: Record<string, unknown> };
  readonly jobs?: Array<{ readonly script: string }>;
}

function cloud(
  name: string,
  clusterEnv: string,
  templates: readonly JcascTemplateInput[],
  agents: JcascAgentsInput,
  agentImages?: JcascInput["agentImages"],
): JcascCloud {
  return {
    ecs: {
      name,
      cluster: ref(clusterEnv),
      regionName: ref(JCASC_ENV.region),
      // Empty: the plugin uses the controller's task role.
      credentialsId: "",
      jenkinsUrl: ref(JCASC_ENV.agentJenkinsUrl),
      tunnel: ref(JCASC_ENV.tunnel),
      retentionTimeout: agents.retentionTimeoutMinutes,
      slaveTimeoutInSeconds: agents.agentStartTimeoutSeconds,
      maxAgents: agents.maxAgents,
      numExecutors: 1,
      allowedOverrides: ALLOWED_OVERRIDES,
      templates: templates.map((t) => agentTemplate(t, agents, agentImageRef(t, agents, agentImages))),
    },
  };
}

/** The label the example jobs use on each cloud, if any template exists there. */
function exampleLabels(config: JcascExampleJobsInput): { critical?: string; spot?: string } {
  const t = config.agents.templates;
  return { critical: t.find((x) => !x.spot)?.label, spot: t.find((x) => x.spot)?.label };
}

/** A declarative pipeline on an ECS template that posts to the alerts topic when it fails. */
function examplePipeline(label: string, capacity: string, options?: string): string[] {
  return [
    "pipeline {",
    `    agent { ecs { inheritFrom '${label}' } }`,
    ...(options ? [`    options { ${options} }`] : []),
    "    stages {",
    "        stage('Test') {",
    "            steps {",
    `                sh 'echo "this ran on ${capacity}"'`,
    "                sh 'sleep 30'",
    "            }",
    "        }",
    "    }",
    "    post {",
    "        failure {",
    // Runs on the controller with its task role (sns:Publish on the alerts topic only).
    "            snsPublish(topicArn: env.ALERTS_TOPIC_ARN, subject: 'Jenkins build failed: ' + env.JOB_NAME, message: 'Build ' + env.BUILD_URL + ' failed.')",
    "        }",
    "    }",
    "}",
  ];
}

/** A Job DSL `pipelineJob` with an inline, sandboxed script. */
function pipelineJob(name: string, description: string, script: string[]): string {
  const body = ["      script('''", ...script, "''')"];
  return [
    `pipelineJob('${name}') {`,
    `  description('${description}')`,
    "  definition {",
    "    cps {",
    "      sandbox(true)",
    ...body,
    "    }",
    "  }",
    "}",
  ].join("\n");
}

/** Job DSL for the two preconfigured jobs (as in the AWS blog post), with SNS on failure. */
export function exampleJobsDsl(config: JcascExampleJobsInput): string {
  const { critical, spot } = exampleLabels(config);
  const jobs: string[] = [];
  if (critical) {
    jobs.push(
      pipelineJob(
        "simple-job-critical-task",
        `Runs on the ${CLOUD_NAMES.fargate} cloud (FARGATE): work that must not be interrupted.`,
        examplePipeline(critical, "FARGATE (on demand)"),
      ),
    );
  }
  if (spot) {
    jobs.push(
      pipelineJob(
        "simple-job-non-critical-task",
        `Runs on the ${CLOUD_NAMES.spot} cloud (FARGATE_SPOT) and retries after a Spot interruption.`,
        // A Spot interruption kills the agent; retry the whole build on a fresh agent.
        examplePipeline(spot, "FARGATE_SPOT", "retry(conditions: [agent(), nonresumable()], count: 3)"),
      ),
    );
  }
  return jobs.join("\n\n");
}

/** The `local` security realm: the admin user with its password from SSM, no sign-up. */
export function localSecurityRealm(): Record<string, unknown> {
  return { local: { allowsSignup: false, users: [{ id: ref(JCASC_ENV.adminUser), password: ref(JCASC_ENV.adminPassword) }] } };
}

/** Authorization with the local realm: the signed-in admin does everything, anonymous nothing. */
export function localAuthorizationStrategy(): Record<string, unknown> {
  return { loggedInUsersCanDoAnything: { allowAnonymousRead: false } };
}

/**
 * The OpenID Connect realm with the local admin as the break-glass account of `breakGlassGroup`.
 * `serverConfiguration`: see oicRealm().
 */
export function oidcSecurityRealm(oidc: JcascOidcInput, breakGlassGroup: string, serverConfiguration?: object): Record<string, unknown> {
  return oicRealm(oidc, { userEnv: JCASC_ENV.adminUser, passwordEnv: JCASC_ENV.adminPassword, group: breakGlassGroup }, serverConfiguration);
}

/** The JCasC document as an object. */
export function jcascDocument(config: JcascInput): JcascDocument {
  const agents = config.agents;
  const onDemand = agents.templates.filter((t) => !t.spot);
  const spot = agents.templates.filter((t) => t.spot);
  const clouds = [cloud(CLOUD_NAMES.fargate, JCASC_ENV.fargateClusterArn, onDemand, agents, config.agentImages)];
  if (agents.spotCluster) clouds.push(cloud(CLOUD_NAMES.spot, JCASC_ENV.spotClusterArn, spot, agents, config.agentImages));
  // Team setup (issue 18). The registry module (lib/module/jcasc-expression.ts) passes no
  // auth/jobs and writes those parts from its variables with the functions below.
  const auth = config.auth;
  const oidc = auth ? resolvedOidc(auth) : undefined;
  const examples = config.jobs ? exampleJobsEnabled(config.jobs) : true;
  const dsl = [examples ? exampleJobsDsl(config) : "", repositoryJobsDsl(config.jobs?.repositories ?? [])].filter(Boolean).join("\n\n");
  const credentialsProvider = config.credentials ? awsCredentialsProvider(config.credentials, JCASC_ENV.region) : undefined;
  const securityRealm = oidc && auth ? oidcSecurityRealm(oidc, auth.breakGlassGroup) : localSecurityRealm();
  const authorizationStrategy = oidc && auth ? globalMatrix(auth) : localAuthorizationStrategy();
  return {
    jenkins: {
      systemMessage: "Serverless Jenkins on AWS Fargate. Configured as code: changes made here to clouds and security are replaced on the next restart.",
      numExecutors: config.controller.numExecutors,
      mode: "EXCLUSIVE",
      slaveAgentPort: JENKINS_AGENT_PORT,
      securityRealm,
      authorizationStrategy,
      crumbIssuer: { standard: { excludeClientIPFromCrumb: true } },
      globalNodeProperties: [{ envVars: { env: [{ key: "ALERTS_TOPIC_ARN", value: ref(JCASC_ENV.alertsTopicArn) }] } }],
      clouds,
    },
    unclassified: { location: { url: ref(JCASC_ENV.jenkinsUrl) }, ...(credentialsProvider ? { awsCredentialsProvider: credentialsProvider } : {}) },
    ...(dsl ? { jobs: [{ script: dsl }] } : {}),
  };
}

/** The JCasC YAML text. */
export function jcascYaml(config: JcascInput): string {
  return `# Generated by serverless-jenkins-cdktf from vars.json; edit the configuration, not this file.\n${stringify(jcascDocument(config), { lineWidth: 0 })}`;
}
