/**
 * The JCasC document of the registry module as a Terraform expression, derived from
 * lib/constructs/controller/jcasc.ts: the same functions run with markers (lib/module/hcl.ts) in place of values
 * only Terraform knows, so the keys, the `${ENV}` placeholders and the example jobs are the
 * stack's. The agent templates become `for` expressions over `var.agent_templates`, one per
 * cloud; on-demand and spot templates come from `agentTemplate()` with `spot` false and true,
 * so a spot template carries a FARGATE_SPOT capacity provider strategy, never a launch type.
 */
import { CLOUD_NAMES, JCASC_ENV, JcascCloud, agentTemplate, exampleJobsDsl, jcascDocument } from "../constructs/controller/jcasc";
import type { JcascInput, JcascTemplateInput } from "../constructs/controller/jcasc-input";
import { awsCredentialsProvider } from "../constructs/controller/jcasc-team";
import { HclExpr, expr, hclInline, marker } from "./hcl";
import {
  SYMBOLIC_CREDENTIALS,
  authorizationExpression,
  credentialsProviderExpression,
  onlyIf,
  repositoryJobsExpression,
  securityRealmExpression,
} from "./jcasc-team-expression";
import { EXAMPLES_ENABLED } from "./variables/jobs";

/** Names of the locals the expression relies on (defined by the module stack). */
export const JCASC_LOCALS = {
  /** `arn:<partition>:iam::<account>:role/<name_prefix>-agent-`; a label completes a task role ARN. */
  taskRoleArnPrefix: "local.agent_task_role_arn_prefix",
  /** First on-demand / spot label (by key order), or "". */
  exampleLabelFargate: "local.jcasc_example_label_fargate",
  exampleLabelSpot: "local.jcasc_example_label_spot",
  /** The example jobs' Job DSL, or "". */
  jobsDsl: "local.jcasc_jobs_dsl",
} as const;

const TEMPLATES_VAR = "var.agent_templates";

/** The parts of the configuration jcascDocument() reads, as Terraform expressions (markers). */
function symbolicConfig(): JcascInput {
  return {
    controller: { numExecutors: marker("var.controller_num_executors") },
    agents: {
      spotCluster: true,
      templates: [],
      maxAgents: marker("var.agent_max_agents"),
      retentionTimeoutMinutes: marker("var.agent_retention_timeout_minutes"),
      agentStartTimeoutSeconds: marker("var.agent_start_timeout_seconds"),
      // Read only by agentTemplate() as `t.image ?? agents.defaultImage`: a template's image as
      // given, else the default image as agent_image_source serves it, through its placeholder.
      defaultImage: marker(`coalesce(t.image, "$\${${JCASC_ENV.agentDefaultImage}}")`),
    },
    // Build credentials: the provider's keys with the prefix and cache from Terraform; switched below, tag filters by credentialsProviderExpression().
    credentials: SYMBOLIC_CREDENTIALS,
  };
}

function symbolicTemplate(spot: boolean, extra: Partial<JcascTemplateInput> = {}): JcascTemplateInput {
  return { label: marker("k"), spot, cpu: marker("t.cpu"), memory: marker("t.memory"), ...extra };
}

/** Keys `withOption` adds to `base`; exactly one is expected. */
function addedKey(base: Record<string, unknown>, withOption: Record<string, unknown>, what: string): string {
  const added = Object.keys(withOption).filter((k) => !(k in base));
  if (added.length !== 1)
    throw new Error(`lib/constructs/controller/jcasc.ts agentTemplate(): ${what} should add exactly one key, added ${added.join(", ") || "none"}`);
  return added[0];
}

/** The `for` expression building one cloud's templates. */
export function templatesExpression(spot: boolean): string {
  const agents = symbolicConfig().agents;
  const base = agentTemplate(symbolicTemplate(spot), agents);
  const withRole = agentTemplate(symbolicTemplate(spot, { taskPolicy: { Version: "2012-10-17", Statement: [] } }), agents);
  const withStorage = agentTemplate(symbolicTemplate(spot, { ephemeralStorageGiB: marker("t.ephemeral_storage_gib") }), agents);
  const roleKey = addedKey(base, withRole, "a task policy");
  const storageKey = addedKey(base, withStorage, "ephemeral storage");
  // The stack points `taskrole` at an env var per label; here the ARN is written directly
  // (the role's name is known, so the YAML is known at plan time).
  const role = onlyIf("t.task_policy_json != null", { [roleKey]: expr(`"\${${JCASC_LOCALS.taskRoleArnPrefix}}\${k}"`) });
  const storage = onlyIf("t.ephemeral_storage_gib != null", { [storageKey]: withStorage[storageKey] });
  return `[for k, t in ${TEMPLATES_VAR} : merge(${hclInline(base)}, ${role}, ${storage}) if ${spot ? "t.spot" : "!t.spot"}]`;
}

/** The Job DSL of the example job on one cloud, as a Terraform template expression. */
export function exampleJobExpression(spot: boolean): string {
  const label = marker(spot ? JCASC_LOCALS.exampleLabelSpot : JCASC_LOCALS.exampleLabelFargate);
  return hclInline(exampleJobsDsl({ agents: { templates: [{ label, spot }] } }));
}

/**
 * `local.jcasc_jobs_dsl`: the example jobs for the labels that exist (when var.jobs enables
 * them) and the repositories' jobs, joined as lib/constructs/controller/jcasc.ts does.
 */
export function jobsDslExpression(): string {
  const part = (spot: boolean) => {
    const label = spot ? JCASC_LOCALS.exampleLabelSpot : JCASC_LOCALS.exampleLabelFargate;
    return `${label} == "" ? "" : ${exampleJobExpression(spot)}`;
  };
  return `join("\\n\\n", compact(concat(${EXAMPLES_ENABLED} ? [${part(false)}, ${part(true)}] : [], ${repositoryJobsExpression()})))`;
}

/** First label of a cloud (templates iterate in key order, as Terraform maps do). */
export function exampleLabelExpression(spot: boolean): string {
  return `try([for k, t in ${TEMPLATES_VAR} : k if ${spot ? "t.spot" : "!t.spot"}][0], "")`;
}

/** The JCasC document (an object expression for `yamlencode`). */
export function jcascDocumentExpression(): string {
  const doc = jcascDocument(symbolicConfig());
  if (doc.jobs !== undefined) throw new Error("lib/constructs/controller/jcasc.ts: jobs were expected only with templates");
  const byName = (n: string): JcascCloud => {
    const c = doc.jenkins.clouds.find((x) => x.ecs.name === n);
    if (!c) throw new Error(`lib/constructs/controller/jcasc.ts: no cloud named ${n}`);
    return c;
  };
  // The templates of each cloud are `for` expressions over var.agent_templates.
  const withTemplates = (n: string, spot: boolean) => ({ ecs: { ...byName(n).ecs, templates: new HclExpr(templatesExpression(spot)) } });
  // The spot cloud exists with the spot cluster only (variable spot_cluster).
  const clouds = new HclExpr(
    `concat([${hclInline(withTemplates(CLOUD_NAMES.fargate, false))}], var.spot_cluster ? [${hclInline(withTemplates(CLOUD_NAMES.spot, true))}] : [])`,
  );
  // The credentials provider with build credentials on (variable credentials_secrets_manager_enabled).
  const { awsCredentialsProvider: provider, ...unclassified } = doc.unclassified;
  if (provider === undefined) throw new Error("lib/constructs/controller/jcasc.ts: expected unclassified.awsCredentialsProvider with build credentials on");
  if (JSON.stringify(provider) !== JSON.stringify(awsCredentialsProvider(SYMBOLIC_CREDENTIALS, JCASC_ENV.region)))
    throw new Error("lib/constructs/controller/jcasc.ts: expected unclassified.awsCredentialsProvider from awsCredentialsProvider() with JCASC_ENV.region");
  const unclassifiedExpr = new HclExpr(
    `merge(${hclInline(unclassified)}, ${onlyIf("var.credentials_secrets_manager_enabled", { awsCredentialsProvider: credentialsProviderExpression(JCASC_ENV.region) })})`,
  );
  // The shape of `jobs` as lib/constructs/controller/jcasc.ts writes it when templates exist, with the script from Terraform.
  const sym = symbolicConfig();
  const withJobs = jcascDocument({ ...sym, agents: { ...sym.agents, templates: [symbolicTemplate(false)] } });
  if (!withJobs.jobs || withJobs.jobs.length !== 1 || Object.keys(withJobs.jobs[0]).join() !== "script")
    throw new Error("lib/constructs/controller/jcasc.ts: expected jobs: [{ script }]");
  const jobs = [{ script: expr(JCASC_LOCALS.jobsDsl) }];
  // Sign-in and authorization from var.auth (lib/module/jcasc-team-expression.ts).
  const jenkins = { ...doc.jenkins, securityRealm: securityRealmExpression(), authorizationStrategy: authorizationExpression(), clouds };
  const rewritten = { ...doc, jenkins, unclassified: unclassifiedExpr };
  return `merge(${hclInline(rewritten)}, ${onlyIf(`${JCASC_LOCALS.jobsDsl} != ""`, { jobs })})`;
}

/** Header of the generated YAML. */
export const JCASC_HEADER = "# Generated by terraform-aws-serverless-jenkins from its input variables; change the variables, not this file.\n";
