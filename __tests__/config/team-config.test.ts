/**
 * Issue 18 configuration: `auth`, `credentials`, `jobs` (lib/config/{auth,credentials,jobs}.ts).
 * Every rejected value names the field, the value and the rule.
 */
import { resolvedOidc } from "../../lib/config/auth";
import { exampleJobsEnabled } from "../../lib/config/jobs";
import { configWith, problemsOf } from "../support/project";

const SM_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:jenkins/oidc-AbCdEf";
const oidc = (over: Record<string, unknown> = {}, rest: Record<string, unknown> = {}) => ({
  auth: {
    mode: "oidc",
    oidc: { issuer: "https://login.example.com/realms/acme", clientId: "jenkins", clientSecret: { secretsManagerArn: SM_ARN }, ...over },
    adminGroups: ["admins"],
    ...rest,
  },
});

describe("defaults", () => {
  test("local sign-in, Secrets Manager credentials under jenkins/, no repositories, example jobs on", () => {
    const c = configWith();
    expect(c.auth).toEqual({ mode: "local", adminGroups: [], developerGroups: [], readerGroups: [], breakGlassGroup: "jenkins-break-glass" });
    expect(c.credentials.secretsManager).toEqual({ enabled: true, namePrefix: "jenkins/", kmsKeyArns: [], cache: true });
    expect(c.jobs).toEqual({ repositories: [] });
    expect(exampleJobsEnabled(c.jobs)).toBe(true);
    expect(resolvedOidc(c.auth)).toBeUndefined();
  });

  test("examples default off with a repository, and can be forced on", () => {
    const repo = { name: "apps", url: "https://github.com/acme/apps.git" };
    expect(exampleJobsEnabled(configWith({ jobs: { repositories: [repo] } }).jobs)).toBe(false);
    expect(exampleJobsEnabled(configWith({ jobs: { examples: true, repositories: [repo] } }).jobs)).toBe(true);
    expect(configWith({ jobs: { repositories: [repo] } }).jobs.repositories[0]).toMatchObject({ kind: "multibranch", branch: "main", scanIntervalMinutes: 15 });
  });

  test("cognito resolves to its pool's issuer and the cognito: claims (quoted for JMESPath)", () => {
    const c = configWith({
      auth: { mode: "cognito", cognito: { userPoolId: "eu-west-1_AbC123", clientId: "abc123", clientSecret: { ssmParameter: "/x/y" } }, adminGroups: ["a"] },
    });
    expect(resolvedOidc(c.auth)).toMatchObject({
      issuer: "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123",
      groupsClaim: '"cognito:groups"',
      usernameClaim: '"cognito:username"',
      scopes: ["openid", "profile", "email"],
    });
  });
});

describe("auth validation", () => {
  test.each([
    ["an http issuer", oidc({ issuer: "http://login.example.com" }), /^auth\.oidc\.issuer: got "http:\/\/login\.example\.com"; must be an https:\/\/ URL/],
    ["an issuer with a trailing slash", oidc({ issuer: "https://login.example.com/" }), /^auth\.oidc\.issuer: .*.*drop the trailing slash/],
    [
      "the discovery URL as issuer",
      oidc({ issuer: "https://login.example.com/.well-known/openid-configuration" }),
      /^auth\.oidc\.issuer: .*.*not its discovery document/,
    ],
    ["scopes without openid", oidc({ scopes: ["profile"] }), /^auth\.oidc\.scopes: .*.*must include "openid" \(got \["profile"\]\)/],
    [
      "two secret sources",
      oidc({ clientSecret: { secretsManagerArn: SM_ARN, ssmParameter: "/x" } }),
      /^auth\.oidc\.clientSecret: .*.*exactly one of secretsManagerArn and ssmParameter \(got 2\)/,
    ],
    ["no secret source", oidc({ clientSecret: {} }), /^auth\.oidc\.clientSecret: .*.*exactly one .*\(got 0\)/],
    ["a secret value instead of a reference", oidc({ clientSecret: "s3cr3t" }), /^auth\.oidc\.clientSecret: got "s3cr3t"/],
    [
      "a malformed Secrets Manager ARN",
      oidc({ clientSecret: { secretsManagerArn: "arn:aws:ssm:eu-west-1:123456789012:parameter/x" } }),
      /^auth\.oidc\.clientSecret\.secretsManagerArn: got .*must be a Secrets Manager secret ARN/,
    ],
    [
      "a secret in another region",
      oidc({ clientSecret: { secretsManagerArn: SM_ARN.replace("eu-west-1", "us-east-1") } }),
      /^auth\.oidc\.clientSecret\.secretsManagerArn: .*.*in region us-east-1, but the stack is in eu-west-1/,
    ],
    [
      "a secret of another account",
      oidc({ clientSecret: { ssmParameter: "arn:aws:ssm:eu-west-1:999999999999:parameter/x" } }),
      /^auth\.oidc\.clientSecret\.ssmParameter: .*.*account 999999999999, not accountId 123456789012/,
    ],
    ["jsonKey with SSM", oidc({ clientSecret: { ssmParameter: "/x", jsonKey: "k" } }), /^auth\.oidc\.clientSecret\.jsonKey: .*.*only with secretsManagerArn/],
    ["no admin group", oidc({}, { adminGroups: [] }), /^auth\.adminGroups: .*.*at least one group of administrators/],
    ["a group with two roles", oidc({}, { developerGroups: ["admins"] }), /group "admins" appears in more than one/],
    [
      "the break-glass group as a provider group",
      oidc({}, { readerGroups: ["jenkins-break-glass"] }),
      /^auth\.breakGlassGroup: .*.*"jenkins-break-glass" is also an identity-provider group/,
    ],
    ["a $ in a group (JCasC would substitute it)", oidc({}, { adminGroups: ["${ADMIN}"] }), /^auth\.adminGroups\.0: got "\$\{ADMIN\}"; .*or \$/],
    ["oidc settings without mode oidc", { auth: { oidc: oidc().auth.oidc } }, /^auth\.oidc: .*only used with auth\.mode oidc \(mode is local\)/],
    ["groups with local sign-in", { auth: { adminGroups: ["admins"] } }, /^auth\.adminGroups: .*groups need a sign-in provider/],
    ["mode oidc without settings", { auth: { mode: "oidc", adminGroups: ["a"] } }, /^auth\.oidc: .*.*required with auth\.mode oidc/],
    [
      "endpoints of two providers",
      oidc({ endpoints: { authorization: "https://a.example.com/auth", token: "https://b.example.com/token", jwks: "https://a.example.com/jwks" } }),
      /^auth\.oidc\.endpoints\.token: .*.*token endpoint host b\.example\.com differs from the authorization endpoint host a\.example\.com/,
    ],
    [
      "an http endpoint",
      oidc({ endpoints: { authorization: "http://a.example.com/auth", token: "https://a.example.com/token", jwks: "https://a.example.com/jwks" } }),
      /^auth\.oidc\.endpoints\.authorization: got "http:\/\/a\.example\.com\/auth"; must be an https:\/\/ URL/,
    ],
    [
      "a Cognito pool of another region",
      { auth: { mode: "cognito", cognito: { userPoolId: "us-east-1_AbC", clientId: "abc", clientSecret: { ssmParameter: "/x" } }, adminGroups: ["a"] } },
      /^auth\.cognito\.userPoolId: the pool is in us-east-1, the stack in eu-west-1/,
    ],
    [
      "a malformed Cognito pool id",
      { auth: { mode: "cognito", cognito: { userPoolId: "AbC", clientId: "abc", clientSecret: { ssmParameter: "/x" } }, adminGroups: ["a"] } },
      /^auth\.cognito\.userPoolId: got "AbC"; must be a Cognito user pool id/,
    ],
  ])("rejects %s", (_what, overrides, message) => {
    const problems = problemsOf(overrides as Record<string, unknown>);
    expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
  });

  test("accepts manual endpoints of one provider, and an SSM parameter name", () => {
    const c = configWith(
      oidc({
        clientSecret: { ssmParameter: "/jenkins/oidc" },
        endpoints: { authorization: "https://a.example.com/auth", token: "https://a.example.com/token", jwks: "https://keys.example.net/jwks" },
      }),
    );
    expect(resolvedOidc(c.auth)!.endpoints!.jwks).toBe("https://keys.example.net/jwks");
  });
});

describe("credentials validation", () => {
  test.each([
    [
      "a wildcard prefix",
      { credentials: { secretsManager: { namePrefix: "jenkins/*" } } },
      /^credentials\.secretsManager\.namePrefix: got "jenkins\/\*"; must be characters of a Secrets Manager secret name/,
    ],
    [
      "a prefix with characters secret names cannot have",
      { credentials: { secretsManager: { namePrefix: "jenkins secrets" } } },
      /^credentials\.secretsManager\.namePrefix: got "jenkins secrets"; must be characters of a Secrets Manager secret name/,
    ],
    ["an aws: tag key", { credentials: { secretsManager: { tag: { key: "aws:x", value: "y" } } } }, /^credentials\.secretsManager\.tag\.key: got "aws:x"/],
    [
      "a key alias instead of a key ARN",
      { credentials: { secretsManager: { kmsKeyArns: ["alias/jenkins"] } } },
      /^credentials\.secretsManager\.kmsKeyArns\.0: got "alias\/jenkins"; must be a KMS key ARN/,
    ],
    [
      "a key of another region",
      { credentials: { secretsManager: { kmsKeyArns: ["arn:aws:kms:us-east-1:123456789012:key/0f1e2d3c-4b5a-4697-8877-665544332211"] } } },
      /^credentials\.secretsManager\.kmsKeyArns\.0: .*.*is in us-east-1, the stack and its secrets in eu-west-1/,
    ],
  ])("rejects %s", (_what, overrides, message) => {
    expect(problemsOf(overrides)).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
  });
});

describe("jobs validation", () => {
  const repo = (over: Record<string, unknown>) => ({ jobs: { repositories: [{ name: "apps", url: "https://github.com/acme/apps.git", ...over }] } });
  test.each([
    ["a non-git URL", repo({ url: "ftp://x/y" }), /^jobs\.repositories\.0\.url: got "ftp:\/\/x\/y"; must be a git URL/],
    [
      "an ssh URL without a credential",
      repo({ url: "git@github.com:acme/apps.git" }),
      /^jobs\.repositories\.0\.credentialsId: .*git@github\.com:acme\/apps\.git is an ssh URL/,
    ],
    [
      "a credential while Secrets Manager is off",
      { ...repo({ credentialsId: "gh" }), credentials: { secretsManager: { enabled: false } } },
      /^jobs\.repositories\.0\.credentialsId: must be a credential from Secrets Manager/,
    ],
    [
      "a credential id with a slash",
      repo({ credentialsId: "jenkins/gh" }),
      /^jobs\.repositories\.0\.credentialsId: got "jenkins\/gh"; must be a Jenkins credential id/,
    ],
    ["a wildcard Jenkinsfile", repo({ scriptPath: "ci/*.groovy" }), /^jobs\.repositories\.0\.scriptPath: a multibranch pipeline reads one script/],
    ["a path leaving the repository", repo({ kind: "jobDsl", scriptPath: "../x.groovy" }), /^jobs\.repositories\.0\.scriptPath: must be relative/],
    [
      "an example job's name while examples are on",
      { jobs: { examples: true, repositories: [{ name: "simple-job-critical-task", url: "https://github.com/a/b.git" }] } },
      /is an example job's name/,
    ],
  ])("rejects %s", (_what, overrides, message) => {
    expect(problemsOf(overrides)).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
  });

  test("rejects two repositories with one name", () => {
    const url = "https://github.com/acme/apps.git";
    expect(
      problemsOf({
        jobs: {
          repositories: [
            { name: "a", url },
            { name: "a", url },
          ],
        },
      }),
    ).toEqual(expect.arrayContaining([expect.stringMatching(/^jobs\.repositories\.1\.name: duplicate job name/)]));
  });
});
