import { taskPolicyRules } from "../module-rules";
import { hclInline } from "../hcl";
import { ConditionOptions, conditionsOf, configField, fieldInfo } from "../zod-terraform";
import { fargateCpu, fargateSize, fargateSizesText, fromSchema, message, ModuleValidation, ModuleVariable, rename } from "./variable";

/** Service discovery and agents: clusters, default image, templates. */
export function agentVariables(): ModuleVariable[] {
  return [
    fromSchema("cloud_map_namespace", "serviceDiscovery.namespace", {
      default: "jenkins.internal",
      description: "Cloud Map private DNS namespace; agents reach the controller at `jenkins.<namespace>`. Give each installation in a VPC its own.",
    }),
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
  ];
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
  const type = `map(object({ ${parts.map((p) => `${p.attr} = optional(${p.type}${p.info.hasDefault ? `, ${hclInline(p.info.default)}` : ""})`).join(", ")} }))`;

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
    errorMessage: message(
      `each task_policy_json in ${name}`,
      "must be an IAM policy document in JSON with at least one statement (e.g. from jsonencode or aws_iam_policy_document)",
    ),
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
