/**
 * The team parts of the JCasC document (issue 18): the security realm (local users or the
 * oic-auth plugin's OpenID Connect realm with the local admin as its escape hatch), the
 * authorization strategy (matrix-auth's global matrix by provider groups), the AWS Secrets
 * Manager credentials provider and the jobs seeded from repositories.
 *
 * Plain functions of plain values, like jcasc.ts: secrets are `${ENV}` placeholders that
 * the controller's environment and ECS secrets fill. The keys are the plugins' JCasC
 * attributes for the versions pinned in lib/constructs/image/controller-image.ts; the test
 * (__tests__/team-jcasc.test.ts) checks every key against the bound fields listed there.
 */
import { repositoryScriptPath } from "../../config/jobs";
import type { JcascCredentialsInput, JcascMatrixInput, JcascNumber, JcascOidcInput, JcascRepositoryInput } from "./jcasc-input";

/** Environment variables the team parts refer to (besides the admin user and password). */
export const TEAM_JCASC_ENV = {
  /** The OpenID Connect client secret (an ECS secret from Secrets Manager or SSM). */
  oidcClientSecret: "OIDC_CLIENT_SECRET",
} as const;

const ref = (name: string) => `\${${name}}`;

/** Permissions (matrix-auth `Group/Permission` ids) of each role. */
export const ROLE_PERMISSIONS = {
  admin: ["Overall/Administer"],
  developer: ["Overall/Read", "Job/Read", "Job/Build", "Job/Cancel", "Job/Workspace", "Run/Replay", "View/Read"],
  reader: ["Overall/Read", "Job/Read", "View/Read"],
} as const;

/** The `serverConfiguration` of the `oic` realm: discovery from the issuer, or manual endpoints. */
export function oicServerConfiguration(oidc: JcascOidcInput): Record<string, unknown> {
  const scopes = oidc.scopes.join(" ");
  return oidc.endpoints
    ? {
        manual: {
          issuer: oidc.issuer,
          authorizationServerUrl: oidc.endpoints.authorization,
          tokenServerUrl: oidc.endpoints.token,
          jwksServerUrl: oidc.endpoints.jwks,
          ...(oidc.endpoints.userInfo ? { userInfoServerUrl: oidc.endpoints.userInfo } : {}),
          ...(oidc.endpoints.endSession ? { endSessionUrl: oidc.endpoints.endSession } : {}),
          scopes,
        },
      }
    : { wellKnown: { wellKnownOpenIDConfigurationUrl: `${oidc.issuer}/.well-known/openid-configuration`, scopesOverride: scopes } };
}

/**
 * The `oic` security realm (oic-auth plugin). `serverConfiguration` replaces the one derived
 * from `oidc` (the registry module passes a Terraform expression choosing between the two).
 */
export function oicRealm(
  oidc: JcascOidcInput,
  breakGlass: { userEnv: string; passwordEnv: string; group: string },
  serverConfiguration: object = oicServerConfiguration(oidc),
): Record<string, unknown> {
  return {
    oic: {
      serverConfiguration,
      clientId: oidc.clientId,
      clientSecret: ref(TEAM_JCASC_ENV.oidcClientSecret),
      userNameField: oidc.usernameClaim,
      groupsFieldName: oidc.groupsClaim,
      fullNameFieldName: oidc.fullNameClaim,
      emailFieldName: oidc.emailClaim,
      // Sign-out also ends the provider session (when it publishes an end-session endpoint).
      logoutFromOpenidProvider: true,
      // Jenkins' URL comes from JCasC (unclassified.location), never from request headers.
      rootURLFromRequest: false,
      disableSslVerification: false,
      // CLI and REST calls with a user's API token work without a browser session.
      allowTokenAccessWithoutOicSession: true,
      properties: [
        // PKCE on the authorization code flow.
        "pkce",
        // The break-glass account: the local admin and its SSM password, at /securityRealm/escapeHatch.
        { escapeHatch: { username: ref(breakGlass.userEnv), secret: ref(breakGlass.passwordEnv), group: breakGlass.group } },
      ],
    },
  };
}

/** matrix-auth's `globalMatrix` for the configured groups; the break-glass group administers. */
export function globalMatrix(auth: JcascMatrixInput): Record<string, unknown> {
  const entries: Record<string, unknown>[] = [matrixEntry(auth.breakGlassGroup, "admin")];
  for (const g of auth.adminGroups) entries.push(matrixEntry(g, "admin"));
  for (const g of auth.developerGroups) entries.push(matrixEntry(g, "developer"));
  for (const g of auth.readerGroups) entries.push(matrixEntry(g, "reader"));
  return { globalMatrix: { entries } };
}

/** One `globalMatrix` entry: a group and its role's permissions. */
export function matrixEntry(group: string, role: keyof typeof ROLE_PERMISSIONS): Record<string, unknown> {
  return { group: { name: group, permissions: [...ROLE_PERMISSIONS[role]] } };
}

/** `unclassified.awsCredentialsProvider` (aws-secrets-manager-credentials-provider plugin), or undefined when off. */
export function awsCredentialsProvider(credentials: JcascCredentialsInput, regionEnv: string): Record<string, unknown> | undefined {
  const sm = credentials.secretsManager;
  if (!sm.enabled) return undefined;
  const filters: { key: string; values: string[] }[] = [{ key: "name", values: [sm.namePrefix] }];
  if (sm.tag) filters.push({ key: "tag-key", values: [sm.tag.key] }, { key: "tag-value", values: [sm.tag.value] });
  return {
    cache: sm.cache,
    client: { region: ref(regionEnv) },
    // ListSecrets filters run server-side; `name` is a prefix match.
    listSecrets: { filters },
    // Credential ids are the names without the prefix (ids allow only [a-zA-Z0-9_.-]).
    transformations: { name: { removePrefix: { prefix: sm.namePrefix } } },
  };
}

const q = (s: string) => `'${s.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;

/** A Jenkins cron schedule polling about every `minutes` minutes, spread by H. */
export function pollSchedule(minutes: number): string {
  if (minutes < 60) return `H/${minutes} * * * *`;
  return `H H/${Math.min(24, Math.round(minutes / 60))} * * *`;
}

function schedule(minutes: JcascNumber): string {
  if (typeof minutes !== "number") throw new Error(`repositoryJob: scanIntervalMinutes ${minutes} is an expression; pass its scmSchedule`);
  return pollSchedule(minutes);
}

/**
 * Job DSL of one repository's job. `scmSchedule` is the seed job's polling schedule; the
 * registry module passes its Terraform expression, the stack leaves it to pollSchedule().
 */
export function repositoryJob(r: JcascRepositoryInput, scmSchedule?: string): string {
  const script = repositoryScriptPath(r);
  const interval = r.scanIntervalMinutes;
  if (r.kind === "multibranch") {
    return [
      `multibranchPipelineJob(${q(r.name)}) {`,
      `  description(${q(`Every branch of ${r.url} with a ${script}; managed by serverless-jenkins-cdktf (jobs.repositories).`)})`,
      "  branchSources {",
      "    git {",
      `      id(${q(`${r.name}-source`)})`,
      `      remote(${q(r.url)})`,
      ...(r.credentialsId ? [`      credentialsId(${q(r.credentialsId)})`] : []),
      "    }",
      "  }",
      `  factory { workflowBranchProjectFactory { scriptPath(${q(script)}) } }`,
      `  triggers { periodicFolderTrigger { interval(${q(`${interval}m`)}) } }`,
      "  orphanedItemStrategy { discardOldItems { numToKeep(20) } }",
      "}",
    ].join("\n");
  }
  return [
    `job(${q(r.name)}) {`,
    `  description(${q(`Seed job: runs the Job DSL scripts ${script} of ${r.url} (${r.branch}); managed by serverless-jenkins-cdktf (jobs.repositories).`)})`,
    "  scm {",
    "    git {",
    "      remote {",
    `        url(${q(r.url)})`,
    ...(r.credentialsId ? [`        credentials(${q(r.credentialsId)})`] : []),
    "      }",
    `      branch(${q(r.branch)})`,
    "    }",
    "  }",
    `  triggers { scm(${q(scmSchedule ?? schedule(interval))}) }`,
    "  steps {",
    "    dsl {",
    `      external(${q(script)})`,
    "      removeAction('DELETE')",
    "      removeViewAction('DELETE')",
    "    }",
    "  }",
    "}",
  ].join("\n");
}

/** Job DSL of every repository's job ("" when there are none). */
export function repositoryJobsDsl(repositories: readonly JcascRepositoryInput[]): string {
  return repositories.map((r) => repositoryJob(r)).join("\n\n");
}
