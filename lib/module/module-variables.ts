/**
 * The input variables of the registry module. Each names the schema field it mirrors; type,
 * default, description and validation blocks are derived from lib/config/schema.ts (regexes,
 * enums, ranges, literal sets and their messages) and lib/config/fargate-sizes.ts (task
 * sizes). Rules the schema states in code (`superRefine`) are written here once more as
 * cross-variable validations (Terraform >= 1.9), each citing the rule it mirrors.
 */
import { PATTERNS, awsCronProblem } from "../config/schema";
import { FARGATE_CPU_VALUES, describeFargateMemory, fargateMemoryFor } from "../config/fargate-sizes";
import { hclInline, hclString } from "./hcl";
import { ALLOWED_CIDR_RULES, NAME_PREFIX_RULES, TAG_RULES, backupScheduleRules, taskPolicyRules } from "./module-rules";
import { ConditionOptions, TfCondition, conditionsOf, configField, fieldInfo, regexCondition, terraformType } from "./zod-terraform";

/** A validation block. */
export interface ModuleValidation {
  readonly condition: string;
  readonly errorMessage: string;
}

/** One input variable of the module. */
export interface ModuleVariable {
  readonly name: string;
  /** The schema fields it mirrors (lib/config/schema.ts paths); empty for module-only inputs. */
  readonly schemaPaths: string[];
  /** Terraform type expression. */
  readonly type: string;
  readonly description: string;
  /** Whether the caller must set it (no default). */
  readonly required: boolean;
  /** The default (absent when required). */
  readonly default?: unknown;
  /** `nullable = false` is written when this is false. */
  readonly nullable: boolean;
  readonly sensitive?: boolean;
  readonly validations: ModuleValidation[];
}

/** Config field names in schema descriptions -> the module's variable names. */
const RENAMES: Array<[string, string]> = [
  ["`agents.defaultImage`", "`agent_default_image`"],
  ["`dns.hostname`", "`hostname`"],
  ["`dns.zoneId`", "`route53_zone_id`"],
  ["`throughputMode`", "`efs_throughput_mode`"],
  ["`jenkins_admin_password`", "`admin_password`"],
];

function rename(text: string): string {
  return RENAMES.reduce((t, [from, to]) => t.split(from).join(to), text);
}

/** Fargate CPU units -> allowed memory, as a Terraform map literal keyed by tostring(cpu). */
export function fargateSizesMap(): string {
  return `{ ${FARGATE_CPU_VALUES.map((cpu) => `"${cpu}" = [${fargateMemoryFor(cpu).join(", ")}]`).join(", ")} }`;
}

/** Human description of all Fargate task sizes, for messages. */
export function fargateSizesText(): string {
  return FARGATE_CPU_VALUES.map((cpu) => `${cpu} CPU: ${describeFargateMemory(cpu)} MiB`).join("; ");
}

const fargateCpu = (v: string) => `contains([${FARGATE_CPU_VALUES.join(", ")}], ${v})`;
const fargateSize = (cpu: string, memory: string) => `contains(lookup(${fargateSizesMap()}, tostring(${cpu}), []), ${memory})`;

interface FromSchemaOptions extends ConditionOptions {
  /** No default: the caller must set it. */
  readonly required?: boolean;
  /** Replaces the schema's description. */
  readonly description?: string;
  /** Replaces the schema's default. */
  readonly default?: unknown;
  /** Replaces the derived type. */
  readonly type?: string;
  /** Further rules (cross-variable): full conditions, not skipped for null. */
  readonly rules?: TfCondition[];
}

/** A full-sentence error message: "<part> <name> must ...", or "<part> <name>: <noun phrase>". */
function message(name: string, m: string, part?: string): string {
  const subject = part ? `${part} ${name}` : name;
  const text = /^(must|needs|is|and) /.test(m) ? `${subject} ${m}` : `${subject}: ${m}`;
  return /[.?!]$/.test(text) ? text : `${text}.`;
}

/** A variable mirroring the schema field at `path`. */
function fromSchema(name: string, path: string, o: FromSchemaOptions = {}): ModuleVariable {
  const info = fieldInfo(path);
  const ref = `var.${name}`;
  const required = o.required ?? false;
  const dflt = required ? undefined : "default" in o ? o.default : info.hasDefault ? info.default : null;
  const nullable = !required && dflt === null;
  const validations: ModuleValidation[] = conditionsOf(info.schema, ref, o).map((c) => ({
    condition: nullable ? `${ref} == null ? true : (${c.condition})` : c.condition,
    errorMessage: message(name, c.message, c.part),
  }));
  for (const r of o.rules ?? []) validations.push({ condition: r.condition, errorMessage: message(name, r.message) });
  return {
    name,
    schemaPaths: [path],
    type: o.type ?? terraformType(info.schema),
    description: rename(o.description ?? info.description),
    required,
    default: dflt,
    nullable,
    validations,
  };
}

/** Attributes of `controller_image_build`: attribute -> schema field. */
const IMAGE_BUILD_FIELDS: Array<[string, string]> = [
  ["base_image", "image.baseImage"],
  ["extra_plugins", "image.extraPlugins"],
  ["keep_images", "image.keepImages"],
];

function controllerImageBuild(): ModuleVariable {
  const name = "controller_image_build";
  const attrs = IMAGE_BUILD_FIELDS.map(([attr, path]) => ({ attr, path, info: fieldInfo(path) }));
  const type = `object({ ${attrs.map((a) => `${a.attr} = optional(${terraformType(a.info.schema)}, ${hclInline(a.info.default)})`).join(", ")} })`;
  const validations = attrs.flatMap((a) =>
    conditionsOf(a.info.schema, `var.${name}.${a.attr}`).map((c) => ({ condition: c.condition, errorMessage: message(`${name}.${a.attr}`, c.message, c.part) })),
  );
  return {
    name,
    schemaPaths: attrs.map((a) => a.path),
    type,
    description: `How the module builds the controller image when \`controller_image\` is unset (CodeBuild, pushed to the module's ECR repository). ${attrs
      .map((a) => `\`${a.attr}\`: ${rename(a.info.description)}`)
      .join(" ")}`,
    required: false,
    default: {},
    nullable: false,
    validations,
  };
}

/** Attributes of an `agent_templates` entry: attribute -> schema field of a template. */
const TEMPLATE_FIELDS: Array<{ attr: string; field: string; type: string }> = [
  { attr: "spot", field: "spot", type: "bool" },
  { attr: "image", field: "image", type: "string" },
  { attr: "cpu", field: "cpu", type: "number" },
  { attr: "memory", field: "memory", type: "number" },
  { attr: "ephemeral_storage_gib", field: "ephemeralStorageGiB", type: "number" },
  { attr: "task_policy_json", field: "taskPolicy", type: "string" },
];

function agentTemplates(): ModuleVariable {
  const name = "agent_templates";
  const ref = `var.${name}`;
  const path = (f: string) => `agents.templates[].${f}`;
  const templates = fieldInfo("agents.templates");
  const parts = TEMPLATE_FIELDS.map((f) => ({ ...f, info: fieldInfo(path(f.field)) }));
  const type = `map(object({ ${parts
    .map((p) => `${p.attr} = optional(${p.type}${p.info.hasDefault ? `, ${hclInline(p.info.default)}` : ""})`)
    .join(", ")} }))`;

  const each = (cond: string) => `alltrue([for k, t in ${ref} : ${cond}])`;
  const validations: ModuleValidation[] = [];
  // The map needs at least one template (agents.templates has .min(1)).
  for (const c of conditionsOf(templates.schema, ref)) {
    if (!c.condition.startsWith("length(")) continue;
    validations.push({ condition: c.condition, errorMessage: message(name, c.message.replace("item", "template")) });
  }
  for (const c of conditionsOf(configField(path("label")), "k")) {
    validations.push({ condition: each(c.condition), errorMessage: message(`each key (Jenkins label) of ${name}`, c.message) });
  }
  for (const p of parts) {
    if (p.attr === "task_policy_json" || p.attr === "spot") continue;
    const opts: ConditionOptions = p.attr === "cpu" ? { custom: [fargateCpu] } : {};
    for (const c of conditionsOf(p.info.schema, `t.${p.attr}`, opts)) {
      const cond = p.info.hasDefault ? c.condition : `t.${p.attr} == null ? true : (${c.condition})`;
      validations.push({ condition: each(cond), errorMessage: message(`each ${p.attr} in ${name}`, c.message) });
    }
  }
  validations.push({
    condition: each(fargateSize("t.cpu", "t.memory")),
    errorMessage: message(`each template in ${name}`, `needs a memory value Fargate accepts for its cpu (${fargateSizesText()})`),
  });
  for (const r of taskPolicyRules(each)) validations.push({ condition: r.condition, errorMessage: message(`each task_policy_json in ${name}`, r.message) });
  validations.push({
    condition: each(`t.task_policy_json == null ? true : can(jsondecode(t.task_policy_json).Statement[0].Effect)`),
    errorMessage: message(`each task_policy_json in ${name}`, "must be an IAM policy document in JSON with at least one statement (e.g. from jsonencode or aws_iam_policy_document)"),
  });

  const dflt: Record<string, Record<string, unknown>> = {};
  for (const t of templates.default as Array<Record<string, unknown>>) {
    const entry: Record<string, unknown> = {};
    for (const p of parts) if (t[p.field] !== undefined) entry[p.attr] = t[p.field];
    dflt[t.label as string] = entry;
  }
  const attrText = parts
    .map((p) => {
      if (p.attr === "task_policy_json")
        return "`task_policy_json`: IAM policy document (JSON) of this template's own task role; it must be known at plan time. Unset: the agent gets no task role and no AWS permissions.";
      return `\`${p.attr}\`: ${rename(p.info.description)}`;
    })
    .join(" ");
  return {
    name,
    schemaPaths: ["agents.templates", ...parts.map((p) => path(p.field))],
    type,
    description: `Agent templates. Each key is the ${rename(fieldInfo(path("label")).description)} Each becomes a template on the \`fargate\` or \`fargate-spot\` cloud. ${attrText}`,
    required: false,
    default: dflt,
    nullable: false,
    validations,
  };
}

function backupSchedule(): ModuleVariable {
  const v = fromSchema("backup_schedule", "backup.schedule");
  const ref = "var.backup_schedule";
  const pattern = PATTERNS.AWS_CRON;
  const fields = `regex(${hclString(pattern.source)}, ${ref})`;
  // The same rules and messages as awsCronProblem() in lib/config/schema.ts.
  const rules: ModuleValidation[] = [
    { condition: regexCondition(pattern, ref), errorMessage: message("backup_schedule", awsCronProblem("not a cron")!) },
    {
      condition: `try(${fields}[2] == "?" || ${fields}[4] == "?", false)`,
      errorMessage: message("backup_schedule", awsCronProblem("cron(0 0 1 * MON *)")!),
    },
    {
      condition: `try(!(${fields}[2] == "?" && ${fields}[4] == "?"), false)`,
      errorMessage: message("backup_schedule", awsCronProblem("cron(0 0 ? * ? *)")!),
    },
  ];
  for (const r of backupScheduleRules(fields)) rules.push({ condition: r.condition, errorMessage: message("backup_schedule", r.message) });
  return { ...v, validations: [...v.validations, ...rules] };
}

/** Every input variable, in the order of variables.tf. */
export function moduleVariables(): ModuleVariable[] {
  return [
    // Naming and account
    fromSchema("name_prefix", "namePrefix", { rules: NAME_PREFIX_RULES }),
    fromSchema("tags", "tags", { description: "Tags added to every taggable resource the module creates (the provider's `default_tags` apply as well).", rules: TAG_RULES }),
    fromSchema("account_id", "accountId", {
      description:
        "AWS account id of the provider. Set: ARNs, key policies and trust conditions use it directly. Unset: read with `aws_caller_identity` (sts:GetCallerIdentity at plan time).",
    }),

    // Network: bring your own VPC
    fromSchema("vpc_id", "network.vpcId", { required: true, description: "Id of the VPC to deploy into. The module creates no network: give your VPC and its subnets." }),
    fromSchema("public_subnet_ids", "network.publicSubnetIds", {
      required: true,
      description: "Public subnets of `vpc_id` for an internet-facing ALB, at least two in different AZs.",
      rules: [{ condition: "length(var.public_subnet_ids) >= 2", message: "must list at least two subnet ids in different AZs" }],
    }),
    fromSchema("private_subnet_ids", "network.privateSubnetIds", {
      required: true,
      description: "Private subnets of `vpc_id` with outbound internet access (controller, agents, EFS mount targets, an internal ALB), at least two in different AZs.",
      rules: [
        { condition: "length(var.private_subnet_ids) >= 2", message: "must list at least two subnet ids in different AZs" },
        {
          condition: "length(distinct(concat(var.private_subnet_ids, var.public_subnet_ids))) == length(var.private_subnet_ids) + length(var.public_subnet_ids)",
          message: "and public_subnet_ids must not share or repeat a subnet id; public and private subnets must differ",
        },
      ],
    }),

    // Load balancer and DNS
    fromSchema("certificate_arn", "loadBalancer.certificateArn", {
      required: true,
      description: "ACM certificate of the HTTPS listener, in the provider's region (it must cover `hostname` when one is set).",
    }),
    fromSchema("hostname", "loadBalancer.dns.hostname"),
    fromSchema("route53_zone_id", "loadBalancer.dns.zoneId", {
      description: "Route 53 hosted zone in which to create the alias record `hostname` -> ALB. Unset: no record; point your DNS at `alb_dns_name` yourself.",
      rules: [{ condition: "var.route53_zone_id == null || var.hostname != null", message: "needs hostname: a hosted zone was given without the host name to create in it" }],
    }),
    fromSchema("allowed_cidrs", "loadBalancer.allowedCidrs", { rules: ALLOWED_CIDR_RULES }),
    fromSchema("internal_alb", "loadBalancer.internal"),
    fromSchema("ssl_policy", "loadBalancer.sslPolicy"),
    fromSchema("alb_deletion_protection", "loadBalancer.deletionProtection"),
    fromSchema("alb_idle_timeout_seconds", "loadBalancer.idleTimeoutSeconds"),
    fromSchema("alb_access_logs_bucket", "loadBalancer.accessLogsBucket"),

    // Controller
    fromSchema("controller_cpu", "controller.cpu", { custom: [fargateCpu] }),
    fromSchema("controller_memory", "controller.memory", {
      rules: [
        {
          condition: fargateSize("var.controller_cpu", "var.controller_memory"),
          message: `must be a memory value Fargate accepts for controller_cpu (${fargateSizesText()})`,
        },
      ],
    }),
    fromSchema("controller_image", "image.uri", {
      description:
        "Prebuilt controller image (with the configuration-as-code and amazon-ecs plugins). Unset: the module builds one with CodeBuild from `controller_image_build` and pushes it to its ECR repository; that build runs the AWS CLI where Terraform runs.",
    }),
    controllerImageBuild(),
    fromSchema("admin_user", "controller.adminUser"),
    // The stack defaults these two to <namePrefix>-pwd / <namePrefix>.internal; a variable default cannot reference name_prefix.
    fromSchema("admin_password_parameter_name", "controller.adminPassword.parameterName", { default: "jenkins-pwd", description: "SSM Parameter Store SecureString holding the admin password." }),
    fromSchema("create_admin_password", "controller.adminPassword.create", {
      description: "Create the SSM parameter `admin_password_parameter_name` from `admin_password`, encrypted with the module's KMS key. Off: the parameter must already exist.",
    }),
    {
      name: "admin_password",
      schemaPaths: [],
      type: "string",
      description: "Jenkins admin password for the created parameter (`create_admin_password = true`); at least 12 characters. Never stored in the task definition or JCasC.",
      required: false,
      default: null,
      nullable: true,
      sensitive: true,
      validations: [
        {
          condition: "var.admin_password == null ? !var.create_admin_password : length(var.admin_password) >= 12",
          errorMessage: "admin_password must be set, with at least 12 characters, when create_admin_password is true.",
        },
      ],
    },
    fromSchema("controller_num_executors", "controller.numExecutors"),
    fromSchema("controller_log_retention_days", "controller.logRetentionDays"),
    fromSchema("controller_health_check_grace_period_seconds", "controller.healthCheckGracePeriodSeconds"),
    fromSchema("controller_java_opts", "controller.javaOpts"),
    fromSchema("controller_ecs_exec", "controller.ecsExec"),

    // Service discovery and agents
    fromSchema("cloud_map_namespace", "serviceDiscovery.namespace", { default: "jenkins.internal", description: "Cloud Map private DNS namespace; agents reach the controller at `jenkins.<namespace>`. Give each installation in a VPC its own." }),
    fromSchema("agent_default_image", "agents.defaultImage"),
    fromSchema("agent_max_agents", "agents.maxAgents"),
    fromSchema("agent_retention_timeout_minutes", "agents.retentionTimeoutMinutes"),
    fromSchema("agent_start_timeout_seconds", "agents.agentStartTimeoutSeconds"),
    fromSchema("agent_log_retention_days", "agents.logRetentionDays"),
    fromSchema("spot_cluster", "agents.spotCluster", {
      rules: [
        {
          condition: "var.spot_cluster || alltrue([for t in values(var.agent_templates) : !t.spot])",
          message: "must be true while a template of agent_templates is spot",
        },
      ],
    }),
    agentTemplates(),

    // Storage
    fromSchema("efs_performance_mode", "storage.performanceMode"),
    fromSchema("efs_throughput_mode", "storage.throughputMode", {
      rules: [
        {
          condition: `!(var.efs_performance_mode == "maxIO" && var.efs_throughput_mode == "elastic")`,
          message: "must not be elastic with efs_performance_mode maxIO: elastic throughput works only with generalPurpose; use bursting or provisioned with maxIO",
        },
      ],
    }),
    fromSchema("efs_provisioned_throughput_mibps", "storage.provisionedThroughputMibps", {
      rules: [
        {
          condition: `var.efs_throughput_mode == "provisioned" ? var.efs_provisioned_throughput_mibps != null : var.efs_provisioned_throughput_mibps == null`,
          message: "is required when efs_throughput_mode is provisioned, and only used then",
        },
      ],
    }),
    fromSchema("efs_transition_to_ia_days", "storage.transitionToIaDays"),

    // Alerts
    fromSchema("alert_emails", "alerts.emails"),
    fromSchema("alert_https_endpoints", "alerts.httpsEndpoints"),
    fromSchema("alert_sqs_queue_arns", "alerts.sqsQueueArns"),
    fromSchema("alert_controller_cpu_percent", "alerts.controllerCpuPercent"),
    fromSchema("alert_controller_memory_percent", "alerts.controllerMemoryPercent"),
    fromSchema("alert_alb_5xx_per_five_minutes", "alerts.alb5xxPerFiveMinutes"),
    fromSchema("alert_efs_burst_credit_balance_bytes", "alerts.efsBurstCreditBalanceBytes"),
    fromSchema("alert_agent_task_failures", "alerts.agentTaskFailures"),

    // Backup
    fromSchema("backup_enabled", "backup.enabled"),
    backupSchedule(),
    fromSchema("backup_cold_storage_after_days", "backup.coldStorageAfterDays"),
    fromSchema("backup_delete_after_days", "backup.deleteAfterDays", {
      rules: [
        {
          condition: "var.backup_cold_storage_after_days == 0 || var.backup_delete_after_days >= var.backup_cold_storage_after_days + 90",
          message: "must be at least backup_cold_storage_after_days + 90 (AWS keeps cold storage for at least 90 days)",
        },
      ],
    }),
    backupAdditionalRules(),

    // Build credentials (AWS Secrets Manager credentials provider)
    fromSchema("credentials_secrets_manager_enabled", "credentials.secretsManager.enabled"),
    fromSchema("credentials_secret_name_prefix", "credentials.secretsManager.namePrefix"),
    fromSchema("backup_vault_lock_enabled", "backup.vaultLock.enabled"),
    fromSchema("backup_vault_lock_min_retention_days", "backup.vaultLock.minRetentionDays", {
      rules: [
        {
          condition: "!var.backup_vault_lock_enabled || var.backup_vault_lock_min_retention_days <= var.backup_vault_lock_max_retention_days",
          message: "must not exceed backup_vault_lock_max_retention_days",
        },
        {
          condition:
            "!var.backup_vault_lock_enabled || alltrue([for d in concat([var.backup_delete_after_days], [for r in var.backup_additional_rules : r.delete_after_days]) : d >= var.backup_vault_lock_min_retention_days && d <= var.backup_vault_lock_max_retention_days])",
          message: "and backup_vault_lock_max_retention_days must bracket the deletion age of every backup rule",
        },
      ],
    }),
    fromSchema("backup_vault_lock_max_retention_days", "backup.vaultLock.maxRetentionDays"),
  ];
}

/** `backup_additional_rules`: more backup rules besides the daily one. */
function backupAdditionalRules(): ModuleVariable {
  const name = "backup_additional_rules";
  const info = fieldInfo("backup.additionalRules");
  return {
    name,
    schemaPaths: ["backup.additionalRules"],
    type: "list(object({ name = string, schedule = string, cold_storage_after_days = optional(number, 0), delete_after_days = number }))",
    description: rename(info.description),
    required: false,
    default: [],
    nullable: false,
    validations: [
      {
        condition: `alltrue([for r in var.${name} : r.name != "daily" && can(regex("^[A-Za-z0-9_.-]{1,50}$", r.name))])`,
        errorMessage: `${name}: each name must be 1-50 letters, digits, '_', '.' or '-', and not "daily" (the default rule).`,
      },
      {
        condition: `length(distinct([for r in var.${name} : r.name])) == length(var.${name})`,
        errorMessage: `${name}: rule names must be unique.`,
      },
      {
        condition: `alltrue([for r in var.${name} : r.cold_storage_after_days == 0 || r.delete_after_days >= r.cold_storage_after_days + 90])`,
        errorMessage: `${name}: delete_after_days must be at least cold_storage_after_days + 90 (AWS keeps cold storage for at least 90 days).`,
      },
    ],
  };
}
