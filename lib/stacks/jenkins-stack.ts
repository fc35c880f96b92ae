import { Construct, Node } from "constructs";
import { Lazy, TerraformElement, TerraformOutput, TerraformStack, TerraformVariable } from "../cdktf-core";
import type { JenkinsConfig } from "../config/schema";
import { ControllerImage } from "../constructs/image/controller-image";
import { jcascYaml } from "../constructs/controller/jcasc";
import { JcascFile } from "../constructs/controller/jcasc-file";
import { AwsEnvironment } from "../constructs/foundation/aws-environment";
import { IamRoleSettings } from "../constructs/foundation/iam-role-settings";
import { Network } from "../constructs/network/network";
import { VpcEndpoints } from "../constructs/network/vpc-endpoints";
import { AgentImages } from "../constructs/agents/agent-images";
import { addAwsProvider } from "./aws-provider";
import { ServerlessJenkins } from "./serverless-jenkins";
import { useJenkinsBackend } from "./state-backend";
import { teamAccessSettings } from "../constructs/auth/team-access";

/** Name of the Jenkins stack. */
export const JENKINS_STACK_NAME = "jenkins";

/** Terraform variable that carries the admin password when the stack creates the parameter. */
export const ADMIN_PASSWORD_VARIABLE = "jenkins_admin_password";

/** Props of {@link JenkinsStack}. */
export interface JenkinsStackProps {
  /** The validated configuration. */
  readonly config: JenkinsConfig;
}

/**
 * The serverless Jenkins stack: the provider, the state backend, the network (created or
 * brought) and {@link ServerlessJenkins} with values from vars.json. The registry module
 * (lib/module/jenkins-module-stack.ts) builds the same {@link ServerlessJenkins} from its
 * variables.
 */
export class JenkinsStack extends TerraformStack {
  public readonly env: AwsEnvironment;
  public readonly network: Network;
  public readonly jenkins: ServerlessJenkins;
  /** Agent images in the stack's ECR (issue 13). */
  // Assigned while ServerlessJenkins builds (it calls the factory with its data key).
  public agentImages!: AgentImages;
  /** VPC endpoints, when `vpcEndpoints.enabled`. */
  public vpcEndpoints?: VpcEndpoints;
  /** The generated JCasC YAML. */
  public readonly jcasc: string;

  constructor(scope: Construct, id: string, props: JenkinsStackProps) {
    super(scope, id);
    const { config } = props;
    const name = config.namePrefix;
    useJenkinsBackend(this, id, config);
    // A brought file system comes with a `removed` block for the stack's own (JenkinsHomeStorage).
    addAwsProvider(this, { config, stackName: id, removedBlocks: config.storage.fileSystemId !== undefined });
    this.env = AwsEnvironment.fromConfig(this, "Env", config);
    const env = this.env;
    // One settings object for every role of the stack (issue 16): Network, images, ServerlessJenkins.
    const iamRoles: IamRoleSettings = { permissionsBoundaryArn: config.iam.permissionsBoundaryArn, path: config.iam.path };

    // The network's flow logs use the data key, which ServerlessJenkins (created below) creates: a lazy ARN.
    const n = config.network;
    this.network = new Network(this, "Network", {
      vpcId: n.vpcId,
      publicSubnetIds: n.publicSubnetIds,
      privateSubnetIds: n.privateSubnetIds,
      cidr: n.cidr,
      availabilityZones: n.availabilityZones,
      natGateways: n.natGateways,
      flowLogs: n.flowLogs,
      flowLogRetentionDays: n.flowLogRetentionDays,
      namePrefix: name,
      env,
      iamRoles,
      logKmsKeyArn: lazyDataKeyArn(() => this.jenkins),
    });

    this.jcasc = jcascYaml(config);
    new JcascFile(this, "JcascFile", { yaml: this.jcasc });
    const c = config.controller;
    const lb = config.loadBalancer;
    const s = config.storage;
    const a = config.alerts;
    const b = config.backup;
    const password = c.adminPassword.create
      ? new TerraformVariable(this, ADMIN_PASSWORD_VARIABLE, {
          type: "string",
          sensitive: true,
          nullable: false,
          description: "Jenkins admin password stored in SSM (controller.adminPassword.create = true). At least 12 characters.",
          validation: [
            { condition: `\${length(var.${ADMIN_PASSWORD_VARIABLE}) >= 12}`, errorMessage: "jenkins_admin_password must be at least 12 characters." },
          ],
        }).stringValue
      : undefined;

    const jenkins = new ServerlessJenkins(this, {
      env,
      namePrefix: name,
      iamRoles,
      kmsKeyArn: config.kms.keyArn,
      network: {
        vpcId: this.network.vpcId,
        privateSubnetIds: this.network.privateSubnetIds,
        publicSubnetIds: this.network.publicSubnetIds,
        additionalSecurityGroupIds: config.network.additionalSecurityGroupIds,
      },
      allowedCidrs: lb.allowedCidrs,
      loadBalancer: {
        internal: lb.internal,
        certificateArn: lb.certificateArn,
        hostname: lb.dns.hostname,
        zoneId: lb.dns.zoneId,
        createDnsRecord: lb.dns.createRecord,
        sslPolicy: lb.sslPolicy,
        deletionProtection: lb.deletionProtection,
        idleTimeoutSeconds: lb.idleTimeoutSeconds,
        accessLogsBucket: lb.accessLogsBucket,
      },
      storage: {
        fileSystemId: s.fileSystemId,
        performanceMode: s.performanceMode,
        throughputMode: s.throughputMode,
        provisionedThroughputMibps: s.provisionedThroughputMibps,
        transitionToIaDays: s.transitionToIaDays,
      },
      dataProtection: config.dataProtection,
      discoveryNamespace: config.serviceDiscovery.namespace,
      agents: {
        spotCluster: config.agents.spotCluster,
        logRetentionDays: config.agents.logRetentionDays,
        taskPolicies: Object.fromEntries(config.agents.templates.filter((t) => t.taskPolicy).map((t) => [t.label, JSON.stringify(t.taskPolicy)])),
      },
      alerts: {
        emails: a.emails,
        httpsEndpoints: a.httpsEndpoints,
        sqsQueueArns: a.sqsQueueArns,
        controllerCpuPercent: a.controllerCpuPercent,
        controllerMemoryPercent: a.controllerMemoryPercent,
        alb5xxPerFiveMinutes: a.alb5xxPerFiveMinutes,
        efsBurstCreditBalanceBytes: a.efsBurstCreditBalanceBytes,
        agentTaskFailures: a.agentTaskFailures,
      },
      controller: {
        cpu: c.cpu,
        memory: c.memory,
        adminUser: c.adminUser,
        javaOpts: c.javaOpts,
        healthCheckGracePeriodSeconds: c.healthCheckGracePeriodSeconds,
        ecsExec: c.ecsExec,
        logRetentionDays: c.logRetentionDays,
      },
      adminPassword: { create: c.adminPassword.create, parameterName: c.adminPassword.parameterName, value: password },
      backup: {
        enabled: b.enabled,
        schedule: b.schedule,
        coldStorageAfterDays: b.coldStorageAfterDays,
        deleteAfterDays: b.deleteAfterDays,
        additionalRules: b.additionalRules.map((r) => ({
          name: r.name,
          schedule: r.schedule,
          cold_storage_after_days: r.coldStorageAfterDays,
          delete_after_days: r.deleteAfterDays,
        })),
        vaultLock: b.vaultLock.enabled,
        vaultLockMinRetentionDays: b.vaultLock.enabled ? b.vaultLock.minRetentionDays : undefined,
        vaultLockMaxRetentionDays: b.vaultLock.enabled ? b.vaultLock.maxRetentionDays : undefined,
      },
      // ---- agent images and VPC endpoints (issue 13) --------------------------------------------
      defaultAgentImage: config.agents.defaultImage,
      agentImages: (scope, kmsKeyArn) => {
        const ai = config.agentImages;
        this.agentImages = new AgentImages(scope, "AgentImages", {
          namePrefix: name,
          env,
          iamRoles,
          kmsKeyArn,
          source: ai.source,
          buildMode: ai.build,
          defaultImage: config.agents.defaultImage,
          templates: config.agents.templates.map((t) => ({ label: t.label, image: t.image, build: t.build })),
          keepImages: ai.keepImages,
          forceDelete: config.dataProtection.forceDestroy,
          pullThroughCache: ai.source === "pull-through-cache" ? ai.pullThroughCache : undefined,
        });
        return this.agentImages;
      },
      vpcEndpoints: (scope, clientSecurityGroupIds) => {
        const ve = config.vpcEndpoints;
        if (!ve.enabled) return;
        this.vpcEndpoints = new VpcEndpoints(scope, "VpcEndpoints", {
          namePrefix: name,
          region: config.region,
          vpcId: this.network.vpcId,
          subnetIds: this.network.privateSubnetIds,
          clientSecurityGroupIds,
          interfaceServices: ve.interfaceServices,
          s3GatewayRouteTableIds: ve.s3Gateway ? (config.network.vpcId ? ve.routeTableIds : this.network.privateRouteTableIds) : [],
        });
      },
      // ---- end of agent images and VPC endpoints -------------------------------------------------
      image: (scope, kmsKeyArn) => {
        const i = config.image;
        const image = new ControllerImage(scope, "Image", {
          namePrefix: name,
          env,
          iamRoles,
          kmsKeyArn,
          mode: i.mode,
          uri: i.uri,
          baseImage: i.baseImage,
          extraPlugins: i.extraPlugins,
          extraDockerfileLines: i.extraDockerfileLines,
          keepImages: i.keepImages,
          forceDelete: config.dataProtection.forceDestroy,
        });
        return {
          imageUri: image.imageUri,
          repositoryArn: image.repository?.arn,
          repositoryUrl: image.repository?.repositoryUrl,
          pullRepositoryArns: image.pullRepositoryArns,
          buildSteps: image.buildSteps,
        };
      },
      team: teamAccessSettings(config),
      jcascYaml: this.jcasc,
    });
    this.jenkins = jenkins;
    for (const o of jenkins.outputs) new TerraformOutput(this, o.name, { value: o.value, description: o.description });
  }
}

/** Ids of the scopes between `stack` and `element` (the construct path below the stack). */
export function logicalPath(stack: TerraformStack, element: TerraformElement | Node): string[] {
  const node = element instanceof TerraformElement ? element.node : element;
  const scopes = node.scopes;
  return scopes.slice(scopes.indexOf(stack) + 1).map((s) => s.node.id);
}

/** The data key's ARN, resolved at synth once {@link ServerlessJenkins} exists. */
export function lazyDataKeyArn(jenkins: () => ServerlessJenkins | undefined): string {
  return Lazy.stringValue({
    produce: () => {
      const j = jenkins();
      if (!j) throw new Error("the data key is created by ServerlessJenkins");
      return j.dataKey.arn;
    },
  });
}
