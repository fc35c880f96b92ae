/**
 * Issue 18 in JCasC: the OpenID Connect realm (oic-auth), the global matrix (matrix-auth), the
 * AWS Secrets Manager credentials provider and the repository jobs (job-dsl). Every key is
 * checked against the plugins' bound fields for the pinned versions.
 */
import * as path from "path";
import { parse } from "yaml";
import { loadConfigFile } from "../../../lib/config/load-config";
import { jcascYaml } from "../../../lib/constructs/controller/jcasc";
import { pollSchedule } from "../../../lib/constructs/controller/jcasc-team";
import { PINNED_PLUGINS } from "../../../lib/constructs/image/controller-image";
import { configWith, ROOT } from "../../support/project";

const example = (f: string) => loadConfigFile(path.join(ROOT, "examples", "vars", f));
const doc = (c = configWith()) => parse(jcascYaml(c));

/**
 * The JCasC attributes of each object, read from the plugins' sources at the pinned versions:
 * `@DataBoundConstructor` parameters, `@DataBoundSetter`s and JCasC configurators.
 * A nested spec is an object; `"leaf"` a scalar or list of scalars; `[spec]` a list of objects;
 * `{ $symbol: {...} }` a describable chosen by its symbol.
 */
type Spec = "leaf" | Spec[] | { [key: string]: Spec };
const OIC_REALM: Spec = {
  // oic-auth 4.715.vf202e4229f61, src/main/java/org/jenkinsci/plugins/oic/OicSecurityRealm.java: constructor
  clientId: "leaf",
  clientSecret: "leaf",
  disableSslVerification: "leaf",
  userIdStrategy: "leaf",
  groupIdStrategy: "leaf",
  serverConfiguration: {
    // OicServerWellKnownConfiguration (@Symbol("wellKnown")): constructor + setScopesOverride
    wellKnown: { wellKnownOpenIDConfigurationUrl: "leaf", scopesOverride: "leaf" },
    // OicServerManualConfiguration (@Symbol("manual")): constructor + setters
    manual: {
      issuer: "leaf",
      tokenServerUrl: "leaf",
      authorizationServerUrl: "leaf",
      tokenAuthMethod: "leaf",
      endSessionUrl: "leaf",
      jwksServerUrl: "leaf",
      scopes: "leaf",
      userInfoServerUrl: "leaf",
      useRefreshTokens: "leaf",
    },
  },
  // ... and its @DataBoundSetters
  properties: "leaf", // checked item by item below
  userNameField: "leaf",
  tokenFieldToCheckKey: "leaf",
  tokenFieldToCheckValue: "leaf",
  fullNameFieldName: "leaf",
  emailFieldName: "leaf",
  groupsFieldName: "leaf",
  logoutFromOpenidProvider: "leaf",
  postLogoutRedirectUrl: "leaf",
  rootURLFromRequest: "leaf",
  sendScopesInTokenRequest: "leaf",
  tokenExpirationCheckDisabled: "leaf",
  allowTokenAccessWithoutOicSession: "leaf",
};
/** oic-auth properties: symbol -> constructor parameters (properties/EscapeHatch.java, Pkce.java). */
const OIC_PROPERTIES: Record<string, string[]> = { escapeHatch: ["username", "group", "secret"], pkce: [], disableNonce: [], disableTokenVerification: [] };
// matrix-auth 3.2.8: MatrixAuthorizationStrategyConfigurator ("entries"), DefinitionEntry setters (user/group/userOrGroup), Child(name, permissions)
const CHILD: Spec = { name: "leaf", permissions: "leaf" };
const GLOBAL_MATRIX: Spec = { entries: [{ user: CHILD, group: CHILD, userOrGroup: CHILD }] };
// aws-secrets-manager-credentials-provider 2.222.v376939a_9ffb_b: PluginConfiguration setters, Client constructor/setters,
// ListSecrets(filters), FilterConfigurator ("key", "values"), Transformations(description, name), RemovePrefix(prefix)
const AWS_CREDENTIALS_PROVIDER: Spec = {
  cache: "leaf",
  client: { clientConfiguration: "leaf", credentialsProvider: "leaf", endpointUrl: "leaf", region: "leaf" },
  listSecrets: { filters: [{ key: "leaf", values: "leaf" }] },
  transformations: { description: "leaf", name: { removePrefix: { prefix: "leaf" }, removePrefixes: "leaf", default: "leaf" } },
};

/** Keys of `value` not allowed by `spec`, as dotted paths. */
function unknownKeys(value: unknown, spec: Spec, at: string): string[] {
  if (spec === "leaf") return [];
  if (Array.isArray(spec)) {
    if (!Array.isArray(value)) return [`${at}: expected a list`];
    return value.flatMap((v, i) => unknownKeys(v, spec[0], `${at}[${i}]`));
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) return [`${at}: expected an object`];
  return Object.entries(value).flatMap(([k, v]) => (k in spec ? unknownKeys(v, spec[k], `${at}.${k}`) : [`${at}.${k}`]));
}

function propertyProblems(properties: unknown[]): string[] {
  return properties.flatMap((p, i) => {
    if (typeof p === "string") return p in OIC_PROPERTIES && OIC_PROPERTIES[p].length === 0 ? [] : [`properties[${i}]: ${p}`];
    const [symbol, body] = Object.entries(p as Record<string, Record<string, unknown>>)[0];
    if (!(symbol in OIC_PROPERTIES)) return [`properties[${i}]: ${symbol}`];
    return Object.keys(body)
      .filter((k) => !OIC_PROPERTIES[symbol].includes(k))
      .map((k) => `properties[${i}].${symbol}.${k}`);
  });
}

describe("plugins", () => {
  test("oic-auth, matrix-auth and the Secrets Manager credentials provider are pinned at the versions whose fields are checked here", () => {
    expect(PINNED_PLUGINS).toMatchObject({
      "oic-auth": "4.715.vf202e4229f61",
      "matrix-auth": "3.2.8",
      "aws-secrets-manager-credentials-provider": "2.222.v376939a_9ffb_b",
    });
  });
});

describe("sign-in", () => {
  test("local (default): today's local admin and logged-in-users-can-do-anything, unchanged", () => {
    const d = doc();
    expect(d.jenkins.securityRealm).toEqual({
      local: { allowsSignup: false, users: [{ id: "${JENKINS_ADMIN_USER}", password: "${JENKINS_ADMIN_PASSWORD}" }] },
    });
    expect(d.jenkins.authorizationStrategy).toEqual({ loggedInUsersCanDoAnything: { allowAnonymousRead: false } });
  });

  const oidc = doc(example("oidc-sign-in.json")).jenkins;
  test("oidc: the oic realm with discovery from the issuer, the client secret from the environment, the claims", () => {
    expect(oidc.securityRealm.oic).toMatchObject({
      serverConfiguration: {
        wellKnown: {
          wellKnownOpenIDConfigurationUrl: "https://login.example.com/realms/acme/.well-known/openid-configuration",
          scopesOverride: "openid profile email groups",
        },
      },
      clientId: "jenkins",
      clientSecret: "${OIDC_CLIENT_SECRET}",
      userNameField: "preferred_username",
      groupsFieldName: "groups",
      disableSslVerification: false,
      rootURLFromRequest: false,
      allowTokenAccessWithoutOicSession: true,
    });
    // Nothing secret in the YAML itself.
    expect(jcascYaml(example("oidc-sign-in.json"))).not.toMatch(/client_secret|arn:aws:secretsmanager/);
  });

  test("break-glass: the local admin as the realm's escape hatch, in its own administering group; PKCE on", () => {
    expect(oidc.securityRealm.oic.properties).toEqual([
      "pkce",
      { escapeHatch: { username: "${JENKINS_ADMIN_USER}", secret: "${JENKINS_ADMIN_PASSWORD}", group: "jenkins-break-glass" } },
    ]);
  });

  test("groups: admins administer, developers build and replay but configure nothing, readers only read", () => {
    expect(oidc.authorizationStrategy).toEqual({
      globalMatrix: {
        entries: [
          { group: { name: "jenkins-break-glass", permissions: ["Overall/Administer"] } },
          { group: { name: "platform-admins", permissions: ["Overall/Administer"] } },
          { group: { name: "developers", permissions: ["Overall/Read", "Job/Read", "Job/Build", "Job/Cancel", "Job/Workspace", "Run/Replay", "View/Read"] } },
          { group: { name: "auditors", permissions: ["Overall/Read", "Job/Read", "View/Read"] } },
        ],
      },
    });
    // Nobody anonymous, no blanket grant to every signed-in user.
    expect(JSON.stringify(oidc.authorizationStrategy)).not.toMatch(/anonymous|authenticated/);
  });

  test("cognito: the pool's issuer and the cognito: claims", () => {
    const realm = doc(example("cognito-sign-in.json")).jenkins.securityRealm.oic;
    expect(realm.serverConfiguration.wellKnown.wellKnownOpenIDConfigurationUrl).toBe(
      "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEfGhI/.well-known/openid-configuration",
    );
    expect(realm.groupsFieldName).toBe('"cognito:groups"');
    expect(realm.userNameField).toBe('"cognito:username"');
  });

  test("manual endpoints become the `manual` server configuration", () => {
    const c = configWith({
      auth: {
        mode: "oidc",
        oidc: {
          issuer: "https://a.example.com",
          clientId: "j",
          clientSecret: { ssmParameter: "/x" },
          endpoints: {
            authorization: "https://a.example.com/auth",
            token: "https://a.example.com/token",
            jwks: "https://a.example.com/jwks",
            endSession: "https://a.example.com/logout",
          },
        },
        adminGroups: ["a"],
      },
    });
    expect(doc(c).jenkins.securityRealm.oic.serverConfiguration).toEqual({
      manual: {
        issuer: "https://a.example.com",
        authorizationServerUrl: "https://a.example.com/auth",
        tokenServerUrl: "https://a.example.com/token",
        jwksServerUrl: "https://a.example.com/jwks",
        endSessionUrl: "https://a.example.com/logout",
        scopes: "openid profile email",
      },
    });
  });
});

describe("credentials", () => {
  test("default: the provider lists secrets named jenkins/* and presents them without the prefix", () => {
    expect(doc().unclassified.awsCredentialsProvider).toEqual({
      cache: true,
      client: { region: "${AWS_REGION}" },
      listSecrets: { filters: [{ key: "name", values: ["jenkins/"] }] },
      transformations: { name: { removePrefix: { prefix: "jenkins/" } } },
    });
  });

  test("with a tag: name prefix AND tag key AND tag value", () => {
    expect(doc(example("oidc-sign-in.json")).unclassified.awsCredentialsProvider.listSecrets.filters).toEqual([
      { key: "name", values: ["ci/credentials/"] },
      { key: "tag-key", values: ["jenkins:instance"] },
      { key: "tag-value", values: ["ci"] },
    ]);
  });

  test("off: no provider", () => {
    expect(doc(configWith({ credentials: { secretsManager: { enabled: false } } })).unclassified.awsCredentialsProvider).toBeUndefined();
  });
});

describe("jobs", () => {
  const oidcJobs: string = doc(example("oidc-sign-in.json")).jobs[0].script;

  test("a multibranch pipeline per repository, cloning with the Secrets Manager credential, scanning periodically", () => {
    expect(oidcJobs).toContain("multibranchPipelineJob('platform-pipelines') {");
    expect(oidcJobs).toMatch(
      /branchSources \{\n {4}git \{\n {6}id\('platform-pipelines-source'\)\n {6}remote\('https:\/\/github\.com\/acme\/platform-pipelines\.git'\)\n {6}credentialsId\('github-token'\)/,
    );
    expect(oidcJobs).toContain("factory { workflowBranchProjectFactory { scriptPath('Jenkinsfile') } }");
    expect(oidcJobs).toContain("triggers { periodicFolderTrigger { interval('15m') } }");
  });

  test("a Job DSL seed job reading jobs/**/*.groovy of its branch (script security stays on: no sandbox or approval switch)", () => {
    expect(oidcJobs).toMatch(
      /job\('seed'\) \{[\s\S]*url\('git@github\.com:acme\/jenkins-jobs\.git'\)\n\s+credentials\('github-deploy-key'\)[\s\S]*branch\('main'\)[\s\S]*external\('jobs\/\*\*\/\*\.groovy'\)/,
    );
    expect(oidcJobs).toContain("triggers { scm('H/15 * * * *') }");
    expect(jcascYaml(example("oidc-sign-in.json"))).not.toMatch(/useScriptSecurity|globalJobDslSecurityConfiguration/);
  });

  test("examples off when repositories are given; on when asked for", () => {
    expect(oidcJobs).not.toContain("simple-job-critical-task");
    const cognitoJobs: string = doc(example("cognito-sign-in.json")).jobs[0].script;
    expect(cognitoJobs).toContain("pipelineJob('simple-job-critical-task')");
    expect(cognitoJobs).toContain("multibranchPipelineJob('apps')");
    expect(cognitoJobs).toContain("periodicFolderTrigger { interval('30m') }");
  });

  test("no ${ in any job script (JCasC would substitute it)", () => {
    for (const f of ["oidc-sign-in.json", "cognito-sign-in.json"]) expect(doc(example(f)).jobs[0].script).not.toContain("${");
  });

  test("poll schedules are valid Jenkins cron for short and long intervals", () => {
    expect(pollSchedule(15)).toBe("H/15 * * * *");
    expect(pollSchedule(120)).toBe("H H/2 * * *");
    expect(pollSchedule(1440)).toBe("H H/24 * * *");
  });
});

describe("every key is a bound field of the pinned plugin", () => {
  test.each(["oidc-sign-in.json", "cognito-sign-in.json"])("%s", (f) => {
    const d = doc(example(f));
    const realm = d.jenkins.securityRealm.oic;
    expect(Object.keys(d.jenkins.securityRealm)).toEqual(["oic"]);
    expect(unknownKeys(realm, OIC_REALM, "oic")).toEqual([]);
    expect(propertyProblems(realm.properties)).toEqual([]);
    expect(Object.keys(realm.serverConfiguration)).toHaveLength(1);
    expect(unknownKeys(d.jenkins.authorizationStrategy.globalMatrix, GLOBAL_MATRIX, "globalMatrix")).toEqual([]);
    for (const e of d.jenkins.authorizationStrategy.globalMatrix.entries) expect(Object.keys(e)).toHaveLength(1);
    expect(unknownKeys(d.unclassified.awsCredentialsProvider, AWS_CREDENTIALS_PROVIDER, "awsCredentialsProvider")).toEqual([]);
  });

  test("the checker catches a misspelt key", () => {
    expect(unknownKeys({ clientID: "x" }, OIC_REALM, "oic")).toEqual(["oic.clientID"]);
    expect(propertyProblems([{ escapeHatch: { user: "x" } }, "pkse"])).toEqual(["properties[0].escapeHatch.user", "properties[1]: pkse"]);
  });

  test("matrix permission ids have the Group/Permission form matrix-auth parses", () => {
    const entries = doc(example("oidc-sign-in.json")).jenkins.authorizationStrategy.globalMatrix.entries;
    for (const e of entries)
      for (const p of e.group.permissions) expect(p).toMatch(/^(Overall|Job|Run|View)\/(Administer|Read|Build|Cancel|Workspace|Replay)$/);
  });

  test("the placeholders the team parts add are the client secret, the admin user/password and the region", () => {
    for (const f of ["oidc-sign-in.json", "cognito-sign-in.json"]) {
      const vars = [...new Set([...jcascYaml(example(f)).matchAll(/\$\{([A-Z0-9_]+)\}/g)].map((m) => m[1]))];
      expect(vars).toEqual(expect.arrayContaining(["OIDC_CLIENT_SECRET", "JENKINS_ADMIN_USER", "JENKINS_ADMIN_PASSWORD", "AWS_REGION"]));
    }
  });
});
