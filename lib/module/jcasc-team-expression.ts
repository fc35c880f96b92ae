/**
 * The team parts of the module's JCasC (issue 18) as Terraform expressions over `var.auth` and
 * `var.jobs`, written by the stack's builders (lib/constructs/controller/jcasc.ts,
 * jcasc-team.ts) run with markers: the security realm and authorization strategy of the chosen
 * mode, and the Job DSL of the repositories. Cognito becomes the OpenID Connect provider it is
 * as lib/config/auth.ts resolvedOidc() says (claims and issuer taken from it, not restated).
 */
import { resolvedOidc } from "../config/auth";
import { repositoryScriptPath } from "../config/jobs";
import { localAuthorizationStrategy, localSecurityRealm, oidcSecurityRealm } from "../constructs/controller/jcasc";
import type { JcascCredentialsInput, JcascOidcInput, JcascRepositoryInput } from "../constructs/controller/jcasc-input";
import { awsCredentialsProvider, matrixEntry, oicServerConfiguration, repositoryJob } from "../constructs/controller/jcasc-team";
import { HclExpr, hclInline, hclString, marker } from "./hcl";

/** The resolved OpenID Connect settings (null with mode local), a module local. */
export const AUTH_OIDC_LOCAL = "local.auth_oidc";

/** An object of optional keys kept only when `condition` holds. */
export function onlyIf(condition: string, entries: Record<string, unknown>): string {
  return `{ for kk, vv in ${hclInline(entries)} : kk => vv if ${condition} }`;
}

/** `local.auth_oidc`: lib/config/auth.ts resolvedOidc() in Terraform. */
export function authOidcExpression(): string {
  // Cognito's fixed claims and issuer form, from resolvedOidc() on a sample pool.
  const pool = "zz-sample-9_Pool";
  const sample = resolvedOidc({
    mode: "cognito",
    cognito: { userPoolId: pool, clientId: "c", clientSecret: { ssmParameter: "/p" }, scopes: ["openid"] },
    adminGroups: [],
    developerGroups: [],
    readerGroups: [],
    breakGlassGroup: "g",
  });
  if (!sample) throw new Error("lib/config/auth.ts resolvedOidc(): expected settings for mode cognito");
  const c = "var.auth.cognito";
  const issuer = sample.issuer
    .split(pool)
    .join("\u0000")
    .split(pool.split("_")[0])
    .join(`\${split("_", ${c}.user_pool_id)[0]}`)
    .split("\u0000")
    .join(`\${${c}.user_pool_id}`);
  const o = "var.auth.oidc";
  const fromOidc = `{ issuer = ${o}.issuer, client_id = ${o}.client_id, scopes = ${o}.scopes, username_claim = ${o}.username_claim, groups_claim = ${o}.groups_claim, full_name_claim = ${o}.full_name_claim, email_claim = ${o}.email_claim, endpoints = ${o}.endpoints, client_secret = ${o}.client_secret }`;
  const fromCognito = `{ issuer = "${issuer}", client_id = ${c}.client_id, scopes = ${c}.scopes, username_claim = ${hclString(sample.usernameClaim)}, groups_claim = ${hclString(sample.groupsClaim)}, full_name_claim = ${hclString(sample.fullNameClaim)}, email_claim = ${hclString(sample.emailClaim)}, endpoints = null, client_secret = ${c}.client_secret }`;
  return `var.auth.mode == "oidc" && ${o} != null ? ${fromOidc} : var.auth.mode == "cognito" && ${c} != null ? ${fromCognito} : null`;
}

/** A field of local.auth_oidc, "" (or null) when there is none: the realm is evaluated in every mode. */
const oidcField = (path: string, dflt = '""') => marker(`try(${AUTH_OIDC_LOCAL}.${path}, ${dflt})`);

function symbolicOidc(withEndpoints: boolean): JcascOidcInput {
  const endpoint = (k: string) => oidcField(`endpoints.${k}`, "null");
  return {
    issuer: oidcField("issuer"),
    clientId: oidcField("client_id"),
    // oicRealm() joins the scopes with spaces; the join is Terraform's here.
    scopes: [marker(`join(" ", try(${AUTH_OIDC_LOCAL}.scopes, []))`)],
    usernameClaim: oidcField("username_claim"),
    groupsClaim: oidcField("groups_claim"),
    fullNameClaim: oidcField("full_name_claim"),
    emailClaim: oidcField("email_claim"),
    ...(withEndpoints
      ? {
          endpoints: {
            authorization: endpoint("authorization"),
            token: endpoint("token"),
            jwks: endpoint("jwks"),
            userInfo: endpoint("user_info"),
            endSession: endpoint("end_session"),
          },
        }
      : {}),
  };
}

/** `jenkins.securityRealm`: local, or the oic realm with discovery or manual endpoints. */
export function securityRealmExpression(): HclExpr {
  const hasEndpoints = `try(${AUTH_OIDC_LOCAL}.endpoints, null) != null`;
  const manual = oicServerConfiguration(symbolicOidc(true));
  const wellKnown = oicServerConfiguration(symbolicOidc(false));
  // Unset optional endpoints are left out, as the stack leaves them out.
  const manualFiltered = Object.fromEntries(Object.entries(manual).map(([k, v]) => [k, new HclExpr(`{ for k, v in ${hclInline(v)} : k => v if v != null }`)]));
  const serverConfiguration = new HclExpr(`merge(${onlyIf(`!(${hasEndpoints})`, wellKnown)}, ${onlyIf(hasEndpoints, manualFiltered)})`);
  const oic = oidcSecurityRealm(symbolicOidc(false), marker("var.auth.break_glass_group"), serverConfiguration);
  return new HclExpr(`merge(${onlyIf(`${AUTH_OIDC_LOCAL} == null`, localSecurityRealm())}, ${onlyIf(`${AUTH_OIDC_LOCAL} != null`, oic)})`);
}

/** `jenkins.authorizationStrategy`: local, or matrix-auth's global matrix by the groups of var.auth. */
export function authorizationExpression(): HclExpr {
  const a = "var.auth";
  const entries = new HclExpr(
    `concat([${hclInline(matrixEntry(marker(`${a}.break_glass_group`), "admin"))}], ${(["admin", "developer", "reader"] as const)
      .map((role) => `[for g in ${a}.${role}_groups : ${hclInline(matrixEntry(marker("g"), role))}]`)
      .join(", ")})`,
  );
  return new HclExpr(
    `merge(${onlyIf(`${AUTH_OIDC_LOCAL} == null`, localAuthorizationStrategy())}, ${onlyIf(`${AUTH_OIDC_LOCAL} != null`, { globalMatrix: { entries } })})`,
  );
}

/** lib/constructs/controller/jcasc-team.ts pollSchedule() for `r.scan_interval_minutes`. */
export const POLL_SCHEDULE = `r.scan_interval_minutes < 60 ? "H/\${r.scan_interval_minutes} * * * *" : "H H/\${min(24, floor(r.scan_interval_minutes / 60 + 0.5))} * * *"`;

/** The Job DSL of the repositories of var.jobs, as a list expression (one string per repository). */
export function repositoryJobsExpression(): string {
  const variant = (kind: JcascRepositoryInput["kind"], credentials: boolean) => {
    const r: JcascRepositoryInput = {
      name: marker("r.name"),
      url: marker("r.url"),
      ...(credentials ? { credentialsId: marker("r.credentials_id") } : {}),
      kind,
      branch: marker("r.branch"),
      scriptPath: marker(`coalesce(r.script_path, ${hclString(repositoryScriptPath({ kind }))})`),
      scanIntervalMinutes: marker("r.scan_interval_minutes"),
    };
    return hclInline(repositoryJob(r, marker(POLL_SCHEDULE)));
  };
  const byCredentials = (kind: JcascRepositoryInput["kind"]) => `(r.credentials_id != null ? ${variant(kind, true)} : ${variant(kind, false)})`;
  return `[for r in var.jobs.repositories : r.kind == "jobDsl" ? ${byCredentials("jobDsl")} : ${byCredentials("multibranch")}]`;
}

/** The module's build credentials settings as the stack's shape (markers); the tag is switched by credentialsProviderExpression(). */
export const SYMBOLIC_CREDENTIALS: JcascCredentialsInput = {
  secretsManager: { enabled: true, namePrefix: marker("var.credentials_secret_name_prefix"), cache: marker("var.credentials_cache") },
};

/**
 * `unclassified.awsCredentialsProvider` with build credentials on: the stack's
 * awsCredentialsProvider() without and with a tag, its tag filters kept only when
 * var.credentials_secret_tag is set. Everything else must be the same in both.
 */
export function credentialsProviderExpression(regionEnv: string): Record<string, unknown> {
  const tagVar = "var.credentials_secret_tag";
  const sm = SYMBOLIC_CREDENTIALS.secretsManager;
  const base = awsCredentialsProvider(SYMBOLIC_CREDENTIALS, regionEnv);
  const tagged = awsCredentialsProvider({ secretsManager: { ...sm, tag: { key: marker(`${tagVar}.key`), value: marker(`${tagVar}.value`) } } }, regionEnv);
  if (!base || !tagged) throw new Error("lib/constructs/controller/jcasc-team.ts awsCredentialsProvider(): expected a provider with build credentials on");
  type WithFilters = { listSecrets: { filters: unknown[] } };
  const filters = (p: Record<string, unknown>) => (p as WithFilters).listSecrets.filters;
  const [plain, withTag] = [filters(base), filters(tagged)];
  const extra = withTag.slice(plain.length);
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const withoutFilters = (p: Record<string, unknown>) => ({ ...p, listSecrets: { ...(p as WithFilters).listSecrets, filters: [] } });
  if (!same(withTag.slice(0, plain.length), plain) || extra.length === 0 || !same(withoutFilters(base), withoutFilters(tagged)))
    throw new Error("lib/constructs/controller/jcasc-team.ts awsCredentialsProvider(): a tag should only append listSecrets filters");
  const filterList = new HclExpr(`concat(${hclInline(plain)}, ${tagVar} == null ? [] : ${hclInline(extra)})`);
  return { ...base, listSecrets: { ...(base as WithFilters).listSecrets, filters: filterList } };
}
