import { gzipSync } from "zlib";
import { Construct } from "constructs";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { EcsCluster } from "@cdktf/provider-aws/lib/ecs-cluster";
import { EcsClusterCapacityProviders } from "@cdktf/provider-aws/lib/ecs-cluster-capacity-providers";
import { EcsService } from "@cdktf/provider-aws/lib/ecs-service";
import { EcsTaskDefinition } from "@cdktf/provider-aws/lib/ecs-task-definition";
import { ITerraformDependable } from "../../cdktf-core";
import { Flag, concatLists, numberText } from "../foundation/inputs";
import { JENKINS_AGENT_PORT, JENKINS_HTTP_PORT } from "../network/security-groups";
import { JCASC_ENV } from "./jcasc";
import { SECRETS_PLACEHOLDER, containerSecrets } from "./container-secrets";

/** Name of the controller's container. */
export const CONTROLLER_CONTAINER = "jenkins";
/** Where the container writes the JCasC YAML it receives in its environment. */
export const CASC_PATH = "/var/jenkins_home/casc.d/jenkins.yaml";

/**
 * Entry point that materializes the JCasC YAML and starts Jenkins the way the official image
 * does. The YAML arrives gzip-compressed and base64-encoded in `CASC_YAML_GZIP_BASE64` (compressed
 * at synth by the stack, by Terraform's `base64gzip` in the registry module), or, from older
 * definitions, only base64-encoded in `CASC_YAML_BASE64`; base64 and gunzip are in every
 * Debian-based jenkins/jenkins image. Works with any image based on
 * jenkins/jenkins, so a JCasC change redeploys the controller in every image mode without an
 * image build. The task's `initProcessEnabled` provides PID 1 (instead of the image's tini),
 * which ECS Exec needs. No `${` anywhere: Terraform would read it as an interpolation.
 */
export const CONTROLLER_ENTRYPOINT = [
  "/bin/sh",
  "-c",
  `mkdir -p "$(dirname "$CASC_JENKINS_CONFIG")" && if [ -n "$CASC_YAML_GZIP_BASE64" ]; then printf '%s' "$CASC_YAML_GZIP_BASE64" | base64 -d | gunzip -c > "$CASC_JENKINS_CONFIG"; else printf '%s' "$CASC_YAML_BASE64" | base64 -d > "$CASC_JENKINS_CONFIG"; fi && exec /usr/local/bin/jenkins.sh`,
];

/**
 * What `RegisterTaskDefinition` accepts as container definitions (64 KiB); the stack refuses
 * to synthesize a controller whose definitions could come near it.
 */
export const CONTAINER_DEFINITIONS_LIMIT_BYTES = 65536;
/** The budget the synthesized definitions must stay under, leaving room for resolved references. */
export const CONTAINER_DEFINITIONS_BUDGET_BYTES = 48 * 1024;
/** Upper bound of the length a Terraform reference resolves to (ARNs, URLs, ids). */
export const RESOLVED_REFERENCE_BYTES = 200;

/** gzip + base64 of the YAML, deterministic (no file name, mtime 0, level 9). */
export function jcascGzipBase64(yaml: string): string {
  return gzipSync(Buffer.from(yaml, "utf8"), { level: 9 }).toString("base64");
}

/**
 * Size of container definitions JSON once Terraform resolves it, as an upper bound: every
 * reference (`${...}` in synthesized output, a token at synth) counted as
 * {@link RESOLVED_REFERENCE_BYTES}.
 */
export function resolvedSizeUpperBound(json: string): number {
  const refs = json.match(/\$\{[^}]*\}/g) ?? [];
  const withoutRefs = json.replace(/\$\{[^}]*\}/g, "");
  return Buffer.byteLength(withoutRefs, "utf8") + refs.length * RESOLVED_REFERENCE_BYTES;
}

/** Props of {@link ControllerService}. */
export interface ControllerServiceProps {
  /** Prefix of names. */
  readonly namePrefix: string;
  /** Region of the log group. */
  readonly region: string;
  /** Task CPU units (a Fargate size with `memory`). */
  readonly cpu: number;
  /** Task memory in MiB. */
  readonly memory: number;
  /** Name of the local admin user. */
  readonly adminUser: string;
  /** JAVA_OPTS of the controller JVM. */
  readonly javaOpts: string;
  /** Seconds the ALB health check is ignored after a task starts. */
  readonly healthCheckGracePeriodSeconds: number;
  /**
   * ECS Exec into the controller container.
   * @default false
   */
  readonly ecsExec?: Flag;
  /** Controller image reference (repository:tag or digest). */
  readonly image: string;
  /** Private subnets of the task. */
  readonly subnetIds: string[];
  /** The controller's security group. */
  readonly securityGroupId: string;
  /**
   * Further security groups of the controller task (e.g. an organisation's shared ones).
   * @default - none
   */
  readonly additionalSecurityGroupIds?: string[];
  /** Execution and task roles. */
  readonly executionRoleArn: string;
  readonly taskRoleArn: string;
  /** The log group of the controller (created by the stack, so roles can reference it first). */
  readonly logGroup: CloudwatchLogGroup;
  /** EFS file system and access point of JENKINS_HOME. */
  readonly fileSystemId: string;
  readonly accessPointId: string;
  /** Name or ARN of the SSM SecureString with the admin password. */
  readonly passwordParameter: string;
  /** Target group the service registers in. */
  readonly targetGroupArn: string;
  /** Cloud Map service the task registers in. */
  readonly discoveryServiceArn: string;
  /** The JCasC YAML (with ${ENV} placeholders). */
  readonly jcascYaml: string;
  /**
   * The YAML gzip-compressed and base64-encoded, when only Terraform knows the YAML (the
   * registry module passes `base64gzip(...)` of its `yamlencode` local).
   * @default - `jcascYaml` gzip-compressed and base64-encoded at synth
   */
  readonly jcascYamlGzipBase64?: string;
  /** Values of the JCasC placeholders (env var name -> value or reference). */
  readonly jcascEnvironment: Record<string, string>;
  /**
   * Further ECS secrets of the container (e.g. the OpenID Connect client secret), by env name,
   * each present while its `enabled` holds (a Terraform expression in the registry module).
   * @default - only the admin password
   */
  readonly additionalSecrets?: { readonly name: string; readonly valueFrom: string; readonly enabled?: Flag }[];
  /** Resources the service must wait for (listener, mount targets, role policies). */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * The Jenkins controller: an ECS cluster on the FARGATE capacity provider with Container
 * Insights, a task definition (JENKINS_HOME on EFS through the access point with transit
 * encryption and IAM auth, the admin password as an ECS secret, JCasC in the environment)
 * and a service that runs exactly one task: 0 % minimum / 100 % maximum healthy, so two
 * controllers never share JENKINS_HOME, with the deployment circuit breaker rolling back.
 */
export class ControllerService extends Construct {
  /** The controller's cluster. */
  public readonly cluster: EcsCluster;
  /** The task definition. */
  public readonly taskDefinition: EcsTaskDefinition;
  /** The service. */
  public readonly service: EcsService;
  /** The container definitions (object form, for tests and the diagram). */
  public readonly containerDefinitions: Record<string, unknown>[];
  /** Upper bound of the container definitions' size once Terraform resolves them, in bytes. */
  public readonly containerDefinitionsBytes: number;

  constructor(scope: Construct, id: string, props: ControllerServiceProps) {
    super(scope, id);
    const c = props;
    const name = props.namePrefix;

    this.cluster = new EcsCluster(this, "Cluster", {
      name: `${name}-controller`,
      setting: [{ name: "containerInsights", value: "enabled" }],
    });
    const capacityProviders = new EcsClusterCapacityProviders(this, "CapacityProviders", {
      clusterName: this.cluster.name,
      capacityProviders: ["FARGATE"],
      defaultCapacityProviderStrategy: [{ capacityProvider: "FARGATE", base: 1, weight: 1 }],
    });

    const environment: Record<string, string> = {
      ...props.jcascEnvironment,
      [JCASC_ENV.adminUser]: c.adminUser,
      JAVA_OPTS: c.javaOpts,
      CASC_JENKINS_CONFIG: CASC_PATH,
      // Compressed: 200 agent templates are ~200 KB of YAML but a few KB gzipped, so the
      // definitions stay far below RegisterTaskDefinition's 64 KiB (see docs/agents.md).
      CASC_YAML_GZIP_BASE64: props.jcascYamlGzipBase64 ?? jcascGzipBase64(props.jcascYaml),
    };
    const secretsList = containerSecrets([{ name: JCASC_ENV.adminPassword, valueFrom: props.passwordParameter }, ...(props.additionalSecrets ?? [])]);
    this.containerDefinitions = [
      {
        name: CONTROLLER_CONTAINER,
        image: props.image,
        essential: true,
        entryPoint: CONTROLLER_ENTRYPOINT,
        portMappings: [
          { containerPort: JENKINS_HTTP_PORT, protocol: "tcp", name: "http" },
          { containerPort: JENKINS_AGENT_PORT, protocol: "tcp", name: "jnlp" },
        ],
        environment: Object.keys(environment)
          .sort()
          .map((k) => ({ name: k, value: environment[k] })),
        secrets: secretsList.known ?? SECRETS_PLACEHOLDER,
        mountPoints: [{ sourceVolume: "jenkins-home", containerPath: "/var/jenkins_home", readOnly: false }],
        // Jenkins writes plugins, caches and temp files outside JENKINS_HOME.
        readonlyRootFilesystem: false,
        privileged: false,
        user: "1000:1000",
        linuxParameters: { initProcessEnabled: true },
        ulimits: [{ name: "nofile", softLimit: 65536, hardLimit: 65536 }],
        logConfiguration: {
          logDriver: "awslogs",
          options: {
            "awslogs-group": props.logGroup.name,
            "awslogs-region": props.region,
            "awslogs-stream-prefix": "controller",
          },
        },
        healthCheck: {
          // Liveness only: any HTTP answer (503 while plugins load on a first start can take
          // longer than the longest start period ECS allows); readiness is the ALB's /login check.
          command: ["CMD-SHELL", `curl -s -o /dev/null http://localhost:${JENKINS_HTTP_PORT}/login || exit 1`],
          interval: 30,
          timeout: 10,
          retries: 5,
          startPeriod: 300,
        },
      },
    ];

    // Secrets switched by Terraform: the list is a jsonencode() expression spliced into the JSON text.
    const definitionsJson = JSON.stringify(this.containerDefinitions).replace(JSON.stringify(SECRETS_PLACEHOLDER), () => secretsList.json!);
    this.containerDefinitionsBytes = resolvedSizeUpperBound(definitionsJson.replace(/\$\{TfToken\[[^\]]*\]\}/g, "${ref}"));
    if (this.containerDefinitionsBytes > CONTAINER_DEFINITIONS_BUDGET_BYTES)
      throw new Error(
        `controller container definitions would be up to ${this.containerDefinitionsBytes} bytes once resolved; RegisterTaskDefinition accepts ${CONTAINER_DEFINITIONS_LIMIT_BYTES} and the stack keeps them under ${CONTAINER_DEFINITIONS_BUDGET_BYTES}. Reduce agents.templates or their task policies.`,
      );

    this.taskDefinition = new EcsTaskDefinition(this, "TaskDefinition", {
      family: `${name}-controller`,
      requiresCompatibilities: ["FARGATE"],
      networkMode: "awsvpc",
      cpu: numberText(c.cpu),
      memory: numberText(c.memory),
      executionRoleArn: props.executionRoleArn,
      taskRoleArn: props.taskRoleArn,
      runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: "X86_64" },
      // A JSON string with references inside (cdktf's Fn.jsonencode mis-escapes nested quotes).
      containerDefinitions: definitionsJson,
      volume: [
        {
          name: "jenkins-home",
          efsVolumeConfiguration: {
            fileSystemId: props.fileSystemId,
            transitEncryption: "ENABLED",
            authorizationConfig: { accessPointId: props.accessPointId, iam: "ENABLED" },
          },
        },
      ],
    });

    this.service = new EcsService(this, "Service", {
      name: `${name}-controller`,
      cluster: this.cluster.arn,
      taskDefinition: this.taskDefinition.arn,
      desiredCount: 1,
      // Never two controllers on one JENKINS_HOME: stop the old task before starting the new.
      deploymentMinimumHealthyPercent: 0,
      deploymentMaximumPercent: 100,
      deploymentCircuitBreaker: { enable: true, rollback: true },
      capacityProviderStrategy: [{ capacityProvider: "FARGATE", base: 1, weight: 1 }],
      platformVersion: "LATEST",
      healthCheckGracePeriodSeconds: c.healthCheckGracePeriodSeconds,
      enableExecuteCommand: c.ecsExec ?? false,
      enableEcsManagedTags: true,
      propagateTags: "SERVICE",
      networkConfiguration: {
        subnets: props.subnetIds,
        securityGroups: concatLists([props.securityGroupId], props.additionalSecurityGroupIds),
        assignPublicIp: false,
      },
      loadBalancer: [{ targetGroupArn: props.targetGroupArn, containerName: CONTROLLER_CONTAINER, containerPort: JENKINS_HTTP_PORT }],
      serviceRegistries: { registryArn: props.discoveryServiceArn },
      waitForSteadyState: false,
      // The FARGATE strategy needs the provider attached to the cluster first.
      dependsOn: [capacityProviders, ...(props.dependsOn ?? [])],
    });
  }
}
