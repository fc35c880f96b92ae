import { Construct, Node } from "constructs";
import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { DataAwsRegion } from "@cdktf/provider-aws/lib/data-aws-region";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Fn, TerraformElement, TerraformLocal, TerraformOutput, TerraformResource, TerraformStack, Token } from "../cdktf-core";
import { AgentClusters } from "../constructs/agents/agent-clusters";
import { AwsEnvironment } from "../constructs/foundation/aws-environment";
import { IamRoleSettings } from "../constructs/foundation/iam-role-settings";
import { Network } from "../constructs/network/network";
import { lazyDataKeyArn, logicalPath } from "../stacks/jenkins-stack";
import { ServerlessJenkins } from "../stacks/serverless-jenkins";
import { JCASC_HEADER, JCASC_LOCALS, exampleLabelExpression, jcascDocumentExpression, jobsDslExpression } from "./jcasc-expression";
import { AUTH_OIDC_LOCAL, authOidcExpression } from "./jcasc-team-expression";
import { ModuleInputs, tf } from "./module-inputs";
import { agentImagesPart, controllerImagePart, vpcEndpointsPart } from "./module-built-parts";
import { ModuleVariable, moduleVariables } from "./variables";
import { MODULE_MAX_AVAILABILITY_ZONES } from "./variables/network";
import { THIS, THIS_NAMES } from "./this-names";

/** Name of the registry module (and of its directory and archive). */
export const MODULE_NAME = "terraform-aws-serverless-jenkins";

/** Tags the module puts on everything before the caller's `tags`. */
export const MODULE_TAGS_EXPRESSION = `merge({ ManagedBy = "${MODULE_NAME}", NamePrefix = var.name_prefix }, var.tags)`;

/** One output of the module. */
export interface ModuleOutputSpec {
  readonly name: string;
  readonly description: string;
}

function snake(s: string): string {
  return s
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/[^A-Za-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .toLowerCase();
}

/**
 * The serverless Jenkins of the `jenkins` stack as a Terraform registry module: the same
 * constructs, configured with references to input variables instead of synth-time values.
 * Everything that depends on an input is Terraform: `count` (Route 53 alias, image build,
 * admin password parameter, EFS alarm by throughput mode, caller identity lookup),
 * `for_each` (agent task roles over templates with a policy, ALB ingress per CIDR, alert
 * subscriptions), `dynamic` blocks (EFS lifecycle, ALB access logs) and the JCasC YAML from
 * `yamlencode` over `var.agent_templates`. Your own VPC or a new one (`vpc_id` null), your own
 * certificate.
 *
 * No provider configuration and no backend reach the module files: lib/module/package-module.ts
 * takes only variables, locals, data sources, resources and outputs from the synthesized JSON.
 */
export class JenkinsModuleStack extends TerraformStack {
  /** The input variables. */
  public readonly variables: ModuleVariable[];
  /** The outputs, in order. */
  public readonly outputs: ModuleOutputSpec[] = [];
  /** Jenkins, built from the variables. */
  public readonly jenkins: ServerlessJenkins;
  private readonly logicalIds = new Map<string, string>();

  constructor(scope: Construct, id: string) {
    super(scope, id);
    // Needed for synthesis only; the packager leaves provider blocks out of the module.
    new AwsProvider(this, "aws", {});

    // Variables are written to variables.tf from this table (lib/module/package-module.ts);
    // the stack refers to them as var.<name>, checked against it.
    this.variables = moduleVariables();
    const inputs = new ModuleInputs(this, this.variables);
    const { v, input, str, num, bool, list, local, localRef } = inputs;
    const name = str("name_prefix");

    // ------------------------------------------------------------ account, region, naming
    const region = new DataAwsRegion(this, "Region");
    const partition = new DataAwsPartition(this, "Partition");
    const caller = new DataAwsCallerIdentity(this, "Caller");
    caller.count = Token.asNumber(tf(`${v("account_id")} == null ? 1 : 0`));
    this.name(region, "current");
    this.name(partition, "current");
    this.name(caller, "current");
    const accountId = local("account_id", tf(`${v("account_id")} != null ? ${v("account_id")} : one(${caller.fqn}[*].account_id)`));
    const tags = local("tags", tf(MODULE_TAGS_EXPRESSION));
    const env = new AwsEnvironment(this, "Env", {
      region: region.name,
      accountId: localRef(accountId).asString,
      partition: partition.partition,
      dnsSuffix: partition.dnsSuffix,
    });

    // One settings object for every role (issue 16, enterprise hooks).
    const iamRoles: IamRoleSettings = { permissionsBoundaryArn: str("iam_role_permissions_boundary"), path: str("iam_role_path") };

    // ------------------------------------------------------------ sign-in (var.auth), as lib/config/auth.ts resolves it
    const authOidc = local(AUTH_OIDC_LOCAL.replace("local.", ""), tf(authOidcExpression()));
    const clientSecret = (attr: string) => localRef(local(`auth_client_secret_${attr}`, tf(`try(${authOidc}.client_secret.${attr}, null)`))).asString;
    const signIn = {
      signInEnabled: localRef(local("auth_sign_in", tf(`${authOidc} != null`))).asBoolean,
      signInFromSecretsManager: localRef(
        local("auth_client_secret_from_secrets_manager", tf(`try(${authOidc}.client_secret.secrets_manager_arn, null) != null`)),
      ).asBoolean,
      signInSecretsManagerArn: clientSecret("secrets_manager_arn"),
      signInSecretJsonKey: clientSecret("json_key"),
      signInSsmParameter: clientSecret("ssm_parameter"),
    };

    // ------------------------------------------------------------ JCasC (from lib/constructs/controller/jcasc.ts)
    local(JCASC_LOCALS.taskRoleArnPrefix.replace("local.", ""), AgentClusters.taskRoleArnPrefix(env, name, iamRoles));
    local(JCASC_LOCALS.exampleLabelFargate.replace("local.", ""), tf(exampleLabelExpression(false)));
    local(JCASC_LOCALS.exampleLabelSpot.replace("local.", ""), tf(exampleLabelExpression(true)));
    local(JCASC_LOCALS.jobsDsl.replace("local.", ""), tf(jobsDslExpression()));
    const jcasc = local("jcasc_yaml", `${JCASC_HEADER}${tf(`yamlencode(${jcascDocumentExpression()})`)}`);
    // Compressed as the stack's (lib/constructs/controller/controller-service.ts): 200 templates stay far below 64 KiB.
    const jcascGzip = local("jcasc_yaml_gzip_base64", tf(`base64gzip(${jcasc})`));

    // ------------------------------------------------------------ network: yours, or the stack's new VPC
    // The flow logs use the data key, which ServerlessJenkins creates: a lazy ARN, as in the stack.
    let jenkins: ServerlessJenkins | undefined;
    const network = new Network(this, "Network", {
      vpcId: str("vpc_id"),
      publicSubnetIds: list("public_subnet_ids"),
      privateSubnetIds: list("private_subnet_ids"),
      cidr: str("vpc_cidr"),
      availabilityZones: list("availability_zones"),
      maxAvailabilityZones: MODULE_MAX_AVAILABILITY_ZONES,
      natGateways: str("nat_gateways"),
      flowLogs: bool("vpc_flow_logs"),
      flowLogRetentionDays: num("vpc_flow_log_retention_days"),
      namePrefix: name,
      env,
      iamRoles,
      logKmsKeyArn: lazyDataKeyArn(() => jenkins),
    });

    this.jenkins = jenkins = new ServerlessJenkins(this, {
      env,
      namePrefix: name,
      iamRoles,
      kmsKeyArn: str("kms_key_arn"),
      // Locals: the created VPC's ids or the given ones, named once for every reference.
      network: {
        vpcId: localRef(local("vpc_id", network.vpcId)).asString,
        privateSubnetIds: localRef(local("private_subnet_ids", network.privateSubnetIds)).asList,
        publicSubnetIds: localRef(local("public_subnet_ids", network.publicSubnetIds)).asList,
        additionalSecurityGroupIds: {
          controller: Token.asList(Fn.lookup(input("additional_security_group_ids").value, "controller")),
          agents: Token.asList(Fn.lookup(input("additional_security_group_ids").value, "agents")),
          loadBalancer: Token.asList(Fn.lookup(input("additional_security_group_ids").value, "load_balancer")),
        },
      },
      allowedCidrs: list("allowed_cidrs"),
      loadBalancer: {
        internal: bool("internal_alb"),
        certificateArn: str("certificate_arn"),
        hostname: str("hostname"),
        zoneId: str("route53_zone_id"),
        createDnsRecord: true,
        sslPolicy: str("ssl_policy"),
        deletionProtection: bool("alb_deletion_protection"),
        idleTimeoutSeconds: num("alb_idle_timeout_seconds"),
        accessLogsBucket: str("alb_access_logs_bucket"),
        targetGroupNamePrefix: `${tf(`substr(${v("name_prefix")}, 0, 5)`)}-`,
      },
      storage: {
        fileSystemId: str("efs_file_system_id"),
        performanceMode: str("efs_performance_mode"),
        throughputMode: str("efs_throughput_mode"),
        provisionedThroughputMibps: num("efs_provisioned_throughput_mibps"),
        transitionToIaDays: num("efs_transition_to_ia_days"),
      },
      // Defaults that follow name_prefix, as lib/config/rules/aws-names.ts fills them for the stack.
      // prevent_destroy is static in Terraform: the module always protects JENKINS_HOME (docs/module.md, Teardown).
      dataProtection: { allowDestroy: false, forceDestroy: bool("force_destroy") },
      discoveryNamespace: localRef(local("cloud_map_namespace", tf(`coalesce(${v("cloud_map_namespace")}, "\${${v("name_prefix")}}.internal")`))).asString,
      agents: {
        spotCluster: bool("spot_cluster"),
        logRetentionDays: num("agent_log_retention_days"),
        taskPolicies: localRef(
          local("agent_task_policies", tf(`{ for k, t in ${v("agent_templates")} : k => t.task_policy_json if t.task_policy_json != null }`)),
        ).asAnyMap as Record<string, string>,
      },
      alerts: {
        emails: list("alert_emails"),
        httpsEndpoints: list("alert_https_endpoints"),
        sqsQueueArns: list("alert_sqs_queue_arns"),
        controllerCpuPercent: num("alert_controller_cpu_percent"),
        controllerMemoryPercent: num("alert_controller_memory_percent"),
        alb5xxPerFiveMinutes: num("alert_alb_5xx_per_five_minutes"),
        efsBurstCreditBalanceBytes: num("alert_efs_burst_credit_balance_bytes"),
        agentTaskFailures: bool("alert_agent_task_failures"),
      },
      controller: {
        cpu: num("controller_cpu"),
        memory: num("controller_memory"),
        adminUser: str("admin_user"),
        javaOpts: str("controller_java_opts"),
        healthCheckGracePeriodSeconds: num("controller_health_check_grace_period_seconds"),
        ecsExec: bool("controller_ecs_exec"),
        logRetentionDays: num("controller_log_retention_days"),
      },
      adminPassword: {
        create: bool("create_admin_password"),
        parameterName: localRef(local("admin_password_parameter_name", tf(`coalesce(${v("admin_password_parameter_name")}, "\${${v("name_prefix")}}-pwd")`)))
          .asString,
        value: str("admin_password"),
      },
      backup: {
        enabled: bool("backup_enabled"),
        schedule: str("backup_schedule"),
        coldStorageAfterDays: num("backup_cold_storage_after_days"),
        deleteAfterDays: num("backup_delete_after_days"),
        additionalRules: input("backup_additional_rules").value,
        vaultLock: bool("backup_vault_lock_enabled"),
        vaultLockMinRetentionDays: num("backup_vault_lock_min_retention_days"),
        vaultLockMaxRetentionDays: num("backup_vault_lock_max_retention_days"),
      },
      image: controllerImagePart(inputs, { name, env, iamRoles }),
      defaultAgentImage: str("agent_default_image"),
      vpcEndpoints: vpcEndpointsPart(inputs, { name, region: region.name, privateRouteTableIds: network.privateRouteTableIds }),
      agentImages: agentImagesPart(inputs, { name, env, iamRoles }),
      team: {
        ...signIn,
        credentialsSecretNamePrefix: str("credentials_secret_name_prefix"),
        credentialsEnabled: bool("credentials_secrets_manager_enabled"),
        // Null without a tag: the construct's tag condition is then a dynamic block with no element.
        credentialsTagKey: localRef(local("credentials_secret_tag_key", tf(`try(${v("credentials_secret_tag")}.key, null)`))).asString,
        credentialsTagValue: localRef(local("credentials_secret_tag_value", tf(`try(${v("credentials_secret_tag")}.value, null)`))).asString,
        credentialsKmsKeyArns: list("credentials_kms_key_arns"),
      },
      jcascYaml: localRef(jcasc).asString,
      jcascYamlGzipBase64: localRef(jcascGzip).asString,
    });

    for (const o of this.jenkins.outputs) {
      const output = new TerraformOutput(this, `output_${o.name}`, { value: o.value, description: o.description });
      this.name(output, o.name);
      this.outputs.push({ name: o.name, description: o.description });
    }
    this.applyTags(localRef(tags));
  }

  /** Gives an element a fixed logical id (variables, outputs, locals, data sources). */
  private name(element: TerraformElement, id: string): void {
    element.overrideLogicalId(id);
  }

  /** `tags = merge(local.tags, <own tags>)` on every resource that takes tags. */
  private applyTags(moduleTags: TerraformLocal): void {
    for (const node of this.node.findAll()) {
      if (!(node instanceof TerraformResource) || !takesTags(node)) continue;
      const own = node.tagsInput ?? {};
      node.tags = Object.keys(own).length ? Token.asStringMap(Fn.merge([moduleTags.asStringMap, own])) : moduleTags.asStringMap;
    }
  }

  /**
   * Snake-case logical ids from construct paths (`Alerts/Topic` -> `alerts_topic`) instead of
   * cdktf's hashed ids, so module addresses read like hand-written Terraform; `this` for the
   * construct paths of lib/module/this-names.ts (`aws_sns_topic.this`).
   */
  protected allocateLogicalId(element: TerraformElement | Node): string {
    const node = element instanceof TerraformElement ? element.node : element;
    const segments = logicalPath(this, element);
    const snakeId = segments.map(snake).join("_");
    const thisType = THIS_NAMES[segments.join("/")];
    let id = snakeId;
    let key = snakeId;
    if (thisType !== undefined) {
      // The reviewed `this` table: the primary resource of its type (terraform-aws-modules convention).
      const type = element instanceof TerraformResource ? element.terraformResourceType : undefined;
      if (type !== thisType) throw new Error(`lib/module/this-names.ts names ${segments.join("/")} a ${thisType}, but it is ${type ?? "not a resource"}`);
      id = THIS;
      key = `${type}.${THIS}`;
    }
    const owner = this.logicalIds.get(key);
    if (owner !== undefined && owner !== node.path) throw new Error(`two elements would be named ${key}: ${owner} and ${node.path}`);
    this.logicalIds.set(key, node.path);
    return id;
  }
}

/** A resource with a `tags` argument. */
function takesTags(r: TerraformResource): r is TerraformResource & { tags: Record<string, string>; readonly tagsInput?: Record<string, string> } {
  return "tagsInput" in r;
}
