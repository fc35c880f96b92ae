/**
 * `auth`: how people sign in to Jenkins and what their groups may do. Imported by
 * lib/config/schema.ts. The mechanism is Jenkins' own OpenID Connect security realm (the
 * oic-auth plugin), not the ALB's authenticate actions: see docs/team-setup.md "Sign-in".
 */
import { z } from "zod";
import { SecretReferenceSchema, secretReferenceProblems } from "./secret-reference";

// No `$` anywhere: JCasC would read `${...}` as a variable to substitute.
const HTTPS_URL = /^https:\/\/[A-Za-z0-9.-]+(:\d{1,5})?(\/[^\s?#$]*)?$/;
const GROUP = /^[^\s,:$]{1,256}$/;
const CLAIM = /^[^\s$]{1,256}$/;
const claim = (def: string, what: string) =>
  z.string().regex(CLAIM, "must be a JMESPath expression of 1-256 characters without spaces or $").default(def).describe(what);
const groupList = (what: string) =>
  z
    .array(z.string().regex(GROUP, "must be a group name as the identity provider sends it: 1-256 characters, no spaces, commas, colons or $"))
    .default([])
    .describe(what);

const OidcEndpointsSchema = z
  .object({
    authorization: z.string().regex(HTTPS_URL, "must be an https:// URL").describe("Authorization endpoint."),
    token: z.string().regex(HTTPS_URL, "must be an https:// URL").describe("Token endpoint."),
    jwks: z.string().regex(HTTPS_URL, "must be an https:// URL").describe("JSON Web Key Set endpoint (verifies the ID token's signature)."),
    userInfo: z.string().regex(HTTPS_URL, "must be an https:// URL").optional().describe("UserInfo endpoint. Unset: claims come from the ID token only."),
    endSession: z.string().regex(HTTPS_URL, "must be an https:// URL").optional().describe("End-session endpoint (single sign-out)."),
  })
  .strict();

const OidcSchema = z
  .object({
    issuer: z
      .string()
      .regex(HTTPS_URL, "must be an https:// URL without query or fragment, like https://login.example.com/realms/acme")
      .describe(
        "Issuer URL of the OpenID Connect provider (the `iss` of its tokens). Its discovery document is read from `<issuer>/.well-known/openid-configuration` unless `endpoints` are given.",
      ),
    clientId: z
      .string()
      .regex(/^[^\s$]{1,256}$/, "must be 1-256 characters without spaces or $")
      .describe("Client id of the Jenkins application at the provider."),
    clientSecret: SecretReferenceSchema.describe("Where the client secret is kept: Secrets Manager or SSM Parameter Store; never the value."),
    scopes: z
      .array(z.string().regex(/^[\x21\x23-\x5B\x5D-\x7E]{1,128}$/, "must be an OAuth scope token (printable characters, no spaces or quotes)"))
      .default(["openid", "profile", "email"])
      .describe("Scopes Jenkins asks for; must include `openid` (add the provider's groups scope if it needs one)."),
    usernameClaim: claim("preferred_username", "Claim (a JMESPath expression) that becomes the Jenkins user id."),
    groupsClaim: claim("groups", "Claim (a JMESPath expression) with the user's groups; the groups below are matched against it."),
    fullNameClaim: claim("name", "Claim with the user's display name."),
    emailClaim: claim("email", "Claim with the user's e-mail address."),
    endpoints: OidcEndpointsSchema.optional().describe("Manual endpoints for a provider without a discovery document. Unset: discovery from the issuer."),
  })
  .strict();

const CognitoSchema = z
  .object({
    userPoolId: z
      .string()
      .regex(/^[a-z]{2}(-gov)?-[a-z]+-\d_[A-Za-z0-9]{1,55}$/, "must be a Cognito user pool id like eu-west-1_AbCdEfGhI")
      .describe("Existing Cognito user pool; its issuer is https://cognito-idp.<region>.amazonaws.com/<userPoolId>."),
    clientId: z
      .string()
      .regex(/^[a-z0-9]{1,128}$/, "must be a Cognito app client id (lower-case letters and digits)")
      .describe("App client of the pool, with a client secret, the authorization code grant and the callback URL `<jenkins url>/securityRealm/finishLogin`."),
    clientSecret: SecretReferenceSchema.describe("Where the app client's secret is kept: Secrets Manager or SSM Parameter Store; never the value."),
    scopes: z
      .array(z.string().regex(/^[\x21\x23-\x5B\x5D-\x7E]{1,128}$/, "must be an OAuth scope token"))
      .default(["openid", "profile", "email"])
      .describe("Scopes Jenkins asks for; must include `openid` and be allowed on the app client."),
  })
  .strict();

export const AuthSchema = z
  .object({
    mode: z
      .enum(["local", "oidc", "cognito"])
      .default("local")
      .describe(
        "`local`: one Jenkins user (`controller.adminUser`, password from SSM). `oidc`: sign-in through any OpenID Connect provider. `cognito`: through an existing Cognito user pool. With `oidc`/`cognito` the local admin stays as the break-glass account.",
      ),
    oidc: OidcSchema.optional().describe("OpenID Connect provider; required with mode `oidc`."),
    cognito: CognitoSchema.optional().describe("Cognito user pool and app client; required with mode `cognito`."),
    adminGroups: groupList("Groups whose members administer Jenkins (Overall/Administer). At least one with `oidc`/`cognito`."),
    developerGroups: groupList("Groups whose members read everything and run, cancel and replay builds, but change no configuration."),
    readerGroups: groupList("Groups whose members may only read jobs, builds and logs."),
    breakGlassGroup: z
      .string()
      .regex(GROUP, "must be 1-256 characters, no spaces, commas, colons or $")
      .default("jenkins-break-glass")
      .describe(
        "Group given to the break-glass account (`controller.adminUser`, signing in at `/securityRealm/escapeHatch`); it holds Overall/Administer. Must not be a group of the identity provider.",
      ),
  })
  .strict()
  .describe("Sign-in and group-based authorization.");

export type AuthConfig = z.output<typeof AuthSchema>;

/** The OpenID Connect settings Jenkins gets, whichever provider kind was chosen. */
export interface ResolvedOidc {
  readonly issuer: string;
  readonly clientId: string;
  readonly scopes: string[];
  readonly usernameClaim: string;
  readonly groupsClaim: string;
  readonly fullNameClaim: string;
  readonly emailClaim: string;
  readonly endpoints?: z.output<typeof OidcEndpointsSchema>;
  readonly clientSecret: z.output<typeof SecretReferenceSchema>;
}

/** The provider settings of `oidc` or `cognito` (Cognito as the OpenID Connect provider it is); undefined with `local`. */
export function resolvedOidc(auth: AuthConfig): ResolvedOidc | undefined {
  if (auth.mode === "oidc" && auth.oidc) return { ...auth.oidc };
  if (auth.mode === "cognito" && auth.cognito) {
    const c = auth.cognito;
    const region = c.userPoolId.split("_")[0];
    return {
      issuer: `https://cognito-idp.${region}.amazonaws.com/${c.userPoolId}`,
      clientId: c.clientId,
      scopes: c.scopes,
      // Cognito's claim names contain a colon: a JMESPath quoted identifier.
      usernameClaim: '"cognito:username"',
      groupsClaim: '"cognito:groups"',
      fullNameClaim: "name",
      emailClaim: "email",
      clientSecret: c.clientSecret,
    };
  }
  return undefined;
}

type Issue = (path: (string | number)[], message: string) => void;

/** Cross-field rules of `auth` (called from the root schema's superRefine). */
export function authProblems(auth: AuthConfig, ctx: { region: string; accountId?: string }, issue: Issue): void {
  const p = (...rest: (string | number)[]) => ["auth", ...rest];
  if (auth.mode !== "oidc" && auth.oidc) issue(p("oidc"), `only used with auth.mode oidc (mode is ${auth.mode}); remove it or set mode to oidc`);
  if (auth.mode !== "cognito" && auth.cognito) issue(p("cognito"), `only used with auth.mode cognito (mode is ${auth.mode}); remove it or set mode to cognito`);
  if (auth.mode === "local") {
    for (const k of ["adminGroups", "developerGroups", "readerGroups"] as const)
      if (auth[k].length > 0)
        issue(p(k), `groups need a sign-in provider; with auth.mode local the only user is controller.adminUser (set mode to oidc or cognito)`);
    return;
  }
  const section = auth.mode;
  if (!auth[section]) {
    issue(p(section), `required with auth.mode ${section}`);
    return;
  }
  if (auth.adminGroups.length === 0)
    issue(
      p("adminGroups"),
      `give at least one group of administrators with auth.mode ${section}; without it only the break-glass account could administer Jenkins`,
    );
  const all = [...auth.adminGroups, ...auth.developerGroups, ...auth.readerGroups];
  all.forEach((g, i) => {
    if (all.indexOf(g) !== i)
      issue(p("readerGroups"), `group "${g}" appears in more than one of adminGroups, developerGroups and readerGroups; give each group one role`);
  });
  if (all.includes(auth.breakGlassGroup))
    issue(p("breakGlassGroup"), `"${auth.breakGlassGroup}" is also an identity-provider group; the break-glass group must be one no provider user can have`);
  for (const g of all)
    if (g === "authenticated" || g === "anonymous") issue(p("adminGroups"), `"${g}" is a Jenkins built-in, not a provider group; name the provider's groups`);

  const scopes = auth[section]!.scopes;
  if (!scopes.includes("openid"))
    issue(p(section, "scopes"), `must include "openid" (got ${JSON.stringify(scopes)}); without it the provider issues no ID token`);
  if (new Set(scopes).size !== scopes.length) issue(p(section, "scopes"), "scopes must be distinct");

  for (const prob of secretReferenceProblems(auth[section]!.clientSecret, ctx))
    issue(prob.field ? p(section, "clientSecret", prob.field) : p(section, "clientSecret"), prob.message);

  if (section === "cognito") {
    const region = auth.cognito!.userPoolId.split("_")[0];
    if (region !== ctx.region) issue(p("cognito", "userPoolId"), `the pool is in ${region}, the stack in ${ctx.region}; use a pool of the stack's region`);
  }
  if (section === "oidc") {
    const o = auth.oidc!;
    if (o.issuer.endsWith("/")) issue(p("oidc", "issuer"), "drop the trailing slash; the issuer must equal the tokens' iss claim exactly");
    if (o.issuer.includes("/.well-known/")) issue(p("oidc", "issuer"), "give the issuer, not its discovery document URL");
    if (o.endpoints) {
      const host = (u: string) => {
        try {
          return new URL(u).host;
        } catch {
          return u; // the field's own rule reports it
        }
      };
      const e = o.endpoints;
      // Authorization and token endpoints are the provider's; a different host than the issuer
      // happens (e.g. a CDN for JWKS), but authorization and token on two hosts is a typo.
      if (host(e.authorization) !== host(e.token))
        issue(
          p("oidc", "endpoints", "token"),
          `token endpoint host ${host(e.token)} differs from the authorization endpoint host ${host(e.authorization)}; both belong to one provider`,
        );
      for (const [k, v] of Object.entries(e)) {
        if (v && v.replace(/\/$/, "") === o.issuer.replace(/\/$/, "")) issue(p("oidc", "endpoints", k), "is the issuer itself, not an endpoint");
      }
    }
  }
}
