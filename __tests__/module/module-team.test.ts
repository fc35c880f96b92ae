/**
 * Issue 18 in the registry module: `auth` and `jobs` variables, planned offline with real
 * terraform. For oidc (Secrets Manager secret with a JSON key), cognito (SSM parameter name)
 * and oidc with manual endpoints and repository jobs, the module's JCasC YAML equals the stack's
 * (lib/constructs/controller/jcasc.ts) for the same settings, and the execution role's planned
 * sign-in policy is evaluated with iam-simulate: exactly that secret. Invalid settings fail the
 * plan with the module's validation messages, which mirror the stack's schema rules.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse } from "yaml";
import { jcascDocument } from "../../lib/constructs/controller/jcasc";
import { hclInline } from "../../lib/module/hcl";
import { buildModule } from "../../lib/module/package-module";
import { snakeCase } from "../../lib/module/variables/object-variable";
import { FAKE_CREDENTIALS, OFFLINE_PROVIDER_OVERRIDE, offlineInit, terraform, terraformOk } from "../../tools/terraform/offline-terraform";
import { IamPolicy, decide } from "../support/iam-simulate";
import { configWith } from "../support/project";
import { describeTerraform } from "../support/terraform";

const ACCOUNT = "123456789012";
const KEY = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/0f1e2d3c-4b5a-4697-8877-665544332211`;
const TEMPLATES = [
  { label: "build", cpu: 1024, memory: 2048 },
  { label: "build-spot", spot: true, cpu: 1024, memory: 2048 },
];

/** A vars.json section as a module input: the same object with snake-case attribute names. */
function hcl(section: unknown): string {
  const snake = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(snake);
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [snakeCase(k), snake(x)]));
    return v;
  };
  return hclInline(snake(section));
}

const OIDC_SECRET = `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:ci/oidc-client`;
const LONG_SSM_NAME = `/ci/${"p".repeat(1005)}`;

/** [case, team sections of vars.json]. */
const TEAM_CASES: Array<[string, Record<string, unknown>]> = [
  [
    "oidc (Secrets Manager, JSON key), developers and readers, repository jobs",
    {
      auth: {
        mode: "oidc",
        oidc: {
          issuer: "https://login.example.com/realms/acme",
          clientId: "jenkins",
          clientSecret: { secretsManagerArn: OIDC_SECRET, jsonKey: "client_secret" },
          scopes: ["openid", "profile", "email", "groups"],
        },
        adminGroups: ["platform-admins"],
        developerGroups: ["developers"],
        readerGroups: ["auditors"],
      },
      credentials: { secretsManager: { namePrefix: "ci/credentials/" } },
      jobs: {
        repositories: [
          { name: "platform-pipelines", url: "https://github.com/acme/platform-pipelines.git", credentialsId: "github-token" },
          { name: "seed", url: "git@github.com:acme/jenkins-jobs.git", credentialsId: "github-deploy-key", kind: "jobDsl", branch: "main" },
        ],
      },
    },
  ],
  [
    "cognito (SSM parameter name), examples kept with a repository",
    {
      auth: {
        mode: "cognito",
        cognito: { userPoolId: "eu-west-1_AbCdEfGhI", clientId: "1example23456789abcdefghij", clientSecret: { ssmParameter: "/jc/cognito-client-secret" } },
        adminGroups: ["jenkins-admins"],
        developerGroups: ["jenkins-developers"],
      },
      jobs: {
        examples: true,
        repositories: [{ name: "apps", url: "https://gitlab.example.com/acme/apps.git", credentialsId: "gitlab-token", scanIntervalMinutes: 30 }],
      },
    },
  ],
  [
    "oidc with manual endpoints and an SSM name of 1009 characters (RE2 repeat limit), public jobDsl and multibranch repositories",
    {
      auth: {
        mode: "oidc",
        oidc: {
          issuer: "https://idp.example.org",
          clientId: "ci",
          clientSecret: { ssmParameter: LONG_SSM_NAME },
          usernameClaim: "email",
          endpoints: {
            authorization: "https://idp.example.org/authorize",
            token: "https://idp.example.org/token",
            jwks: "https://keys.example.net/jwks",
            endSession: "https://idp.example.org/logout",
          },
        },
        adminGroups: ["ops"],
        breakGlassGroup: "ci-break-glass",
      },
      jobs: {
        repositories: [
          { name: "dsl", url: "https://github.com/acme/dsl.git", kind: "jobDsl", scriptPath: "ci/*.groovy", branch: "release/1", scanIntervalMinutes: 90 },
          { name: "svc", url: "https://github.com/acme/svc.git", scriptPath: "build/Jenkinsfile", scanIntervalMinutes: 1440 },
        ],
      },
    },
  ],
];

/** [case, module inputs (HCL), expected message]. */
const INVALID: Array<[string, Record<string, string>, RegExp]> = [
  [
    "issuer over http",
    { auth: hcl({ mode: "oidc", oidc: { issuer: "http://login.example.com", clientId: "j", clientSecret: { ssmParameter: "/s" } }, adminGroups: ["a"] }) },
    /auth\.oidc\.issuer must be an https:\/\/ URL/,
  ],
  [
    "issuer with a trailing slash",
    { auth: hcl({ mode: "oidc", oidc: { issuer: "https://login.example.com/", clientId: "j", clientSecret: { ssmParameter: "/s" } }, adminGroups: ["a"] }) },
    /drop the trailing slash/,
  ],
  [
    "secret ARN not in ARN form",
    {
      auth: hcl({
        mode: "oidc",
        oidc: { issuer: "https://l.example.com", clientId: "j", clientSecret: { secretsManagerArn: "ci/oidc-client" } },
        adminGroups: ["a"],
      }),
    },
    /secrets_manager_arn must be a Secrets Manager secret ARN/,
  ],
  [
    "both secret sources",
    {
      auth: hcl({
        mode: "oidc",
        oidc: { issuer: "https://l.example.com", clientId: "j", clientSecret: { secretsManagerArn: OIDC_SECRET, ssmParameter: "/s" } },
        adminGroups: ["a"],
      }),
    },
    /give exactly one of secrets_manager_arn and ssm_parameter/,
  ],
  [
    "SSM name over 1011 characters",
    {
      auth: hcl({
        mode: "cognito",
        cognito: { userPoolId: "eu-west-1_Ab", clientId: "c1", clientSecret: { ssmParameter: `/${"p".repeat(1012)}` } },
        adminGroups: ["a"],
      }),
    },
    /ssm_parameter must be an SSM parameter name/,
  ],
  ["groups with local sign-in", { auth: hcl({ adminGroups: ["admins"] }) }, /groups need a sign-in provider/],
  [
    "no admin group with cognito",
    { auth: hcl({ mode: "cognito", cognito: { userPoolId: "eu-west-1_Ab", clientId: "c1", clientSecret: { ssmParameter: "/s" } } }) },
    /give at least one group of administrators/,
  ],
  [
    "scopes without openid",
    {
      auth: hcl({
        mode: "oidc",
        oidc: { issuer: "https://l.example.com", clientId: "j", clientSecret: { ssmParameter: "/s" }, scopes: ["profile"] },
        adminGroups: ["a"],
      }),
    },
    /must include "openid"/,
  ],
  [
    "endpoints on two hosts",
    {
      auth: hcl({
        mode: "oidc",
        oidc: {
          issuer: "https://l.example.com",
          clientId: "j",
          clientSecret: { ssmParameter: "/s" },
          endpoints: { authorization: "https://a.example.com/auth", token: "https://b.example.com/token", jwks: "https://a.example.com/jwks" },
        },
        adminGroups: ["a"],
      }),
    },
    /token endpoint host differs/,
  ],
  // Rules reading the provider's region or account_id run after the single-variable ones: these cases plan alone (two inputs).
  [
    "secret in another region",
    {
      auth: hcl({
        mode: "oidc",
        oidc: { issuer: "https://l.example.com", clientId: "j", clientSecret: { secretsManagerArn: OIDC_SECRET.replace("eu-west-1", "us-east-1") } },
        adminGroups: ["a"],
      }),
      account_id: `"${ACCOUNT}"`,
    },
    /client_secret must be in the provider's region/,
  ],
  [
    "secret of another account",
    {
      auth: hcl({
        mode: "oidc",
        oidc: { issuer: "https://l.example.com", clientId: "j", clientSecret: { ssmParameter: "arn:aws:ssm:eu-west-1:210987654321:parameter/s" } },
        adminGroups: ["a"],
      }),
      account_id: `"${ACCOUNT}"`,
    },
    /client_secret must belong to account_id/,
  ],
  [
    "Cognito pool of another region",
    {
      auth: hcl({ mode: "cognito", cognito: { userPoolId: "us-east-1_Ab", clientId: "c1", clientSecret: { ssmParameter: "/s" } }, adminGroups: ["a"] }),
      account_id: `"${ACCOUNT}"`,
    },
    /must be a pool of the provider's region/,
  ],
  [
    "ssh repository without a credential",
    { jobs: hcl({ repositories: [{ name: "x", url: "git@github.com:a/b.git" }] }) },
    /an ssh URL needs the id of an sshUserPrivateKey credential/,
  ],
  ["repository URL not git", { jobs: hcl({ repositories: [{ name: "x", url: "ftp://example.com/x" }] }) }, /jobs\.repositories\[\*\]\.url must be a git URL/],
  [
    "repository named like an example job",
    { jobs: hcl({ examples: true, repositories: [{ name: "simple-job-critical-task", url: "https://github.com/a/b.git" }] }) },
    /is an example job's name/,
  ],
  [
    "credential with build credentials off",
    { jobs: hcl({ repositories: [{ name: "x", url: "https://github.com/a/b.git", credentialsId: "tok" }] }), credentials_secrets_manager_enabled: "false" },
    /must be a credential from Secrets Manager, but credentials_secrets_manager_enabled is false/,
  ],
];

const BASE: Record<string, string> = {
  vpc_id: '"vpc-0123456789abcdef0"',
  public_subnet_ids: '["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"]',
  private_subnet_ids: '["subnet-0bbbbbbbbbbbbbbb1", "subnet-0bbbbbbbbbbbbbbb2"]',
  certificate_arn: '"arn:aws:acm:eu-west-1:123456789012:certificate/abc"',
  account_id: `"${ACCOUNT}"`,
  spot_cluster: "true",
  agent_templates: hclInline(Object.fromEntries(TEMPLATES.map(({ label, ...t }) => [label, t]))),
};

interface Plan {
  readonly resource_changes?: Array<{ address: string; type: string; change: { after?: Record<string, unknown> | null } }>;
  readonly planned_values: { outputs: Record<string, { value: unknown }> };
}

/** Module inputs for the team sections of vars.json. */
function inputsFor(team: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  if (team.auth) out.auth = hcl(team.auth);
  if (team.jobs) out.jobs = hcl(team.jobs);
  const prefix = (team.credentials as { secretsManager?: { namePrefix?: string } } | undefined)?.secretsManager?.namePrefix;
  if (prefix) out.credentials_secret_name_prefix = JSON.stringify(prefix);
  return out;
}

describeTerraform("registry module team setup: auth and jobs (offline terraform plan)", () => {
  let moduleDir: string;
  let work: string;
  // -no-color: no escape sequences to strip.
  const oneLine = (s: string) => s.replace(/\s+/g, " ");

  /** A root module calling the module once per entry of `calls` (name → inputs), with each call's JCasC YAML as output `jcasc_yaml_<name>`; initialized. */
  const rootFor = (name: string, calls: Record<string, Record<string, string>>) => {
    const dir = path.join(work, name);
    fs.mkdirSync(dir, { recursive: true });
    const blocks = Object.entries(calls).map(([call, inputs]) => {
      const args = Object.entries({ ...BASE, ...inputs })
        .map(([k, v]) => `  ${k} = ${v}`)
        .join("\n");
      const output = `output "jcasc_yaml_${call}" {\n  value = module.${call}.jcasc_yaml\n}\n`;
      return `module "${call}" {\n  source = "${moduleDir}"\n${args}\n}\n\n${output}`;
    });
    fs.writeFileSync(path.join(dir, "main.tf"), `provider "aws" {\n  region = "eu-west-1"\n}\n\n${blocks.join("\n")}`);
    fs.writeFileSync(path.join(dir, "zz_offline_override.tf.json"), JSON.stringify({ provider: OFFLINE_PROVIDER_OVERRIDE.provider }, null, 2));
    offlineInit(dir);
    return dir;
  };
  const plan = (dir: string, out: string[] = []) =>
    terraform(dir, ["plan", "-input=false", "-lock=false", "-refresh=false", "-no-color", ...out], FAKE_CREDENTIALS);

  /**
   * The valid cases and local sign-in (the default) in one root, a module call each: one plan and one
   * show instead of one of each per case (each starts the provider, which is most of their time).
   */
  const VALID: Array<[string, Record<string, string>]> = [
    ...TEAM_CASES.map(([name, team]): [string, Record<string, string>] => [name, inputsFor(team)]),
    ["local", {}],
  ];
  const callOf = (name: string) => `team_${VALID.findIndex(([n]) => n === name)}`;
  let valid: Plan | undefined;
  /** The plan of one case's module call: its resource changes, and its JCasC YAML as output `jcasc_yaml`. */
  const planOf = (name: string): Plan => {
    if (!valid) {
      const dir = rootFor("valid", Object.fromEntries(VALID.map(([n, inputs]) => [callOf(n), inputs])));
      const run = plan(dir, ["-out=p.tfplan"]);
      if (run.status !== 0) throw new Error(`the valid cases' plan failed:\n${run.stderr}`);
      valid = JSON.parse(terraformOk(dir, ["show", "-json", "p.tfplan"], FAKE_CREDENTIALS).stdout) as Plan;
    }
    const call = callOf(name);
    return {
      resource_changes: (valid.resource_changes ?? []).filter((r) => r.address.startsWith(`module.${call}.`)),
      planned_values: { outputs: { jcasc_yaml: valid.planned_values.outputs[`jcasc_yaml_${call}`] } },
    };
  };
  const signInPolicy = (p: Plan): IamPolicy | undefined => {
    const rp = (p.resource_changes ?? []).find((r) => r.type === "aws_iam_role_policy" && r.change.after?.name === "sign-in-client-secret");
    return rp ? (JSON.parse(rp.change.after!.policy as string) as IamPolicy) : undefined;
  };

  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "sj-module-team-"));
    moduleDir = buildModule({ outDir: path.join(work, "build") }).dir;
  }, 300_000);
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test.each(TEAM_CASES.map(([name, team]) => [name, team] as const))(
    "%s: the module's JCasC equals the stack's for the same settings",
    (name, team) => {
      const yaml = planOf(name).planned_values.outputs.jcasc_yaml.value as string;
      const config = configWith({ ...team, agents: { spotCluster: true, templates: TEMPLATES } });
      // The default agent image is the stack's AGENT_DEFAULT_IMAGE placeholder in both.
      expect(parse(yaml)).toEqual(JSON.parse(JSON.stringify(jcascDocument(config))));
    },
    300_000,
  );

  test("oidc: the execution role reads exactly the client secret (Secrets Manager), decrypting through Secrets Manager only", async () => {
    const exec = [signInPolicy(planOf(TEAM_CASES[0][0]))!];
    const secret = `${OIDC_SECRET}-AbCdEf`;
    expect(await decide(exec, "secretsmanager:GetSecretValue", secret)).toBe("Allowed");
    expect(await decide(exec, "secretsmanager:GetSecretValue", `${OIDC_SECRET}-other-AbCdEf`)).toBe("ImplicitlyDenied");
    expect(await decide(exec, "secretsmanager:GetSecretValue", `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:ci/credentials/github-token-AbCdEf`)).toBe(
      "ImplicitlyDenied",
    );
    expect(await decide(exec, "ssm:GetParameters", `arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/jc/cognito-client-secret`)).toBe("ImplicitlyDenied");
    expect(
      await decide(exec, "kms:Decrypt", KEY, { "kms:ViaService": "secretsmanager.eu-west-1.amazonaws.com", "kms:EncryptionContext:SecretARN": secret }),
    ).toBe("Allowed");
    expect(await decide(exec, "kms:Decrypt", KEY, { "kms:EncryptionContext:SecretARN": secret })).toBe("ImplicitlyDenied");
    expect(await decide(exec, "kms:Decrypt", KEY, { "kms:ViaService": "ssm.eu-west-1.amazonaws.com", "kms:EncryptionContext:SecretARN": secret })).toBe(
      "ImplicitlyDenied",
    );
  }, 300_000);

  test("cognito: the execution role reads exactly the SSM parameter, decrypting through SSM for it only", async () => {
    const exec = [signInPolicy(planOf(TEAM_CASES[1][0]))!];
    const param = `arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/jc/cognito-client-secret`;
    expect(await decide(exec, "ssm:GetParameters", param)).toBe("Allowed");
    expect(await decide(exec, "ssm:GetParameters", `arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/jc/other`)).toBe("ImplicitlyDenied");
    expect(await decide(exec, "secretsmanager:GetSecretValue", `${OIDC_SECRET}-AbCdEf`)).toBe("ImplicitlyDenied");
    expect(await decide(exec, "kms:Decrypt", KEY, { "kms:ViaService": "ssm.eu-west-1.amazonaws.com", "kms:EncryptionContext:PARAMETER_ARN": param })).toBe(
      "Allowed",
    );
    expect(
      await decide(exec, "kms:Decrypt", KEY, { "kms:ViaService": "ssm.eu-west-1.amazonaws.com", "kms:EncryptionContext:PARAMETER_ARN": `${param}-x` }),
    ).toBe("ImplicitlyDenied");
    expect(
      await decide(exec, "kms:Decrypt", KEY, { "kms:ViaService": "secretsmanager.eu-west-1.amazonaws.com", "kms:EncryptionContext:PARAMETER_ARN": param }),
    ).toBe("ImplicitlyDenied");
  }, 300_000);

  test("an SSM name past RE2's repeat limit passes the validation and is granted by name", async () => {
    const exec = [signInPolicy(planOf(TEAM_CASES[2][0]))!];
    expect(await decide(exec, "ssm:GetParameters", `arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter${LONG_SSM_NAME}`)).toBe("Allowed");
  }, 300_000);

  test("local sign-in (the default): no sign-in policy in the plan", () => {
    const p = planOf("local");
    expect(p.resource_changes?.length).toBeGreaterThan(0);
    expect(signInPolicy(p)).toBeUndefined();
    expect((p.resource_changes ?? []).map((r) => r.address).filter((a) => a.includes("sign_in"))).toEqual([]);
    const doc = parse(p.planned_values.outputs.jcasc_yaml.value as string);
    expect(Object.keys(doc.jenkins.securityRealm)).toEqual(["local"]);
    expect(doc.jobs[0].script).toContain("pipelineJob('simple-job-critical-task')");
  }, 300_000);

  // The invalid cases in two plans, each case in its own module call: Terraform checks each call's
  // inputs on their own and reports each failed validation with the call it failed in. A
  // cross-variable rule is evaluated only once no single-variable rule failed in the plan, so the
  // cases that set several inputs have their own plan.
  let invalid: Array<{ status: number; stdout: string; stderr: string }> | undefined;
  const invalidPlans = () => {
    const calls = (cross: boolean) =>
      Object.fromEntries(INVALID.flatMap(([, inputs], i) => (Object.keys(inputs).length > 1 === cross ? [[`invalid_${i}`, inputs]] : [])));
    invalid ??= [plan(rootFor("invalid-single", calls(false))), plan(rootFor("invalid-cross", calls(true)))];
    return invalid;
  };
  const errorsIn = (call: string) =>
    invalidPlans()
      .flatMap((p) => p.stderr.split(/^Error: /m))
      .filter((d) => d.includes(`in module "${call}":`))
      .map((d) => oneLine(d));

  test("the plans of the invalid cases fail before a plan is printed", () => {
    for (const p of invalidPlans()) {
      expect(p.status).not.toBe(0);
      expect(oneLine(p.stdout)).not.toMatch(/Terraform will perform the following actions/);
    }
  }, 300_000);

  test.each(INVALID.map(([name, , message], i) => [name, i, message] as const))(
    "invalid: %s fails with the module's message",
    (_name, i, message) => {
      const errors = errorsIn(`invalid_${i}`);
      expect(errors.length).toBeGreaterThan(0);
      expect(errors.some((e) => message.test(e))).toBe(true);
    },
    300_000,
  );
});
