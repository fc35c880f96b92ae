/**
 * The emulator end-to-end's expectations of the team setup (issue 18), judged on what the
 * emulator holds after the apply (__tests__/support/team-e2e.ts reads it), never on the
 * synthesized JSON: the controller's task definition (the OpenID Connect client secret as an
 * ECS secret by its ARN; the JCasC document decoded from CASC_YAML_GZIP_BASE64 as Jenkins gets
 * it), ListSecrets with the filters that JCasC gives the credentials provider plugin, and the
 * stored role policies evaluated with the IAM policy simulator (__tests__/support/iam-simulate.ts).
 */
import { KEY, expectReadsExactlyCredentialSecrets, viaSecretsManager } from "./credential-claims";
import { IamPolicy, decide } from "./iam-simulate";
import { containerDefinitionsAsJenkinsSeesThem } from "./module-state-move-expectations";
import {
  CREDENTIALS_PREFIX,
  CREDENTIALS_TAG,
  DECRYPTABLE,
  HeldSecret,
  HeldTeamSetup,
  LISTED,
  OIDC_SECRET_NAME,
  READABLE,
  REPOSITORIES,
  TEAM_SECRETS,
  listSecrets,
} from "./team-e2e";

/** The parts of the JCasC document judged here. */
interface JcascDocument {
  jenkins: { securityRealm: Record<string, unknown>; authorizationStrategy: Record<string, unknown> };
  unclassified: { awsCredentialsProvider?: { listSecrets: { filters: Array<{ key: string; values: string[] }> } } & Record<string, unknown> };
  jobs?: Array<{ script: string }>;
}

/** The controller container as Jenkins sees it (the JCasC decoded), from the task definition the emulator holds. */
export function heldController(held: HeldTeamSetup): {
  environment: Array<{ name: string; value: string }>;
  secrets: Array<{ name: string; valueFrom: string }>;
  jcascDocument: JcascDocument;
} {
  const defs = containerDefinitionsAsJenkinsSeesThem(JSON.stringify(held.containerDefinitions)) as Array<ReturnType<typeof heldController>>;
  const withJcasc = defs.filter((d) => d.jcascDocument !== undefined);
  if (withJcasc.length !== 1) throw new Error(`expected one container with CASC_YAML_GZIP_BASE64, found ${withJcasc.length}`);
  return withJcasc[0];
}

/**
 * The task definition: OIDC_CLIENT_SECRET from the secret's ARN (ECS reads it at start; the
 * value appears nowhere in the definition); the JCasC realm, matrix, credentials provider and jobs.
 */
export function expectTeamTaskDefinition(held: HeldTeamSetup, oidcSecretArn: string): void {
  const c = heldController(held);
  expect(c.secrets).toEqual(expect.arrayContaining([{ name: "OIDC_CLIENT_SECRET", valueFrom: oidcSecretArn }]));
  expect(c.environment.map((e) => e.name)).not.toContain("OIDC_CLIENT_SECRET");
  expect(JSON.stringify(held.containerDefinitions)).not.toContain("e2e value of");

  const doc = c.jcascDocument;
  expect(doc.jenkins.securityRealm).toEqual({
    oic: expect.objectContaining({
      serverConfiguration: {
        wellKnown: {
          wellKnownOpenIDConfigurationUrl: "https://login.example.com/realms/acme/.well-known/openid-configuration",
          scopesOverride: "openid profile email groups",
        },
      },
      clientId: "jenkins-e2e",
      clientSecret: "${OIDC_CLIENT_SECRET}",
      userNameField: "preferred_username",
      groupsFieldName: "groups",
      properties: ["pkce", { escapeHatch: { username: "${JENKINS_ADMIN_USER}", secret: "${JENKINS_ADMIN_PASSWORD}", group: "jenkins-break-glass" } }],
    }),
  });
  expect(doc.jenkins.authorizationStrategy).toEqual({
    globalMatrix: {
      entries: [
        { group: { name: "jenkins-break-glass", permissions: ["Overall/Administer"] } },
        { group: { name: "platform-admins", permissions: ["Overall/Administer"] } },
        {
          group: {
            name: "developers",
            permissions: ["Overall/Read", "Job/Read", "Job/Build", "Job/Cancel", "Job/Workspace", "Run/Replay", "View/Read"],
          },
        },
      ],
    },
  });
  expect(doc.unclassified.awsCredentialsProvider).toEqual({
    cache: true,
    client: { region: "${AWS_REGION}" },
    listSecrets: {
      filters: [
        { key: "name", values: ["ci/credentials/"] },
        { key: "tag-key", values: ["jenkins:instance"] },
        { key: "tag-value", values: ["ci"] },
      ],
    },
    transformations: { name: { removePrefix: { prefix: "ci/credentials/" } } },
  });
  // The repositories' jobs, and no example jobs (a repository is given).
  expect(doc.jobs).toHaveLength(1);
  const script = doc.jobs![0].script;
  for (const line of [
    "multibranchPipelineJob('platform-pipelines') {",
    "      remote('https://github.com/acme/platform-pipelines.git')",
    "      credentialsId('github-token')",
    "  factory { workflowBranchProjectFactory { scriptPath('Jenkinsfile') } }",
    "job('seed') {",
    "        url('git@github.com:acme/jenkins-jobs.git')",
    "        credentials('deploy-key')",
    "      branch('main')",
    "      external('jobs/**/*.groovy')",
  ])
    expect(script.split("\n")).toContain(line);
  expect(script).not.toContain("simple-job-");
}

/**
 * ListSecrets in the emulator with exactly the filters JCasC gives the plugin returns
 * {@link LISTED}; the credential ids the jobs use (names without the prefix) are among them.
 */
export function expectListedCredentials(held: HeldTeamSetup, endpoint: string, region: string): HeldSecret[] {
  expect(held.secrets.map((s) => s.name)).toEqual(Object.keys(TEAM_SECRETS).sort());
  const filters = heldController(held).jcascDocument.unclassified.awsCredentialsProvider!.listSecrets.filters;
  const listed = listSecrets(endpoint, region, filters);
  expect(listed.map((s) => s.name)).toEqual(LISTED);
  const ids = listed.map((s) => s.name.slice(CREDENTIALS_PREFIX.length));
  for (const r of REPOSITORIES) expect(ids).toContain(r.credentialsId);
  return listed;
}

/** The request context of a GetSecretValue on `secret`: its tags as Secrets Manager exposes them to IAM. */
const tagContext = (secret: HeldSecret) => Object.fromEntries(Object.entries(secret.tags).map(([k, v]) => [`secretsmanager:ResourceTag/${k}`, v]));

/** The names of `secrets` for which `decision` is Allowed. */
async function allowed(secrets: HeldSecret[], decision: (s: HeldSecret) => Promise<string>): Promise<string[]> {
  const out: string[] = [];
  for (const s of secrets) if ((await decision(s)) === "Allowed") out.push(s.name);
  return out;
}

/**
 * The stored policies, simulated: the task role reads exactly {@link READABLE} of the secrets
 * the emulator holds (their ARNs and tags as held), decrypts only through Secrets Manager and
 * only for the prefixed ones, and satisfies the claim the synthesized policies are held to
 * (credential-claims.ts); the execution role reads the sign-in client secret and no credential.
 */
export async function expectStoredRolePolicies(held: HeldTeamSetup): Promise<void> {
  const policyNames = (role: typeof held.taskRole) => Object.keys(role.policies).sort();
  expect(policyNames(held.taskRole)).toEqual(expect.arrayContaining(["inline build-credentials", "inline controller-task"]));
  expect(policyNames(held.executionRole)).toEqual(expect.arrayContaining(["inline controller-execution", "inline sign-in-client-secret"]));
  const task: IamPolicy[] = Object.values(held.taskRole.policies);
  const execution: IamPolicy[] = Object.values(held.executionRole.policies);

  const read = (policies: IamPolicy[]) => (s: HeldSecret) => decide(policies, "secretsmanager:GetSecretValue", s.arn, tagContext(s));
  expect(await allowed(held.secrets, read(task))).toEqual(READABLE);
  expect(await allowed(held.secrets, (s) => decide(task, "kms:Decrypt", KEY, viaSecretsManager(s.arn)))).toEqual(DECRYPTABLE);
  expect(await allowed(held.secrets, (s) => decide(task, "kms:Decrypt", KEY, { "kms:EncryptionContext:SecretARN": s.arn }))).toEqual([]);
  await expectReadsExactlyCredentialSecrets(task, { prefix: CREDENTIALS_PREFIX, tag: { ...CREDENTIALS_TAG } });

  expect(await allowed(held.secrets, read(execution))).toEqual([OIDC_SECRET_NAME]);
}
