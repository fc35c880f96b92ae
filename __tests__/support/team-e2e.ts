/**
 * Test support for the emulator end-to-end (__tests__/e2e/e2e.moto.test.ts), issue 18: the team
 * settings the deployed `jenkins` stack gets (sign-in through OpenID Connect with the client
 * secret in Secrets Manager, build credentials from Secrets Manager by prefix and tag, jobs from
 * repositories), the secrets a team brings (created in the emulator before the apply), and what
 * the emulator holds after the apply, read back through its AWS APIs with boto3: the controller's
 * task definition (DescribeTaskDefinition), its task and execution roles' policies (inline:
 * ListRolePolicies + GetRolePolicy; managed: ListAttachedRolePolicies + GetPolicy +
 * GetPolicyVersion), every secret with its tags, and ListSecrets with the plugin's filters.
 */
import { boto3Run } from "../../tools/emulator/moto-server";
import type { IamPolicy } from "./iam-simulate";

/** Name of the Secrets Manager secret with the OpenID Connect client secret (outside the credentials prefix). */
export const OIDC_SECRET_NAME = "sso/jenkins-oidc-client";
/** `credentials.secretsManager.namePrefix` and `.tag`. */
export const CREDENTIALS_PREFIX = "ci/credentials/";
export const CREDENTIALS_TAG = { key: "jenkins:instance", value: "ci" } as const;

const TYPE = "jenkins:credentials:type";
const USER = "jenkins:credentials:username";

/**
 * The secrets the team brings: name -> tags. What each is for, with what Jenkins' ListSecrets
 * call (filters name, tag-key, tag-value: each a case-sensitive prefix match, the two tag
 * filters matched independently, by the Secrets Manager API reference and by moto 5.2) and IAM
 * (the task role's ReadCredentialSecrets: the name prefix in the ARN, `StringEquals` on the
 * ResourceTag) decide: see {@link LISTED} and {@link READABLE}.
 */
export const TEAM_SECRETS: Record<string, Record<string, string>> = {
  // Prefix and tag: listed and readable (the credentials the jobs below clone with).
  [`${CREDENTIALS_PREFIX}github-token`]: { [CREDENTIALS_TAG.key]: "ci", [TYPE]: "usernamePassword", [USER]: "x-access-token" },
  [`${CREDENTIALS_PREFIX}deploy-key`]: { [CREDENTIALS_TAG.key]: "ci", [TYPE]: "sshUserPrivateKey", [USER]: "git" },
  // Prefix, no tag / the tag with another value: neither.
  [`${CREDENTIALS_PREFIX}untagged`]: { [TYPE]: "string" },
  [`${CREDENTIALS_PREFIX}prod-token`]: { [CREDENTIALS_TAG.key]: "prod", [TYPE]: "string" },
  // Prefix, the tag's value as a prefix of another value ("cicd"), or the key with another value
  // and the value on another key: listed (prefix matches, key and value matched apart), not readable.
  [`${CREDENTIALS_PREFIX}cicd-token`]: { [CREDENTIALS_TAG.key]: "cicd", [TYPE]: "string" },
  [`${CREDENTIALS_PREFIX}mixed`]: { [CREDENTIALS_TAG.key]: "prod", team: "ci", [TYPE]: "string" },
  // Tagged, but not the prefix (another name; the prefix in another case): neither.
  "prod/database": { [CREDENTIALS_TAG.key]: "ci", [TYPE]: "string" },
  "CI/credentials/github-token": { [CREDENTIALS_TAG.key]: "ci", [TYPE]: "string" },
  // The sign-in client secret: only the execution role reads it (as an ECS secret).
  [OIDC_SECRET_NAME]: {},
};
/** What ListSecrets with the plugin's filters returns, sorted. */
export const LISTED = ["ci/credentials/cicd-token", "ci/credentials/deploy-key", "ci/credentials/github-token", "ci/credentials/mixed"];
/** What the task role may read (GetSecretValue), sorted. */
export const READABLE = ["ci/credentials/deploy-key", "ci/credentials/github-token"];
/** What the task role may decrypt through Secrets Manager: the `SecretARN` context has the prefix (no tag condition on kms:Decrypt). */
export const DECRYPTABLE = [
  "ci/credentials/cicd-token",
  "ci/credentials/deploy-key",
  "ci/credentials/github-token",
  "ci/credentials/mixed",
  "ci/credentials/prod-token",
  "ci/credentials/untagged",
];

/** The repositories of `jobs`: a multibranch pipeline over https and a Job DSL seed job over ssh, each with a credential above. */
export const REPOSITORIES = [
  { name: "platform-pipelines", url: "https://github.com/acme/platform-pipelines.git", credentialsId: "github-token" },
  { name: "seed", url: "git@github.com:acme/jenkins-jobs.git", credentialsId: "deploy-key", kind: "jobDsl", branch: "main" },
];

/** The team sections of vars.json for the e2e's deploy: `auth`, `credentials`, `jobs`. */
export function teamSettings(oidcSecretArn: string): Record<string, unknown> {
  return {
    auth: {
      mode: "oidc",
      oidc: {
        issuer: "https://login.example.com/realms/acme",
        clientId: "jenkins-e2e",
        clientSecret: { secretsManagerArn: oidcSecretArn },
        scopes: ["openid", "profile", "email", "groups"],
      },
      adminGroups: ["platform-admins"],
      developerGroups: ["developers"],
    },
    credentials: { secretsManager: { namePrefix: CREDENTIALS_PREFIX, tag: { ...CREDENTIALS_TAG } } },
    jobs: { repositories: REPOSITORIES },
  };
}

const CREATE_PY = String.raw`
import json
sm = c("secretsmanager")
out = {}
for name, tags in json.loads(sys.argv[3]).items():
    kw = {"Tags": [{"Key": k, "Value": v} for k, v in tags.items()]} if tags else {}
    out[name] = sm.create_secret(Name=name, SecretString="e2e value of " + name, **kw)["ARN"]
print(json.dumps(out))
`;

/** Creates {@link TEAM_SECRETS} in the emulator; returns name -> ARN (with Secrets Manager's random suffix). */
export function createTeamSecrets(endpoint: string, region: string): Record<string, string> {
  return JSON.parse(boto3Run(endpoint, region, CREATE_PY, [JSON.stringify(TEAM_SECRETS)])) as Record<string, string>;
}

/** A secret as ListSecrets returns it. */
export interface HeldSecret {
  readonly name: string;
  readonly arn: string;
  readonly tags: Record<string, string>;
}

const SECRETS_PY = String.raw`
def secrets(filters):
    out = []
    for page in c("secretsmanager").get_paginator("list_secrets").paginate(Filters=filters):
        out += [{"name": s["Name"], "arn": s["ARN"], "tags": {t["Key"]: t["Value"] for t in s.get("Tags", [])}} for s in page["SecretList"]]
    return sorted(out, key=lambda s: s["name"])
`;

const READ_PY = String.raw`
import json, urllib.parse
${SECRETS_PY}
ecs, iam = c("ecs"), c("iam")
td = ecs.describe_task_definition(taskDefinition=sys.argv[3])["taskDefinition"]
def doc(d):
    return d if isinstance(d, dict) else json.loads(urllib.parse.unquote(d))
def policies(role_arn):
    role = role_arn.split("/")[-1]
    out = {}
    for name in iam.list_role_policies(RoleName=role)["PolicyNames"]:
        out["inline " + name] = doc(iam.get_role_policy(RoleName=role, PolicyName=name)["PolicyDocument"])
    for a in iam.list_attached_role_policies(RoleName=role)["AttachedPolicies"]:
        version = iam.get_policy(PolicyArn=a["PolicyArn"])["Policy"]["DefaultVersionId"]
        out["managed " + a["PolicyName"]] = doc(iam.get_policy_version(PolicyArn=a["PolicyArn"], VersionId=version)["PolicyVersion"]["Document"])
    return out
print(json.dumps({
    "containerDefinitions": td["containerDefinitions"],
    "taskRole": {"arn": td["taskRoleArn"], "policies": policies(td["taskRoleArn"])},
    "executionRole": {"arn": td["executionRoleArn"], "policies": policies(td["executionRoleArn"])},
    "secrets": secrets([]),
}, default=str))
`;

/** A role of the task definition and its stored policies (name prefixed `inline ` or `managed `). */
export interface HeldRole {
  readonly arn: string;
  readonly policies: Record<string, IamPolicy>;
}

/** What the emulator holds of the team setup after the apply. */
export interface HeldTeamSetup {
  /** The controller task definition's containerDefinitions, as DescribeTaskDefinition returns them. */
  readonly containerDefinitions: Array<Record<string, unknown>>;
  readonly taskRole: HeldRole;
  readonly executionRole: HeldRole;
  /** Every secret of the region. */
  readonly secrets: HeldSecret[];
}

/** Reads {@link HeldTeamSetup} for the task definition family `family` (its latest active revision). */
export function readTeamSetup(endpoint: string, region: string, family: string): HeldTeamSetup {
  return JSON.parse(boto3Run(endpoint, region, READ_PY, [family])) as HeldTeamSetup;
}

/** ListSecrets with the filters as JCasC gives them to the plugin (`{ key, values }`); every page. */
export function listSecrets(endpoint: string, region: string, filters: Array<{ key: string; values: string[] }>): HeldSecret[] {
  const py = `import json\n${SECRETS_PY}\nprint(json.dumps(secrets([{"Key": f["key"], "Values": f["values"]} for f in json.loads(sys.argv[3])])))`;
  return JSON.parse(boto3Run(endpoint, region, py, [JSON.stringify(filters)])) as HeldSecret[];
}
