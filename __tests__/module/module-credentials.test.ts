/**
 * Issue 18, build credentials in the registry module: `credentials_secret_name_prefix`,
 * `credentials_secret_tag`, `credentials_kms_key_arns`, `credentials_cache` and
 * `credentials_secrets_manager_enabled` go through the stack's constructs (BuildCredentialsAccess
 * for IAM, awsCredentialsProvider() for JCasC). Planned offline with real terraform for each
 * option: the module's JCasC equals the stack's for the same settings, and the task role's
 * planned policy is evaluated with the IAM policy simulator, with the same claim as the stack's
 * test (__tests__/support/credential-claims.ts). Invalid inputs fail the plan with the module's
 * messages, and the stack's schema rejects the same settings.
 */
import { parse } from "yaml";
import { jcascDocument } from "../../lib/constructs/controller/jcasc";
import { hclInline } from "../../lib/module/hcl";
import { FAKE_CREDENTIALS, terraform } from "../../tools/terraform/offline-terraform";
import { ACCOUNT, CredentialSettings, KEY, expectReadsExactlyCredentialSecrets } from "../support/credential-claims";
import { IamPolicy } from "../support/iam-simulate";
import { callView, errorsInCall } from "../support/module-calls";
import { ModulePlan, ModulePlanner, hcl, plannedRolePolicy } from "../support/module-plan";
import { configWith, problemsOf } from "../support/project";
import { describeTerraform } from "../support/terraform";

const TEMPLATES = [
  { label: "build", cpu: 1024, memory: 2048 },
  { label: "build-spot", spot: true, cpu: 1024, memory: 2048 },
];
const BASE: Record<string, string> = {
  vpc_id: '"vpc-0123456789abcdef0"',
  public_subnet_ids: '["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"]',
  private_subnet_ids: '["subnet-0bbbbbbbbbbbbbbb1", "subnet-0bbbbbbbbbbbbbbb2"]',
  certificate_arn: `"arn:aws:acm:eu-west-1:${ACCOUNT}:certificate/abc"`,
  account_id: `"${ACCOUNT}"`,
  spot_cluster: "true",
  agent_templates: hclInline(Object.fromEntries(TEMPLATES.map(({ label, ...t }) => [label, t]))),
};
const KEY_2 = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/mrk-0123456789abcdef0123456789abcdef`;
const KEY_US = KEY.replace("eu-west-1", "us-east-1");

/** `credentials.secretsManager` of vars.json. */
type SecretsManager = { enabled?: boolean; namePrefix?: string; tag?: { key: string; value?: string }; kmsKeyArns?: string[]; cache?: boolean };

/** The module inputs for a `credentials.secretsManager` section. */
function inputsFor(sm: SecretsManager): Record<string, string> {
  return {
    ...(sm.enabled !== undefined ? { credentials_secrets_manager_enabled: String(sm.enabled) } : {}),
    ...(sm.namePrefix !== undefined ? { credentials_secret_name_prefix: JSON.stringify(sm.namePrefix) } : {}),
    ...(sm.tag !== undefined ? { credentials_secret_tag: hcl({ value: null, ...sm.tag }) } : {}),
    ...(sm.kmsKeyArns !== undefined ? { credentials_kms_key_arns: hclInline(sm.kmsKeyArns) } : {}),
    ...(sm.cache !== undefined ? { credentials_cache: String(sm.cache) } : {}),
  };
}

/** [case, settings, the claim's settings (undefined: no access at all)]. */
const CASES: Array<[string, SecretsManager, CredentialSettings | undefined]> = [
  ["default: by prefix jenkins/, any key of the account", {}, { prefix: "jenkins/" }],
  [
    "by prefix and tag",
    { namePrefix: "ci/credentials/", tag: { key: "jenkins:instance", value: "ci" } },
    { prefix: "ci/credentials/", tag: { key: "jenkins:instance", value: "ci" } },
  ],
  [
    "by prefix and tag, with two KMS keys",
    { namePrefix: "ci/credentials/", tag: { key: "team", value: "platform" }, kmsKeyArns: [KEY, KEY_2] },
    { prefix: "ci/credentials/", tag: { key: "team", value: "platform" }, kmsKeyArns: [KEY, KEY_2] },
  ],
  ["by prefix with one KMS key, no cache", { namePrefix: "teams/a/", kmsKeyArns: [KEY_2], cache: false }, { prefix: "teams/a/", kmsKeyArns: [KEY_2] }],
  // Off, the stack does not check the keys' region either (credentialsProblems() returns early).
  ["off (a key of another region is then not checked)", { enabled: false, kmsKeyArns: [KEY_US] }, undefined],
];

/** [case, settings, module message, stack field and message]. */
const INVALID: Array<[string, SecretsManager | Record<string, string>, RegExp, RegExp]> = [
  [
    "an aws: tag key",
    { tag: { key: "aws:x", value: "y" } },
    /credentials_secret_tag\.key must be a tag key of 1-128 characters, not starting with aws:/,
    /tag\.key: got "aws:x"/,
  ],
  ["a tag without its value", { tag: { key: "team" } }, /credentials_secret_tag needs both key and value/, /tag\.value: .*expected string/i],
  [
    "a wildcard in the prefix",
    { namePrefix: "jenkins/*" },
    /credentials_secret_name_prefix must be characters of a Secrets Manager secret name/,
    /namePrefix: got "jenkins\/\*"/,
  ],
  [
    "a key alias",
    { kmsKeyArns: ["alias/jenkins"] },
    /each item of credentials_kms_key_arns must be a KMS key ARN/,
    /kmsKeyArns\.0: got "alias\/jenkins"; must be a KMS key ARN/,
  ],
  // Rules reading the provider's partition, region or account_id (a plan of their own below).
  [
    "a key of another partition",
    { kmsKeyArns: [KEY.replace("arn:aws:", "arn:aws-cn:")] },
    /credentials_kms_key_arns must be ARNs of the provider's partition/,
    /kmsKeyArns\.0: .*partition aws-cn/,
  ],
  ["a key of another region", { kmsKeyArns: [KEY_US] }, /credentials_kms_key_arns must be keys in the provider's region/, /kmsKeyArns\.0: .*is in us-east-1/],
  [
    "a key of another account",
    { kmsKeyArns: [KEY.replace(ACCOUNT, "210987654321")] },
    /credentials_kms_key_arns must be keys of account_id/,
    /kmsKeyArns\.0: .*belongs to account 210987654321/,
  ],
];

const stackConfig = (sm: SecretsManager) => configWith({ credentials: { secretsManager: sm }, agents: { spotCluster: true, templates: TEMPLATES } });

describe("the stack's schema rejects what the module's validations reject", () => {
  test.each(INVALID.map(([name, sm, , stack]) => [name, sm, stack] as const))("%s", (_name, sm, message) => {
    expect(problemsOf({ accountId: ACCOUNT, credentials: { secretsManager: sm } })).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
  });
  test("off, a key of another region is accepted by both", () => {
    expect(stackConfig({ enabled: false, kmsKeyArns: [KEY_US] }).credentials.secretsManager.kmsKeyArns).toEqual([KEY_US]);
  });
});

describeTerraform("registry module build credentials (offline terraform plan)", () => {
  const planner = new ModulePlanner(BASE);
  // The valid cases as module calls of one root: one plan and one show for all of them (each
  // starts the provider, which is most of their time); each case reads its own call's part.
  let valid: ModulePlan | undefined;
  const planOf = (i: number): ModulePlan => {
    valid ??= planner.planCalls("credentials", Object.fromEntries(CASES.map(([, sm], j) => [`credentials_${j}`, inputsFor(sm)])));
    return callView(valid, `credentials_${i}`);
  };
  beforeAll(() => planner.setUp(), 300_000);
  afterAll(() => planner.tearDown());

  test.each(CASES.map(([name], i) => [name, i] as const))(
    "%s: the module's JCasC equals the stack's, and the task role reads exactly the allowed secrets",
    async (_name, i) => {
      const [, sm, claim] = CASES[i];
      const plan = planOf(i);
      const yaml = parse(plan.planned_values.outputs.jcasc_yaml.value as string);
      expect(yaml).toEqual(JSON.parse(JSON.stringify(jcascDocument(stackConfig(sm)))));
      const policy = plannedRolePolicy(plan, "build-credentials") as IamPolicy | undefined;
      if (!claim) {
        expect(policy).toBeUndefined();
        expect(yaml.unclassified.awsCredentialsProvider).toBeUndefined();
        return;
      }
      expect(policy).toBeDefined();
      await expectReadsExactlyCredentialSecrets([policy!], claim);
      // The tag and the cache reach the plugin's configuration as written.
      const provider = yaml.unclassified.awsCredentialsProvider;
      expect(provider.cache).toBe(sm.cache ?? true);
      expect(provider.listSecrets.filters).toEqual([
        { key: "name", values: [claim.prefix] },
        ...(claim.tag
          ? [
              { key: "tag-key", values: [claim.tag.key] },
              { key: "tag-value", values: [claim.tag.value] },
            ]
          : []),
      ]);
    },
    300_000,
  );

  // The invalid cases in two plans, each case in its own module call: Terraform checks each call's
  // inputs on their own and reports each failed validation with the call it failed in. The rules
  // reading the provider's partition, region or account_id are evaluated only once no
  // single-variable rule failed in the plan, so those cases have their own plan.
  const READS_PROVIDER = [4, 5, 6];
  let invalid: Array<{ status: number; stdout: string; stderr: string }> | undefined;
  const invalidPlans = () => {
    const calls = (provider: boolean) =>
      Object.fromEntries(INVALID.flatMap(([, sm], i) => (READS_PROVIDER.includes(i) === provider ? [[`invalid_${i}`, inputsFor(sm)]] : [])));
    const plan = (dir: string) => terraform(dir, ["plan", "-input=false", "-lock=false", "-refresh=false", "-no-color"], FAKE_CREDENTIALS);
    invalid ??= [plan(planner.callsRoot("invalid-single", calls(false))), plan(planner.callsRoot("invalid-provider", calls(true)))];
    return invalid;
  };

  test("the plans of the invalid cases fail before a plan is printed", () => {
    for (const r of invalidPlans()) {
      expect(r.status).not.toBe(0);
      expect(r.stdout).not.toMatch(/Terraform will perform the following actions/);
    }
  }, 300_000);

  test.each(INVALID.map(([name, , message], i) => [name, i, message] as const))(
    "invalid: %s fails the plan with the module's message",
    (_name, i, message) => {
      const errors = errorsInCall(
        invalidPlans().map((r) => r.stderr),
        `invalid_${i}`,
      );
      expect(errors.length).toBeGreaterThan(0);
      expect(errors.some((e) => message.test(e))).toBe(true);
    },
    300_000,
  );
});
