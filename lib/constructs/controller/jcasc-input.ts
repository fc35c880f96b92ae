/**
 * What the JCasC builders (jcasc.ts, jcasc-team.ts) read, and nothing else. Each input is a
 * structural subset of the configuration (lib/config/schema.ts), so the stack passes its
 * validated configuration as it is; the registry module (lib/module/jcasc-expression.ts) passes
 * the same shapes with markers (lib/module/hcl.ts) for the values only Terraform knows, without
 * casts: a builder that starts reading a field this file does not list fails to compile.
 */
import type { AuthConfig } from "../../config/auth";
import type { JobsConfig } from "../../config/jobs";

/**
 * A number written into the YAML: a number (the stack), or a marker string standing for a
 * Terraform number expression (the registry module, e.g. `marker("t.cpu")`).
 */
export type JcascNumber = number | string;

/** A boolean written into the YAML: a boolean (the stack), or a marker string standing for a Terraform bool expression (the registry module). */
export type JcascBoolean = boolean | string;

/** One agent template, as agentTemplate() and the example jobs read it. */
export interface JcascTemplateInput {
  readonly label: string;
  readonly spot: boolean;
  readonly cpu: JcascNumber;
  readonly memory: JcascNumber;
  /** The template's own image. @default - the default agent image */
  readonly image?: string;
  /** Present when the stack builds the template's image (only its presence is read). @default - none */
  readonly build?: unknown;
  /** Present when the template has its own task role (only its presence is read). @default - none */
  readonly taskPolicy?: unknown;
  /** Ephemeral storage of the task in GiB. @default - Fargate's 20 GiB */
  readonly ephemeralStorageGiB?: JcascNumber;
}

/** The agent settings the clouds are written from. */
export interface JcascAgentsInput {
  readonly spotCluster: boolean;
  readonly maxAgents: JcascNumber;
  readonly retentionTimeoutMinutes: JcascNumber;
  readonly agentStartTimeoutSeconds: JcascNumber;
  readonly defaultImage: string;
  readonly templates: readonly JcascTemplateInput[];
}

/** The labels the example jobs run on. */
export interface JcascExampleJobsInput {
  readonly agents: { readonly templates: ReadonlyArray<Pick<JcascTemplateInput, "label" | "spot">> };
}

/** The Secrets Manager credentials provider settings awsCredentialsProvider() reads. */
export interface JcascCredentialsInput {
  readonly secretsManager: {
    readonly enabled: boolean;
    readonly namePrefix: string;
    /** @default - no tag filter */
    readonly tag?: { readonly key: string; readonly value: string };
    readonly cache: JcascBoolean;
  };
}

/** The OpenID Connect provider settings of the `oic` realm (lib/config/auth.ts resolvedOidc() without the secret). */
export interface JcascOidcInput {
  readonly issuer: string;
  readonly clientId: string;
  readonly scopes: readonly string[];
  readonly usernameClaim: string;
  readonly groupsClaim: string;
  readonly fullNameClaim: string;
  readonly emailClaim: string;
  /** Manual endpoints. @default - discovery from the issuer */
  readonly endpoints?: {
    readonly authorization: string;
    readonly token: string;
    readonly jwks: string;
    /** @default - claims from the ID token only */
    readonly userInfo?: string;
    /** @default - no single sign-out */
    readonly endSession?: string;
  };
}

/** The groups of the `globalMatrix` authorization. */
export interface JcascMatrixInput {
  readonly breakGlassGroup: string;
  readonly adminGroups: readonly string[];
  readonly developerGroups: readonly string[];
  readonly readerGroups: readonly string[];
}

/** One repository job, as the Job DSL builder reads it. */
export interface JcascRepositoryInput {
  readonly name: string;
  readonly url: string;
  /** @default - a public repository, no credential */
  readonly credentialsId?: string;
  readonly kind: JobsConfig["repositories"][number]["kind"];
  readonly branch: string;
  /** @default - `Jenkinsfile` (multibranch) or `jobs/**\/*.groovy` (jobDsl) */
  readonly scriptPath?: string;
  readonly scanIntervalMinutes: JcascNumber;
}

/** Everything jcascDocument() reads. */
export interface JcascInput {
  readonly controller: { readonly numExecutors: JcascNumber };
  readonly agents: JcascAgentsInput;
  /**
   * How agent images are served (the stack's `agentImages`).
   * @default - templates use their `image` or the default image as written
   */
  readonly agentImages?: { readonly source: string };
  /**
   * Sign-in and authorization.
   * @default - the local realm with the admin user
   */
  readonly auth?: AuthConfig;
  /**
   * Build credentials.
   * @default - no credentials provider
   */
  readonly credentials?: JcascCredentialsInput;
  /**
   * Jobs.
   * @default - the example jobs only
   */
  readonly jobs?: { readonly examples?: boolean; readonly repositories: readonly JcascRepositoryInput[] };
}
