/**
 * Issue 18 on the AWS side: what the controller's roles may do with secrets, evaluated with an
 * IAM policy simulator (@cloud-copilot/iam-simulate) on the synthesized policies (and, offline,
 * on the policies Terraform plans); the client secret as an ECS secret; the ALB unchanged.
 */
import * as path from "path";
import { loadConfigFile } from "../../../lib/config/load-config";
import type { JenkinsConfig } from "../../../lib/config/schema";
import * as fs from "fs";
import { diagnosticsFromJsonLines, FAKE_CREDENTIALS, offlineInit, PlanJson, terraformOk } from "../../../tools/terraform/offline-terraform";
import { stackCallsRoot } from "../../support/stack-calls";
import { byId, configWith, JsonBlock, project, resources, ROOT, synthJson, SynthJson, synthToDir } from "../../support/project";
import { IamPolicy, decide } from "../../support/iam-simulate";
import { describeTerraform } from "../../support/terraform";
import { expectReadsExactlyCredentialSecrets } from "../../support/credential-claims";
import { parse } from "yaml";

const ACCOUNT = "123456789012";
const example = (f: string) => loadConfigFile(path.join(ROOT, "examples", "vars", f));
const secret = (name: string, opts: { region?: string; account?: string } = {}) =>
  `arn:aws:secretsmanager:${opts.region ?? "eu-west-1"}:${opts.account ?? ACCOUNT}:secret:${name}-AbCdEf`;
const KEY = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/0f1e2d3c-4b5a-4697-8877-665544332211`;

/** An aws_iam_policy_document data source of the synthesized JSON as an IAM policy. */
function policyFromData(json: SynthJson, idPart: string): IamPolicy {
  const docs = Object.entries(json.data?.aws_iam_policy_document ?? {}).filter(([id]) => id.includes(idPart));
  if (docs.length !== 1) throw new Error(`expected one policy document ${idPart}, found ${docs.map(([i]) => i).join(", ") || "none"}`);
  const Statement = (docs[0][1].statement as JsonBlock[]).map((s) => {
    const out: Record<string, unknown> = { Sid: s.sid, Effect: s.effect ?? "Allow", Action: s.actions, Resource: s.resources };
    if (s.condition) {
      const cond: Record<string, Record<string, string[]>> = {};
      for (const c of s.condition) (cond[c.test] ??= {})[c.variable] = c.values;
      out.Condition = cond;
    }
    return out;
  });
  // References to other resources of the stack (cluster, log group, file system ARNs) become an
  // ARN of a type no secret or key request can match; the team policies themselves are literal.
  const text = JSON.stringify(Statement).replace(/\$\{[^}]+\}/g, `arn:aws:unresolved:eu-west-1:${ACCOUNT}:reference`);
  if (/Team_/.test(idPart)) expect(JSON.stringify(Statement)).not.toContain("${");
  return { Version: "2012-10-17", Statement: JSON.parse(text) };
}

const viaSecretsManager = (secretArn: string) => ({ "kms:ViaService": "secretsmanager.eu-west-1.amazonaws.com", "kms:EncryptionContext:SecretARN": secretArn });

/** The task role's whole permissions: the controller's own policy and the build credentials policy. */
const taskPolicies = (json: SynthJson) => [policyFromData(json, "ControllerRoles_TaskPolicy"), policyFromData(json, "Team_BuildCredentials_Policy")];
const executionPolicies = (json: SynthJson) => [policyFromData(json, "ControllerRoles_ExecutionPolicy"), policyFromData(json, "Team_SignInSecret_Policy")];

/** The secret-related claims of issue 18 for a task role's policies (prefix `ci/credentials/`, tag jenkins:instance=ci), shared with the module's test. */
const expectTaskRoleReadsExactlyTaggedPrefix = (policies: IamPolicy[]) =>
  expectReadsExactlyCredentialSecrets(policies, { prefix: "ci/credentials/", tag: { key: "jenkins:instance", value: "ci" } });

describe("build credentials: the controller's task role reads exactly the configured secrets (iam-simulate)", () => {
  test("default prefix jenkins/: every secret under it, nothing else", async () => {
    const json = synthJson(project().jenkins);
    const policies = taskPolicies(json);
    expect(await decide(policies, "secretsmanager:GetSecretValue", secret("jenkins/github-token"))).toBe("Allowed");
    expect(await decide(policies, "secretsmanager:GetSecretValue", secret("jenkins/team-a/ssh-key"))).toBe("Allowed");
    expect(await decide(policies, "secretsmanager:GetSecretValue", secret("jenkins-pwd"))).toBe("ImplicitlyDenied");
    expect(await decide(policies, "secretsmanager:GetSecretValue", secret("prod/database"))).toBe("ImplicitlyDenied");
    expect(await decide(policies, "secretsmanager:GetSecretValue", secret("Jenkins/github-token"))).toBe("ImplicitlyDenied");
    expect(await decide(policies, "kms:Decrypt", KEY, viaSecretsManager(secret("jenkins/github-token")))).toBe("Allowed");
    expect(await decide(policies, "kms:Decrypt", KEY, viaSecretsManager(secret("prod/database")))).toBe("ImplicitlyDenied");
  });

  test("prefix and tag (oidc example)", async () => {
    await expectTaskRoleReadsExactlyTaggedPrefix(taskPolicies(synthJson(project(example("oidc-sign-in.json")).jenkins)));
  });

  test("prefix, a tag without a colon and two named KMS keys: the same claim as the module's test", async () => {
    const key2 = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/mrk-0123456789abcdef0123456789abcdef`;
    const sm = { namePrefix: "ci/credentials/", tag: { key: "team", value: "platform" }, kmsKeyArns: [KEY, key2] };
    const policies = taskPolicies(synthJson(project(configWith({ credentials: { secretsManager: sm } })).jenkins));
    await expectReadsExactlyCredentialSecrets(policies, { prefix: sm.namePrefix, tag: sm.tag, kmsKeyArns: sm.kmsKeyArns });
  });

  test("named KMS keys: decryption with those keys only", async () => {
    const policies = taskPolicies(synthJson(project(example("cognito-sign-in.json")).jenkins));
    const s = secret("jenkins/gitlab-token");
    expect(await decide(policies, "kms:Decrypt", KEY, viaSecretsManager(s))).toBe("Allowed");
    expect(await decide(policies, "kms:Decrypt", `arn:aws:kms:eu-west-1:${ACCOUNT}:key/11111111-2222-4333-8444-555555555555`, viaSecretsManager(s))).toBe(
      "ImplicitlyDenied",
    );
  });

  test("turned off: no build credentials policy, and the task role reads no secret at all", async () => {
    const json = synthJson(project(configWith({ credentials: { secretsManager: { enabled: false } } })).jenkins);
    expect(Object.keys(json.data?.aws_iam_policy_document ?? {}).filter((id) => id.includes("BuildCredentials"))).toEqual([]);
    const policies = [policyFromData(json, "ControllerRoles_TaskPolicy")];
    expect(await decide(policies, "secretsmanager:GetSecretValue", secret("jenkins/github-token"))).toBe("ImplicitlyDenied");
    expect(await decide(policies, "secretsmanager:ListSecrets", "*")).toBe("ImplicitlyDenied");
  });

  test("the policy is attached to the task role, and the service waits for it", () => {
    const json = synthJson(project().jenkins);
    const rp = byId(json, "aws_iam_role_policy", "Team_BuildCredentials_RolePolicy");
    expect(rp.role).toMatch(/aws_iam_role\.ControllerRoles_TaskRole_[0-9A-F]+\.name/);
    expect(byId(json, "aws_ecs_service", "Controller").depends_on).toEqual(
      expect.arrayContaining([expect.stringMatching(/aws_iam_role_policy\.Team_BuildCredentials_RolePolicy/)]),
    );
  });
});

describe("sign-in client secret: an ECS secret the execution role alone may read", () => {
  const container = (json: SynthJson) => JSON.parse(byId(json, "aws_ecs_task_definition", "Controller").container_definitions)[0];

  test("oidc (Secrets Manager, JSON key): the container gets OIDC_CLIENT_SECRET from the key, never the value", async () => {
    const json = synthJson(project(example("oidc-sign-in.json")).jenkins);
    const c = container(json);
    const arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:ci/oidc-client";
    expect(c.secrets).toEqual(expect.arrayContaining([{ name: "OIDC_CLIENT_SECRET", valueFrom: `${arn}:client_secret::` }]));
    expect(c.environment.map((e: { name: string }) => e.name)).not.toContain("OIDC_CLIENT_SECRET");
    const exec = executionPolicies(json);
    expect(await decide(exec, "secretsmanager:GetSecretValue", `${arn}-AbCdEf`)).toBe("Allowed");
    expect(await decide(exec, "secretsmanager:GetSecretValue", secret("ci/credentials/github-token"))).toBe("ImplicitlyDenied");
    expect(await decide(exec, "secretsmanager:GetSecretValue", `${arn}-other-AbCdEf`)).toBe("ImplicitlyDenied");
    expect(await decide(exec, "kms:Decrypt", KEY, viaSecretsManager(`${arn}-AbCdEf`))).toBe("Allowed");
    expect(await decide(exec, "kms:Decrypt", KEY, { "kms:EncryptionContext:SecretARN": `${arn}-AbCdEf` })).toBe("ImplicitlyDenied");
    // The task role (Jenkins and everything a build could reach on the controller) cannot read it.
    expect(await decide(taskPolicies(json), "secretsmanager:GetSecretValue", `${arn}-AbCdEf`, { "secretsmanager:ResourceTag/jenkins:instance": "ci" })).toBe(
      "ImplicitlyDenied",
    );
  });

  test("cognito (SSM parameter name): the parameter ARN as valueFrom; only that parameter and the admin password", async () => {
    const json = synthJson(project(example("cognito-sign-in.json")).jenkins);
    const param = `arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/jc/cognito-client-secret`;
    expect(container(json).secrets).toEqual([
      // The admin password parameter's default name follows namePrefix ("jc" in this example).
      { name: "JENKINS_ADMIN_PASSWORD", valueFrom: `arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/jc-pwd` },
      { name: "OIDC_CLIENT_SECRET", valueFrom: param },
    ]);
    const exec = executionPolicies(json);
    expect(await decide(exec, "ssm:GetParameters", param)).toBe("Allowed");
    expect(await decide(exec, "ssm:GetParameters", `arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/jc/other`)).toBe("ImplicitlyDenied");
    expect(await decide(exec, "kms:Decrypt", KEY, { "kms:ViaService": "ssm.eu-west-1.amazonaws.com", "kms:EncryptionContext:PARAMETER_ARN": param })).toBe(
      "Allowed",
    );
    // Decryption through SSM of other parameters was already allowed for the brought admin
    // password (DecryptAdminPassword: any key, via SSM); what bounds it is ssm:GetParameters above.
    expect(
      await decide(exec, "kms:Decrypt", KEY, {
        "kms:ViaService": "secretsmanager.eu-west-1.amazonaws.com",
        "kms:EncryptionContext:SecretARN": secret("jenkins/x"),
      }),
    ).toBe("ImplicitlyDenied");
    expect(await decide(exec, "secretsmanager:GetSecretValue", secret("jenkins/x"))).toBe("ImplicitlyDenied");
  });

  test("local: no client secret, no sign-in policy", () => {
    const json = synthJson(project().jenkins);
    expect(container(json).secrets.map((s: { name: string }) => s.name)).toEqual(["JENKINS_ADMIN_PASSWORD"]);
    expect(Object.keys(json.data?.aws_iam_policy_document ?? {}).filter((id) => id.includes("SignInSecret"))).toEqual([]);
  });

  test("every JCasC placeholder is in the container's environment or secrets, in each sign-in mode", () => {
    for (const config of [configWith(), example("oidc-sign-in.json"), example("cognito-sign-in.json")] as JenkinsConfig[]) {
      const { jenkins } = project(config);
      const c = container(synthJson(jenkins));
      const names = [...c.environment.map((e: { name: string }) => e.name), ...c.secrets.map((s: { name: string }) => s.name)];
      const placeholders = [...new Set([...jenkins.jcasc.matchAll(/\$\{([A-Z0-9_]+)\}/g)].map((m) => m[1]))];
      expect(placeholders.filter((p) => !names.includes(p))).toEqual([]);
    }
  });
});

describe("the ALB and the agents are untouched by sign-in", () => {
  test.each(["oidc-sign-in.json", "cognito-sign-in.json"])(
    "%s: no authenticate action and no listener rule, so webhooks reach Jenkins; agents keep the Cloud Map tunnel",
    (f) => {
      const json = synthJson(project(example(f)).jenkins);
      const actions = resources(json, "aws_alb_listener").flatMap(([, l]) => l.default_action.map((a: { type: string }) => a.type));
      expect(actions.sort()).toEqual(["forward", "redirect"]);
      expect(resources(json, "aws_alb_listener_rule")).toEqual([]);
      const env = JSON.parse(byId(json, "aws_ecs_task_definition", "Controller").container_definitions)[0].environment;
      const tunnel = env.find((e: { name: string }) => e.name === "JENKINS_TUNNEL").value;
      // The Cloud Map namespace follows namePrefix (<prefix>.internal).
      expect(tunnel).toMatch(/^jenkins\.[a-z0-9-]+\.internal:50000$/);
    },
  );
});

/** `terraform show -json` of the offline plan, with the parts these tests read. */
type Shown = PlanJson & {
  planned_values: { outputs: Record<string, { value: unknown }> };
  prior_state?: {
    values?: { root_module?: { child_modules?: Array<{ address: string; resources?: Array<{ type: string; values: Record<string, unknown> }> }> } };
  };
};

/**
 * One offline plan (and one `show -json`) of two stacks, each a module call of one root
 * (__tests__/support/stack-calls.ts): `oidc`, the oidc example, and `off`, the example with build
 * credentials off (its JCasC output as the root output `off__jcasc_yaml`). Each test reads only
 * its own call's resource changes and prior state, and asserts that the plan has no diagnostic.
 */
describeTerraform("offline plans of the stack (oidc example; build credentials off)", () => {
  let shown: Shown;
  let diagnostics: unknown[];
  beforeAll(() => {
    const root = stackCallsRoot(
      [
        { name: "oidc", stackDir: synthToDir(example("oidc-sign-in.json")).jenkinsDir },
        { name: "off", stackDir: synthToDir(configWith({ credentials: { secretsManager: { enabled: false } } })).jenkinsDir },
      ],
      { off__jcasc_yaml: { value: "${module.off.jcasc_yaml}" } },
    );
    offlineInit(root);
    const run = terraformOk(root, ["plan", "-json", "-input=false", "-lock=false", "-refresh=false", "-no-color", "-out=offline.tfplan"], FAKE_CREDENTIALS);
    diagnostics = diagnosticsFromJsonLines(run.stdout);
    shown = JSON.parse(terraformOk(root, ["show", "-json", "offline.tfplan"], FAKE_CREDENTIALS).stdout) as Shown;
    fs.rmSync(root, { recursive: true, force: true });
  });
  /** The resource changes of call `call`, with the addresses it would have as the root. */
  const changesOf = (call: string) =>
    (shown.resource_changes ?? [])
      .filter((r) => r.address.startsWith(`module.${call}.`))
      .map((r) => ({ ...r, address: r.address.slice(`module.${call}.`.length) }));
  /** What Terraform read at plan for call `call` (its data sources), from the prior state. */
  const priorResourcesOf = (call: string) =>
    shown.prior_state?.values?.root_module?.child_modules?.find((m) => m.address === `module.${call}`)?.resources ?? [];

  test("oidc example: the planned role policies grant exactly the same; simulated on the policy JSON Terraform computed", async () => {
    expect(diagnostics).toEqual([]);
    const policyOf = (name: string) => {
      const rp = changesOf("oidc").find((r) => r.type === "aws_iam_role_policy" && r.change.after?.name === name);
      expect(rp).toBeDefined();
      return JSON.parse(rp!.change.after!.policy as string) as IamPolicy;
    };
    // The controller's own policies name resources created in the same apply (unknown at plan);
    // the team policies are fully known, so Terraform's rendering of them is what is simulated.
    await expectTaskRoleReadsExactlyTaggedPrefix([policyOf("build-credentials")]);
    const exec = [policyOf("sign-in-client-secret")];
    expect(await decide(exec, "secretsmanager:GetSecretValue", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:ci/oidc-client-AbCdEf")).toBe("Allowed");
    expect(await decide(exec, "secretsmanager:GetSecretValue", secret("ci/credentials/github-token"))).toBe("ImplicitlyDenied");
  });

  test("build credentials turned off: no Secrets Manager access in any planned IAM policy, no credentials provider in the planned JCasC", () => {
    expect(diagnostics).toEqual([]);
    const changes = changesOf("off");
    const rolePolicies = changes.filter((r) => r.type === "aws_iam_role_policy").map((r) => r.change.after?.name);
    expect(rolePolicies).toEqual(expect.arrayContaining(["controller-task", "controller-execution"]));
    expect(rolePolicies).not.toContain("build-credentials");
    expect(rolePolicies).not.toContain("sign-in-client-secret");
    // Every policy document: those Terraform read at plan (prior state) and those deferred to apply
    // (resource changes, statements known but for references); their actions and conditions.
    const documents = [
      ...priorResourcesOf("off")
        .filter((r) => r.type === "aws_iam_policy_document")
        .map((r) => r.values),
      ...changes.filter((r) => r.type === "aws_iam_policy_document").map((r) => r.change.after ?? {}),
    ];
    expect(documents.length).toBeGreaterThan(5);
    // (A value known only at apply is null in the plan: references to resources of the same apply.)
    const statements = documents.flatMap(
      (d) => (d.statement ?? []) as Array<{ actions?: string[] | null; condition?: Array<{ values?: (string | null)[] | null }> | null }>,
    );
    const actions = statements.flatMap((s) => s.actions ?? []);
    expect(actions).toEqual(expect.arrayContaining(["ecs:RunTask", "ssm:GetParameters"]));
    expect(actions.filter((a) => a.startsWith("secretsmanager:"))).toEqual([]);
    const conditionValues = statements.flatMap((s) => (s.condition ?? []).flatMap((c) => c.values ?? [])).filter((v): v is string => typeof v === "string");
    expect(conditionValues.filter((v) => v.includes("secretsmanager"))).toEqual([]);
    // The JCasC as planned: Jenkins' credentials provider is absent; the rest of `unclassified` stays.
    const jcasc = parse(shown.planned_values.outputs.off__jcasc_yaml.value as string) as { unclassified: Record<string, unknown> };
    expect(Object.keys(jcasc.unclassified)).toEqual(["location"]);
    expect(shown.planned_values.outputs.off__jcasc_yaml.value).not.toContain("awsCredentialsProvider");
  });
});
