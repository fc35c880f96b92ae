/**
 * `auth`: sign-in and group-based authorization (lib/config/auth.ts) as one object variable.
 * Attribute rules come from the schema; the cross-field rules of authProblems() are written
 * here as validations, each with its message; region and account are the provider's region
 * (data.aws_region, Terraform >= 1.9) and `account_id` when it is given.
 */
import { fieldInfo } from "../zod-terraform";
import { ObjectAttribute, leafPaths, objectType, objectValidations } from "./object-variable";
import { ModuleValidation, ModuleVariable, rename } from "./variable";

/** A rule's message as a sentence. */
export const sentence = (m: string) => (/[.?!]$/.test(m) ? m : `${m}.`);

const secret = (path: string): ObjectAttribute => ({
  path,
  children: [{ path: `${path}.secretsManagerArn` }, { path: `${path}.jsonKey` }, { path: `${path}.ssmParameter` }],
});

/** The attributes of `auth`, as the schema names them. */
export const AUTH_ATTRIBUTES: ObjectAttribute[] = [
  { path: "auth.mode" },
  {
    path: "auth.oidc",
    children: [
      { path: "auth.oidc.issuer" },
      { path: "auth.oidc.clientId" },
      secret("auth.oidc.clientSecret"),
      { path: "auth.oidc.scopes" },
      { path: "auth.oidc.usernameClaim" },
      { path: "auth.oidc.groupsClaim" },
      { path: "auth.oidc.fullNameClaim" },
      { path: "auth.oidc.emailClaim" },
      {
        path: "auth.oidc.endpoints",
        children: ["authorization", "token", "jwks", "userInfo", "endSession"].map((k) => ({ path: `auth.oidc.endpoints.${k}` })),
      },
    ],
  },
  {
    path: "auth.cognito",
    children: [{ path: "auth.cognito.userPoolId" }, { path: "auth.cognito.clientId" }, secret("auth.cognito.clientSecret"), { path: "auth.cognito.scopes" }],
  },
  { path: "auth.adminGroups" },
  { path: "auth.developerGroups" },
  { path: "auth.readerGroups" },
  { path: "auth.breakGlassGroup" },
];

const A = "var.auth";
const GROUPS = `concat(${A}.admin_groups, ${A}.developer_groups, ${A}.reader_groups)`;
/** The provider section of the chosen mode, as a list of zero or one. */
const SECTIONS = `[for s in [${A}.oidc, ${A}.cognito] : s if s != null]`;
const host = (url: string) => `try(regex("^https://([^/]+)", ${url})[0], ${url})`;

/** The cross-field rules of lib/config/auth.ts authProblems(), with its messages. */
function authRules(): Array<[string, string]> {
  const e = `${A}.oidc.endpoints`;
  return [
    [`${A}.mode == "oidc" || ${A}.oidc == null`, "auth.oidc is only used with auth.mode oidc; remove it or set mode to oidc"],
    [`${A}.mode == "cognito" || ${A}.cognito == null`, "auth.cognito is only used with auth.mode cognito; remove it or set mode to cognito"],
    [
      `${A}.mode != "local" || length(${GROUPS}) == 0`,
      "groups need a sign-in provider; with auth.mode local the only user is admin_user (set mode to oidc or cognito)",
    ],
    [`${A}.mode != "oidc" || ${A}.oidc != null`, "auth.oidc is required with auth.mode oidc"],
    [`${A}.mode != "cognito" || ${A}.cognito != null`, "auth.cognito is required with auth.mode cognito"],
    [
      `${A}.mode == "local" || length(${A}.admin_groups) > 0`,
      "give at least one group of administrators in auth.admin_groups with auth.mode oidc or cognito; without it only the break-glass account could administer Jenkins",
    ],
    [
      `length(distinct(${GROUPS})) == length(${GROUPS})`,
      "a group appears more than once in admin_groups, developer_groups and reader_groups; give each group one role",
    ],
    [
      `!contains(${GROUPS}, ${A}.break_glass_group)`,
      "auth.break_glass_group is also an identity-provider group; the break-glass group must be one no provider user can have",
    ],
    [
      `!contains(${GROUPS}, "authenticated") && !contains(${GROUPS}, "anonymous")`,
      '"authenticated" and "anonymous" are Jenkins built-ins, not provider groups; name the provider\'s groups',
    ],
    [`alltrue([for s in ${SECTIONS} : contains(s.scopes, "openid")])`, 'the scopes must include "openid"; without it the provider issues no ID token'],
    [`alltrue([for s in ${SECTIONS} : length(distinct(s.scopes)) == length(s.scopes)])`, "scopes must be distinct"],
    [
      `alltrue([for s in ${SECTIONS} : length([for x in [s.client_secret.secrets_manager_arn, s.client_secret.ssm_parameter] : x if x != null]) == 1])`,
      "client_secret: give exactly one of secrets_manager_arn and ssm_parameter; the value itself never goes in the configuration",
    ],
    [
      `alltrue([for s in ${SECTIONS} : s.client_secret.json_key == null || s.client_secret.secrets_manager_arn != null])`,
      "client_secret.json_key only with secrets_manager_arn (an SSM parameter holds one value)",
    ],
    // Region and account: the provider's region (data.aws_region, Terraform >= 1.9) and account_id when given.
    [
      `alltrue([for s in ${SECTIONS} : alltrue([for a in [s.client_secret.secrets_manager_arn, s.client_secret.ssm_parameter] : try(split(":", a)[3] == data.aws_region.current.name, true) if try(startswith(a, "arn:"), false)])])`,
      "client_secret must be in the provider's region; the controller reads it through that region's endpoints",
    ],
    [
      `var.account_id == null || alltrue([for s in ${SECTIONS} : alltrue([for a in [s.client_secret.secrets_manager_arn, s.client_secret.ssm_parameter] : try(split(":", a)[4] == var.account_id, true) if try(startswith(a, "arn:"), false)])])`,
      "client_secret must belong to account_id",
    ],
    [
      `${A}.cognito == null ? true : split("_", ${A}.cognito.user_pool_id)[0] == data.aws_region.current.name`,
      "auth.cognito.user_pool_id must be a pool of the provider's region",
    ],
    [
      `${A}.oidc == null ? true : !endswith(${A}.oidc.issuer, "/")`,
      "auth.oidc.issuer: drop the trailing slash; the issuer must equal the tokens' iss claim exactly",
    ],
    [`${A}.oidc == null ? true : !strcontains(${A}.oidc.issuer, "/.well-known/")`, "auth.oidc.issuer: give the issuer, not its discovery document URL"],
    [
      `try(${e} == null, true) ? true : ${host(`${e}.authorization`)} == ${host(`${e}.token`)}`,
      "auth.oidc.endpoints: the token endpoint host differs from the authorization endpoint host; both belong to one provider",
    ],
    [
      `try(${e} == null, true) ? true : alltrue([for v in values(${e}) : v == null ? true : trimsuffix(v, "/") != trimsuffix(${A}.oidc.issuer, "/")])`,
      "auth.oidc.endpoints: an endpoint is the issuer itself, not an endpoint",
    ],
  ];
}

/** Sign-in and authorization (one object, as the `auth` section of vars.json). */
export function authVariables(): ModuleVariable[] {
  const validations: ModuleValidation[] = [
    ...objectValidations(AUTH_ATTRIBUTES, A, "auth"),
    ...authRules().map(([condition, m]) => ({ condition, errorMessage: sentence(m) })),
  ];
  return [
    {
      name: "auth",
      schemaPaths: ["auth", ...leafPaths(AUTH_ATTRIBUTES)],
      type: objectType(AUTH_ATTRIBUTES),
      description: rename(
        `${fieldInfo("auth").description} Attributes as in the \`auth\` section of vars.json (docs/team-setup.md), in snake case: \`mode\` (local, oidc, cognito), \`oidc\` (\`issuer\`, \`client_id\`, \`client_secret\` = { \`secrets_manager_arn\` [, \`json_key\`] or \`ssm_parameter\` }, \`scopes\`, claims, \`endpoints\`), \`cognito\` (\`user_pool_id\`, \`client_id\`, \`client_secret\`, \`scopes\`), \`admin_groups\`, \`developer_groups\`, \`reader_groups\`, \`break_glass_group\`. Default: local sign-in with admin_user.`,
      ),
      required: false,
      default: {},
      nullable: false,
      validations,
    },
  ];
}
